"""Scoring: the risk model's engine (`impacts`), the common questionnaire loader, plan items.

Pure functions over plain data; the method is documented in docs/scoring.md.
"""
