"""Dashboards and performance: deputies' scorecards (point rules, quotas) and station assessments.
One module per area; importing them here registers the models."""

from performance.models import assessment, scorecard  # noqa: F401  (registers the models)
