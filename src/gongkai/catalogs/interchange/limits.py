"""Import limits, configurable in settings (all optional):

- CATALOG_IMPORT_MAX_BYTES: largest accepted upload (default 10 MB);
- CATALOG_IMPORT_MAX_ROWS: most data rows in one file (default 5,000);
- CATALOG_IMPORT_MAX_UNCOMPRESSED: largest total uncompressed size of an XLSX (default 100 MB),
  a guard against zip bombs.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings

MB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    max_bytes: int = 10 * MB
    max_rows: int = 5000
    max_uncompressed: int = 100 * MB


def current_limits() -> Limits:
    default = Limits()
    return Limits(
        max_bytes=getattr(settings, "CATALOG_IMPORT_MAX_BYTES", default.max_bytes),
        max_rows=getattr(settings, "CATALOG_IMPORT_MAX_ROWS", default.max_rows),
        max_uncompressed=getattr(settings, "CATALOG_IMPORT_MAX_UNCOMPRESSED", default.max_uncompressed),
    )
