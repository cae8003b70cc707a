"""The mitigation report: render context, Jinja environment, heat map and the two formats."""
