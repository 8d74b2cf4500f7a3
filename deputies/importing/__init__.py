"""Importing streets, stations, contact points and deputies from XLSX or CSV spreadsheets.

reader    the file's bytes → (row number as Excel shows it, {header: cell}) pairs
columns   the template columns of each kind, in Chinese, with their example row
values    one cell → a clean value, or a CellError with a translatable message
validate  every row checked against the database and the rest of the file → a plan, or errors
apply     a plan → calls to stations.services and deputies.services
runner    what the Celery tasks run: status changes, progress in the cache
services  creating and confirming an ImportJob (enqueue after commit)
"""
