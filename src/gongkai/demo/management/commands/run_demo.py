"""Serve the demo: the background worker in a child process plus the development server."""

import subprocess
import sys
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _


class Command(BaseCommand):
    help = "Run the background worker and serve the demo on 127.0.0.1."

    def add_arguments(self, parser):
        parser.add_argument("--port", default="8000")

    def handle(self, *args, **options):
        manage = Path(settings.BASE_DIR) / "manage.py"
        call_command("requeue_stale_tasks", minutes=0)  # left by a demo that was killed; no worker runs yet
        worker = subprocess.Popen([sys.executable, str(manage), "db_worker"])
        if "console" in settings.MAILERS["default"]["BACKEND"]:
            self.stdout.write(_("Outgoing mail (e.g. the one-time codes of request tracking) is printed here."))
        try:
            call_command("runserver", f"127.0.0.1:{options['port']}", use_reloader=False)
        finally:
            worker.terminate()
            worker.wait(timeout=10)
