"""`manage.py publish_site [--bureau CODE] [--out DIR]`: rebuild the published tree (all, or one bureau's
pages); `manage.py publish_site --today`: re-render the pages that depend on the date (once a day); `manage.py publish_site --check [--out DIR]`: compare the tree with the database (exit 1 when a
file is missing, stale or orphaned). Stable interface, documented in docs/publishing.md."""

from __future__ import annotations

import sys
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from gongkai.organizations.models import Bureau
from gongkai.publishing import dated, publisher, tree


class Progress:
    """A plain-text progress line on stderr: pages done, pages per second (redrawn in a terminal)."""

    def __init__(self, stream, label: str):
        self.stream, self.label, self.done = stream, label, 0
        self.started = self.last = time.monotonic()
        self.tty = stream.isatty()

    def __call__(self, n: int) -> None:
        self.done += n
        now = time.monotonic()
        if self.tty or now - self.last >= 2:
            self.last = now
            rate = self.done / max(now - self.started, 1e-6)
            end = "\r" if self.tty else "\n"
            self.stream.write(f"{self.label}: {self.done} pages, {rate:.0f} pages/s{end}")
            self.stream.flush()

    def finish(self) -> None:
        if self.tty and self.done:
            self.stream.write("\n")


class Command(BaseCommand):
    help = "Render every public page into the published tree (or check the tree against the database)."

    def add_arguments(self, parser):
        parser.add_argument("--bureau", metavar="CODE", help="only this bureau's pages")
        parser.add_argument("--out", metavar="DIR", help="the tree (default: PUBLISH_ROOT)")
        parser.add_argument("--check", action="store_true", help="compare only; exit status 1 on differences")
        parser.add_argument(
            "--today", action="store_true", help="only the pages that depend on the date (run once a day)"
        )

    def handle(self, *args, bureau=None, out=None, check=False, today=False, **options):
        root = Path(out) if out else tree.publish_root()
        if bureau and not Bureau.objects.disclosing().filter(code=bureau).exists():
            raise CommandError(_("No bureau with a disclosure column has the code “%(code)s”.") % {"code": bureau})
        if check:
            if bureau:
                raise CommandError(_("--check compares the whole tree; leave out --bureau."))
            self._check(root)
            return
        progress = Progress(sys.stderr, _("Publishing"))
        if today:  # what the date changes: item lists' due states, consultations' phases (as the daily task)
            summary = publisher.publish(dated.dated_specs(), root=root, progress=progress)
        else:
            summary = publisher.rebuild(root=root, bureau_code=bureau, progress=progress)
        progress.finish()
        self.stdout.write(
            _("%(written)d pages written, %(unchanged)d unchanged, %(removed)d removed in %(seconds).1f s (%(root)s)")
            % {
                "written": summary.written,
                "unchanged": summary.unchanged,
                "removed": summary.removed,
                "seconds": summary.seconds,
                "root": root,
            }
        )
        if summary.failed:
            raise CommandError(_("%(n)d pages could not be rendered (see the log).") % {"n": summary.failed})

    def _check(self, root: Path) -> None:
        progress = Progress(sys.stderr, _("Checking"))
        report = publisher.check(root=root, progress=progress)
        progress.finish()
        if report.ok:
            # "OK" and the labels below are a stable interface (scripts read them): not translated
            message = _("%(n)d pages in %(root)s match the database.") % {"n": report.pages, "root": root}
            self.stdout.write(f"OK: {message}")
            return
        for label, files in (("missing", report.missing), ("stale", report.stale), ("orphaned", report.orphaned)):
            for name in files:
                self.stdout.write(f"{label}: {name}")
        self.stdout.write(
            _("%(missing)d missing, %(stale)d stale, %(orphaned)d orphaned")
            % {"missing": len(report.missing), "stale": len(report.stale), "orphaned": len(report.orphaned)}
        )
        sys.exit(1)
