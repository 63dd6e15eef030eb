"""`manage.py import_records --bureau CODE FILE.(csv|xlsx|json) [--dry-run] [--user USERNAME]`.

Imports a bureau's past publications (records published before the platform, e.g. its old site) as
published records with their original dates, through `records.services.history.import_past_publications`:
every row validated and screened, all or nothing. The file has one row per record: the record's fields
by their names (`title`, `catalog_item` — the item's key —, `published_at`, `summary`, `body`,
`keywords`, `document_number`, `issuing_body`, `date_written`, `event_date`, `subject`, `genre`,
`art20_item`, `is_policy`, `requires_interpretation`, `interpretation_form`, `validity`), and optionally
`ref` (a name for the row), `interprets` and `replaced_by` (another row's `ref`) and `external_id` (the old
site's id: rows imported before are skipped). CSV and XLSX: a header row with these names (XLSX: the
first sheet); JSON: a list of objects. Empty cells are left out.

Without `--user` the command acts as `CommandActor("import_records")`, audited as
`system:command:import_records`; with it, as that person (who must be the bureau's leader in charge).
`--dry-run` checks every row and writes nothing. Problems are printed one per line on stderr
(`row N [ref]: code: message`) and the command exits with status 1.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError

from gongkai.organizations.models import Bureau
from gongkai.records.actors import CommandActor
from gongkai.records.services.history import HistoryInvalid, import_past_publications

ACTOR = CommandActor("import_records", allowed=("records.import_history",))
MAX_ROWS = 100_000


def _clean(row: dict) -> dict:
    out = {}
    for key, value in row.items():
        key = str(key or "").strip()
        if isinstance(value, str):
            value = value.strip()
        if key and value not in (None, ""):
            out[key] = value
    return out


def read_rows(path: Path) -> list[dict]:
    """The rows of a CSV (UTF-8, with or without BOM), XLSX (first sheet) or JSON (a list of objects) file."""
    suffix = path.suffix.lower()
    if suffix == ".json":
        data = json.loads(path.read_text(encoding="utf-8"))
        if isinstance(data, dict):
            data = data.get("rows")
        if not isinstance(data, list) or not all(isinstance(r, dict) for r in data):
            raise CommandError("A JSON file holds a list of objects, one per record.")
        rows = data
    elif suffix == ".csv":
        rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
    elif suffix == ".xlsx":
        from openpyxl import load_workbook

        sheet = load_workbook(path, read_only=True, data_only=True).worksheets[0]
        values = sheet.iter_rows(values_only=True)
        header = [str(h or "").strip() for h in next(values, ())]
        rows = [dict(zip(header, row, strict=False)) for row in values if any(v not in (None, "") for v in row)]
    else:
        raise CommandError("Give a .csv, .xlsx or .json file.")
    if len(rows) > MAX_ROWS:
        raise CommandError(f"At most {MAX_ROWS} rows per file; split it.")
    return [_clean(row) for row in rows]


class Command(BaseCommand):
    help = "Import a bureau's past publications (CSV, XLSX or JSON) as published records; all or nothing."

    def add_arguments(self, parser):
        parser.add_argument("file", help="The rows: .csv, .xlsx or .json.")
        parser.add_argument("--bureau", required=True, help="Bureau code, e.g. xiuwu.")
        parser.add_argument("--dry-run", action="store_true", help="Check every row; write nothing.")
        parser.add_argument("--user", default="", help="Act as this user (the bureau's leader in charge).")

    def handle(self, *args, **options):
        bureau = Bureau.objects.filter(code=options["bureau"], is_active=True).first()
        if bureau is None:
            raise CommandError(f"No active bureau has the code {options['bureau']!r}.")
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        actor = ACTOR
        if options["user"]:
            from gongkai.accounts.models import User

            actor = User.objects.filter(username=options["user"], is_active=True).first()
            if actor is None:
                raise CommandError(f"No active user {options['user']!r}.")
        try:
            rows = read_rows(path)
        except (ValueError, UnicodeDecodeError, OSError) as exc:
            raise CommandError(f"The file could not be read: {exc}") from exc
        try:
            result = import_past_publications(acting_user=actor, bureau=bureau, rows=rows, dry_run=options["dry_run"])
        except PermissionDenied as exc:
            raise CommandError(f"{actor} may not import records into {bureau.code}.") from exc
        except HistoryInvalid as exc:
            for error in exc.errors:
                ref = f" [{error['ref']}]" if error["ref"] else ""
                self.stderr.write(f"row {error['row']}{ref}: {error['code']}: {error['message']}")
            raise CommandError(f"{len(exc.errors)} problem(s); nothing was imported.") from exc
        years = ", ".join(f"{year}: {count}" for year, count in result.by_year.items())
        verb = "Checked, nothing written:" if result.dry_run else "Imported"
        self.stdout.write(
            f"{verb} {len(result.imported)} records of {bureau.code}"
            + (f" ({years})" if years else "")
            + (f"; {result.skipped} imported before, skipped" if result.skipped else "")
            + "."
        )
