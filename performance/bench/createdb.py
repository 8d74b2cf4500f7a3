"""`python -m performance.bench.createdb`: create the PostgreSQL database named in DATABASE_URL if it is missing
(used by `make bench`, so a fresh clone needs nothing but a running PostgreSQL)."""

import os
import sys

import dj_database_url
import psycopg2
from psycopg2 import sql


def main() -> int:
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        print("make bench needs PostgreSQL: set BENCH_DATABASE_URL (e.g. postgres://postgres@127.0.0.1:5432/liaison_bench)")
        return 2
    cfg = dj_database_url.parse(url)
    conn = psycopg2.connect(
        dbname="postgres", user=cfg["USER"] or None, password=cfg["PASSWORD"] or None,
        host=cfg["HOST"] or None, port=cfg["PORT"] or None,
    )
    conn.autocommit = True
    with conn.cursor() as cur:
        cur.execute("SELECT 1 FROM pg_database WHERE datname = %s", [cfg["NAME"]])
        if cur.fetchone() is None:
            cur.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(cfg["NAME"])))
            print(f"created database {cfg['NAME']}")
    conn.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
