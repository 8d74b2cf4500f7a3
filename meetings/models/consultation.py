"""Models of the consultation area (see meetings/models/__init__.py)."""
