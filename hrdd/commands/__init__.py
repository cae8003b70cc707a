"""One module per command (or command group) that needs more than the CLI's few lines."""
