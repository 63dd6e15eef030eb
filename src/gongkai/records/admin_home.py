"""The editor's home in the admin (Wagtail's dashboard): the records that need this person.

Three panels, each shown only to who may act on it (the permission module): their drafts and records
returned to draft, the records awaiting their review (four eyes: never their own), and what is due under
the catalog items of their bureaus (records.monitoring: due dates counted in working days from the item's
time-limit rule, due soon or overdue).
"""

from __future__ import annotations

from django.db.models import Q
from django.utils import timezone
from wagtail.admin.ui.components import Component

from gongkai.accounts import permissions
from gongkai.organizations.models import Bureau, BureauKind

from . import monitoring
from .constants import RecordStatus
from .models import Record
from .review import may_approve

LIMIT = 10


def my_drafts(user) -> list[Record]:
    """Drafts the user created (in bureaus where they may still change records)."""
    qs = permissions.scope(user, "records.change_record", Record.objects.filter(status=RecordStatus.DRAFT))
    return list(qs.filter(created_by=user).select_related("bureau").order_by("-updated_at", "-pk")[:LIMIT])


def awaiting_review(user) -> list[Record]:
    """Records in review (or published records with a change waiting) that the user may approve."""
    waiting = Record.objects.filter(Q(status=RecordStatus.IN_REVIEW) | Q(pending_revision__isnull=False))
    qs = permissions.scope(user, "records.approve_record", waiting)
    candidates = qs.select_related("bureau", "catalog_item").order_by("status_changed_at", "pk")[: LIMIT * 3]
    return [r for r in candidates if may_approve(user, r)][:LIMIT]


def due_entries(user, *, today=None) -> list[tuple[Bureau, monitoring.DueEntry]]:
    """What is due soon or overdue under the catalog items of the user's bureaus, soonest first."""
    today = today or timezone.localdate()
    bureaus = permissions.scope(user, "records.view_dashboard", Bureau.objects.disclosing()).exclude(
        kind=BureauKind.REVIEW_OFFICE
    )
    bureaus = list(bureaus.order_by("sort_order", "code"))
    due = monitoring.due_by_bureau(bureaus, today=today)
    entries = [(b, e) for b in bureaus for e in due[b.pk]]
    entries.sort(key=lambda pair: pair[1].due_date)
    return entries[: LIMIT * 2]


class _Panel(Component):
    def __init__(self, request):
        self.request = request


class MyRecordsPanel(_Panel):
    name = "records_mine"
    order = 50
    template_name = "records/admin/home_mine.html"

    def get_context_data(self, parent_context):
        user = self.request.user
        can_approve = permissions.can(user, "records.approve_record")
        return {
            "drafts": my_drafts(user),
            "awaiting": awaiting_review(user) if can_approve else [],
            "can_approve": can_approve,
        }


class RecordsDuePanel(_Panel):
    name = "records_due"
    order = 80
    template_name = "records/admin/home_due.html"

    def get_context_data(self, parent_context):
        today = timezone.localdate()
        return {"entries": due_entries(self.request.user, today=today), "today": today}


def add_panels(request, panels) -> None:
    user = request.user
    if permissions.can(user, "records.change_record") or permissions.can(user, "records.approve_record"):
        panels.append(MyRecordsPanel(request))
    if permissions.can(user, "records.view_dashboard"):
        panels.append(RecordsDuePanel(request))
