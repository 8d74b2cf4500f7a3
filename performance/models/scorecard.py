"""Models of the scorecard area (see performance/models/__init__.py)."""
