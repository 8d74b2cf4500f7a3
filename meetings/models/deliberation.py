"""Models of the deliberation area (see meetings/models/__init__.py)."""
