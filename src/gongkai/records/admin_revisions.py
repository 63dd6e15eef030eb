"""Comparing a record's revisions in the admin: which fields are compared, with which labels, and
how (the body as text, line by line). revision_diff also lists a published record's pending
change on its detail screen (admin_views).
"""

from __future__ import annotations

import difflib

from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.models import Revision

from .admin_base import render_screen, visible_record
from .models import Record
from .screening import body_text

COMPARED_FIELDS = [
    ("title", gettext_lazy("Title")),
    ("summary", gettext_lazy("Summary")),
    ("body", gettext_lazy("Body")),
    ("keywords", gettext_lazy("Keywords")),
    ("document_number", gettext_lazy("Document number")),
    ("issuing_body", gettext_lazy("Issuing body")),
    ("date_written", gettext_lazy("Date written")),
    ("event_date", gettext_lazy("Event date")),
    ("subject", gettext_lazy("Subject")),
    ("genre", gettext_lazy("Genre")),
    ("validity", gettext_lazy("Validity")),
    ("art20_item", gettext_lazy("Category (Art. 20)")),
    ("catalog_item", gettext_lazy("Catalog item")),
    ("status", gettext_lazy("Status")),
    ("withdrawal_reason", gettext_lazy("Withdrawal reason")),
]


def revision_diff(old: dict, new: dict) -> list[dict]:
    """Field-by-field changes between two revision contents (body compared as text, line by line)."""
    rows = []
    for name, label in COMPARED_FIELDS:
        a, b = old.get(name), new.get(name)
        if a == b:
            continue
        row = {"field": name, "label": label, "old": a, "new": b, "lines": None}
        if name == "body":
            a_text = body_text(a or "").splitlines()
            b_text = body_text(b or "").splitlines()
            row["lines"] = list(difflib.unified_diff(a_text, b_text, lineterm="", n=1))[2:]
        rows.append(row)
    return rows


def compare(request, pk, old_id, new_id):
    record = visible_record(request, pk)
    old = get_object_or_404(
        Revision, pk=old_id, object_id=str(record.pk), base_content_type=Record.get_base_content_type()
    )
    new = get_object_or_404(
        Revision, pk=new_id, object_id=str(record.pk), base_content_type=Record.get_base_content_type()
    )
    return render_screen(
        request,
        "records/admin/compare.html",
        _("Compare revisions"),
        {"record": record, "old": old, "new": new, "changes": revision_diff(old.content, new.content)},
        crumbs=((reverse("records_admin:detail", args=[record.pk]), record.title),),
    )
