"""Serve the demo: the background worker in a child process plus the development server."""

import subprocess
import sys
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Run the background worker and serve the demo on 127.0.0.1."

    def add_arguments(self, parser):
        parser.add_argument("--port", default="8000")

    def handle(self, *args, **options):
        manage = Path(settings.BASE_DIR) / "manage.py"
        worker = subprocess.Popen([sys.executable, str(manage), "db_worker"])
        try:
            call_command("runserver", f"127.0.0.1:{options['port']}", use_reloader=False)
        finally:
            worker.terminate()
            worker.wait(timeout=10)
