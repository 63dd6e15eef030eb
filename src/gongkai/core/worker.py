"""How the background worker is started: the one command line of `manage.py db_worker` (run_demo, make worker).

The worker polls the database queue; between two polls of an empty queue it sleeps
GONGKAI["WORKER_POLL_SECONDS"] (default 1 s: a published page is rendered within 5 s of the
publication, issue 13). The code reloader is always off: in development django_tasks_db turns it on
with DEBUG, and Django's stat reloader, which re-reads every module's modification time each second,
cost the idle demo worker ~12 % of a core, while one poll of the queue costs a few milliseconds.
"""

from __future__ import annotations

import sys
from pathlib import Path

from django.conf import settings


def poll_seconds() -> float:
    return float(settings.GONGKAI.get("WORKER_POLL_SECONDS") or 1)


def worker_command(manage_py: str | Path) -> list[str]:
    """The argv that starts the worker (the same Python interpreter as the caller)."""
    return [sys.executable, str(manage_py), "db_worker", "--no-reload", "--interval", f"{poll_seconds():g}"]
