"""Answers files: the model, loading and saving, and the checks against a questionnaire."""
