"""Importing streets, stations, contact points and deputies from XLSX or CSV spreadsheets.

    reader          the file's bytes → (row number as Excel shows it, {header: cell}) pairs
    columns         the template columns of each kind, in Chinese, with their example row
    template_files  the downloadable XLSX/CSV templates built from `columns`
    values          one cell → a clean value, or a CellError with a translated message
    validate        the shared Checker; validate_nodes / validate_deputies check each kind's rows
                    against the database and the rest of the file → a Plan, or errors
    apply           a Plan → calls to stations.services and deputies.services
    runner          what the Celery tasks (deputies.tasks) run: status changes, progress in the cache
    services        creating and confirming an ImportJob (tasks enqueued after commit)
    selectors       which jobs a user may see
"""
