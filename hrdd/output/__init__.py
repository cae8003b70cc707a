"""Output: the writer (stdout or an atomic file) and one registry of formats per command."""
