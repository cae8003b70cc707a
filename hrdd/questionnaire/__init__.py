"""The questionnaire format: the model, loading with positions, conditions, checks, the index."""
