"""Models of the reports area (see meetings/models/__init__.py)."""
