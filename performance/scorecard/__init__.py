"""Deputies' scorecards (履职档案): points from the district's rules, issues raised and solved,
activities attended, and yearly quotas, all computed from the records, never typed in.

- `counts`: what each source counts and which date puts a record in a year; one grouped query per table.
- `rules`: the rules and quotas in force for a district and year (rows, else the built-in defaults).
- `compute`: scorecards for a set of deputies and years (a constant number of queries).
- `records`: the records behind each count, for the detail page (traceability).
- `services`: district staff change rules and quotas (audited).
- `selectors`: whose scorecards a user may see.
"""
