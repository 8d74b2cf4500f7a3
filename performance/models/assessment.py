"""Models of the assessment area (see performance/models/__init__.py)."""
