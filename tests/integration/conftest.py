"""A real Celery worker process for integration tests.

Eager mode only emulates Celery (RELIABILITY.md), so these tests start `celery -A liaison worker` as
a subprocess on the test database, on a queue of its own, with a var/ directory of its own (uploads,
and the filesystem broker when REDIS_URL is unset). This process publishes to that same queue.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
import uuid
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest
from django.db import connection

from liaison.celery import app as celery_app

WAIT_SECONDS = 60


def _database_url_for_worker() -> str:
    """The test database (not the one DATABASE_URL names): test_<name> on PostgreSQL, the file on SQLite."""
    db = connection.settings_dict
    if db["ENGINE"] == "django.db.backends.sqlite3":
        if connection.is_in_memory_db():
            pytest.skip("The SQLite test database is in memory, so no other process can open it.")
        return f"sqlite:///{db['NAME']}"
    url = urlsplit(os.environ["DATABASE_URL"])
    return urlunsplit(url._replace(path=f"/{db['NAME']}"))


def _forget_producers() -> None:
    # Celery keeps the producer pool it built from the broker options on first publish; forget it so
    # the next publish picks the pool for the options in force now. Not closed: kombu shares pools
    # between equal connections, and the original options come back after the test.
    celery_app.amqp._producer_pool = None


@contextmanager
def _celery_conf(**changes):
    old = {key: celery_app.conf[key] for key in changes}
    celery_app.conf.update(changes)
    _forget_producers()
    try:
        yield
    finally:
        celery_app.conf.update(old)
        _forget_producers()


class Worker:
    def __init__(self, process: subprocess.Popen, log: Path):
        self.process, self.log = process, log

    def wait_for(self, condition, what: str, timeout: float = WAIT_SECONDS):
        """Poll `condition()` (a database read) until it returns something truthy."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            result = condition()
            if result:
                return result
            if self.process.poll() is not None:
                pytest.fail(f"The worker exited ({self.process.returncode}) before {what}:\n{self.output()}")
            time.sleep(0.2)
        pytest.fail(f"Waited {timeout:.0f} s for {what}. Worker output:\n{self.output()}")

    def output(self) -> str:
        return self.log.read_text(errors="replace")[-6000:]

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()  # warm shutdown
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=15)


@pytest.fixture
def celery_worker(transactional_db, settings, tmp_path):
    """A worker process consuming a fresh queue; stopped before the test database is flushed."""
    var_dir = tmp_path / "var"
    queue = f"test-{uuid.uuid4().hex[:12]}"
    changes = {"task_always_eager": False, "task_default_queue": queue}
    if not settings.REDIS_URL:
        broker = var_dir / "broker"
        for sub in ("queue", "processed"):
            (broker / sub).mkdir(parents=True)
        changes["broker_transport_options"] = {
            "data_folder_in": str(broker / "queue"),
            "data_folder_out": str(broker / "queue"),
            "processed_folder": str(broker / "processed"),
            "store_processed": False,
            # Exchange tables, which kombu otherwise writes to ./control in the working directory.
            "control_folder": str(broker / "control"),
        }
    # Uploads are stored where the worker (with LIAISON_VAR_DIR=var_dir) reads them.
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": var_dir / "media"},
        },
    }
    settings.MEDIA_ROOT = var_dir / "media"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "liaison.settings",
        "LIAISON_VAR_DIR": str(var_dir),
        "DATABASE_URL": _database_url_for_worker(),
        "CELERY_TASK_ALWAYS_EAGER": "0",
    }
    command = [
        sys.executable,
        "-m",
        "celery",
        "-A",
        "liaison",
        "worker",
        "--pool=solo",
        "--queues",
        queue,
        "--without-gossip",
        "--without-mingle",
        "--without-heartbeat",
        "--loglevel=INFO",
    ]
    log = tmp_path / "worker.log"
    with _celery_conf(**changes), log.open("wb") as out:
        process = subprocess.Popen(command, cwd=settings.BASE_DIR, env=env, stdout=out, stderr=subprocess.STDOUT)
        worker = Worker(process, log)
        try:
            yield worker
        finally:
            worker.stop()
