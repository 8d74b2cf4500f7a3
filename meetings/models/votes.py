"""Models of the votes area (see meetings/models/__init__.py)."""
