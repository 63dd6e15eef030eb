"""The import report: every problem found, with sheet, row number and column.

Messages are produced with gettext (English msgids) in the language active while the file is
parsed; the admin upload activates the uploader's language in the background task.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from ..types import CatalogItemData
from ..validation import ItemError

ERROR = "error"
WARNING = "warning"


@dataclass
class Issue:
    code: str
    message: str
    severity: str = ERROR
    sheet: str = ""
    row: int | None = None  # 1-based row (XLSX row, CSV line, JSON item number)
    column: str = ""  # column letter(s) for XLSX ("E", "I–J"), field name for CSV/JSON
    label: str = ""  # the column's header label, e.g. 公开依据

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR

    def location(self) -> str:
        parts = []
        if self.sheet:
            parts.append(_("sheet “%(sheet)s”") % {"sheet": self.sheet})
        if self.row is not None:
            parts.append(_("row %(row)s") % {"row": self.row})
        if self.column or self.label:
            column = self.column
            if self.label and self.label != self.column:
                column = f"{self.column} {self.label}".strip() if self.column else self.label
            parts.append(_("column %(column)s") % {"column": column})
        return ", ".join(parts) if parts else _("file")

    def __str__(self) -> str:
        return f"{self.location()}: {self.message}"

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Issue:
        known = set(cls.__dataclass_fields__)
        return cls(**{k: v for k, v in data.items() if k in known})


@dataclass
class Origin:
    """Where a parsed item came from, to place validation errors on the right cell."""

    sheet: str = ""
    row: int | None = None
    columns: dict[str, tuple[str, str]] = field(default_factory=dict)  # item field -> (column, label)


@dataclass
class ParseResult:
    items: list[CatalogItemData] = field(default_factory=list)
    origins: list[Origin] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)
    format: str = ""
    meta: dict[str, Any] = field(default_factory=dict)

    @property
    def errors(self) -> list[Issue]:
        return [i for i in self.issues if i.is_error]

    @property
    def warnings(self) -> list[Issue]:
        return [i for i in self.issues if not i.is_error]

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def domains(self) -> list[str]:
        seen: list[str] = []
        for item in self.items:
            if item.domain not in seen:
                seen.append(item.domain)
        return seen

    def add(
        self,
        code: str,
        message: str,
        *,
        severity: str = ERROR,
        origin: Origin | None = None,
        field_name: str = "",
        **where,
    ) -> Issue:
        if origin is not None:
            where.setdefault("sheet", origin.sheet)
            where.setdefault("row", origin.row)
            if field_name and field_name in origin.columns:
                column, label = origin.columns[field_name]
                where.setdefault("column", column)
                where.setdefault("label", label)
        issue = Issue(code=code, message=str(message), severity=severity, **where)
        self.issues.append(issue)
        return issue

    def add_item_errors(self, errors: list[ItemError]) -> None:
        """Place validation errors (from validation.validate_items) on their sheet, row and column."""
        for error in errors:
            origin = self.origins[error.index] if error.index < len(self.origins) else Origin()
            column, label = origin.columns.get(error.field, ("", ""))
            if not column and not label and origin.row is not None and not origin.sheet:
                column = error.field  # CSV / JSON: the field name is the column
            self.issues.append(
                Issue(
                    code=error.code,
                    message=error.message,
                    sheet=origin.sheet,
                    row=origin.row,
                    column=column,
                    label=label,
                )
            )

    def sorted_issues(self) -> list[Issue]:
        return sorted(
            self.issues, key=lambda i: (0 if i.row is None and not i.sheet else 1, i.sheet, i.row or 0, i.column)
        )
