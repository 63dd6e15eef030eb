"""Serve the demo: the background worker in a child process plus the development server.

SIGTERM and SIGHUP stop both: the signal ends the server, the worker gets SIGTERM and is waited for
(killed after 10 s), so no worker is left behind.
"""

import os
import signal
import subprocess
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from gongkai.core.worker import worker_command


class Command(BaseCommand):
    help = "Run the background worker and serve the demo on 127.0.0.1."

    def add_arguments(self, parser):
        parser.add_argument("--port", default="8000")

    def handle(self, *args, **options):
        manage = Path(settings.BASE_DIR) / "manage.py"
        use_port_in_links(options["port"])
        call_command("requeue_stale_tasks", minutes=0)  # left by a demo that was killed; no worker runs yet
        for signum in (signal.SIGTERM, signal.SIGHUP):
            signal.signal(signum, _exit_on_signal)
        # The worker says only what went wrong: a line per task run would bury the accounts and the mails.
        worker = subprocess.Popen(worker_command(manage), env={"TASKS_LOG_LEVEL": "WARNING", **os.environ})
        try:
            if "console" in settings.MAILERS["default"]["BACKEND"]:
                self.stdout.write(_("Outgoing mail (e.g. the one-time codes of request tracking) is printed here."))
            call_command("runserver", f"127.0.0.1:{options['port']}", use_reloader=False)
        finally:
            _stop(worker)


def use_port_in_links(port: str) -> None:
    """Absolute links (canonical, alternate languages, feeds, sitemaps, robots.txt, mails) point at the
    served port: PUBLIC_BASE_URL and WAGTAILADMIN_BASE_URL, when not set in the environment, become
    http://127.0.0.1:<port>, in this process and in the worker it starts (`make demo` sets both itself)."""
    base = f"http://127.0.0.1:{port}"
    if "PUBLIC_BASE_URL" not in os.environ:
        os.environ["PUBLIC_BASE_URL"] = base
        settings.GONGKAI["PUBLIC_BASE_URL"] = base
    if "WAGTAILADMIN_BASE_URL" not in os.environ:
        os.environ["WAGTAILADMIN_BASE_URL"] = base
        settings.WAGTAILADMIN_BASE_URL = base


def _exit_on_signal(signum, frame):
    raise SystemExit(128 + signum)  # unwinds runserver, so the `finally` above stops the worker


def _stop(worker: subprocess.Popen) -> None:
    signal.signal(signal.SIGTERM, signal.SIG_IGN)  # a second SIGTERM must not cut the wait short
    if worker.poll() is None:
        worker.terminate()
        try:
            worker.wait(timeout=10)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait()
