"""The yearly catalog of major administrative decisions (重大行政决策事项目录, 条例 Art. 3 para. 3): published
once the same-level Party committee has agreed, adjusted during the year. The public sees the snapshot of
the last approval (`DecisionCatalog.published_data`), so an adjustment is public only once approved again."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from gongkai.accounts import permissions
from gongkai.core import audit

from .. import models
from ..actions import CHANGE
from . import publication

MATTER_FIELDS = (
    "title",
    "department",
    "summary",
    "planned_on",
    "hearing_planned",
    *(name for name, _label in models.PROCEDURES),
)


@transaction.atomic
def catalog_create(*, bureau, year: int, acting_user, party_agreed_on: dt.date | None = None, request=None):
    permissions.require(acting_user, CHANGE, models.DecisionCatalog(bureau=bureau))
    if not 2000 <= int(year) <= 2100:
        raise ValidationError(_("Give a year between 2000 and 2100."), code="invalid_year")
    if models.DecisionCatalog.objects.filter(bureau=bureau, year=year).exists():
        raise ValidationError(
            _("This bureau already has a catalog for %(year)s."), code="duplicate", params={"year": year}
        )
    catalog = models.DecisionCatalog.objects.create(
        bureau=bureau, year=year, party_agreed_on=party_agreed_on, created_by=acting_user, last_edited_by=acting_user
    )
    audit.record(
        "participation.catalog.created", user=acting_user, instance=catalog, request=request, data={"year": year}
    )
    return catalog


@transaction.atomic
def matter_save(*, catalog, fields: dict, acting_user, matter=None, request=None):
    """Add a matter to `catalog` (or change `matter`); a published catalog goes back to draft (its snapshot stays
    public until approved again)."""
    catalog = models.DecisionCatalog.objects.select_for_update().get(pk=catalog.pk)
    permissions.require(acting_user, CHANGE, catalog)
    fields = publication.clean_fields(fields, MATTER_FIELDS)
    if matter is None:
        matter = models.DecisionMatter(catalog=catalog, position=catalog.matters.count())
    elif matter.catalog_id != catalog.pk:
        raise ValidationError(_("This matter belongs to another catalog."), code="other_catalog")
    before = {k: getattr(matter, k) for k in fields}
    for name, value in fields.items():
        setattr(matter, name, value)
    matter.full_clean(exclude=["catalog", "decision_record"])
    matter.save()
    publication.touch(catalog, acting_user)
    catalog.save()
    audit.record(
        "participation.matter.saved",
        user=acting_user,
        instance=matter,
        request=request,
        data={"changes": {k: [str(before[k]), str(fields[k])] for k in fields if before[k] != fields[k]}},
    )
    return matter


@transaction.atomic
def catalog_set_party_agreement(*, catalog, agreed_on: dt.date, acting_user, request=None):
    catalog = models.DecisionCatalog.objects.select_for_update().get(pk=catalog.pk)
    permissions.require(acting_user, CHANGE, catalog)
    publication.touch(catalog, acting_user)
    catalog.party_agreed_on = agreed_on
    catalog.save()
    audit.record(
        "participation.catalog.changed",
        user=acting_user,
        instance=catalog,
        request=request,
        data={"party_agreed_on": str(agreed_on)},
    )
    return catalog


@transaction.atomic
def matter_link_record(*, matter, record, acting_user, request=None):
    """The final decision of `matter` is the published record `record` (of the same bureau)."""
    catalog = models.DecisionCatalog.objects.select_for_update().get(pk=matter.catalog_id)
    permissions.require(acting_user, CHANGE, catalog)
    if record is not None and record.bureau_id != catalog.bureau_id:
        raise ValidationError(_("Link a record of this bureau."), code="other_bureau")
    matter.decision_record = record
    matter.save(update_fields=["decision_record", "updated_at"])
    publication.touch(catalog, acting_user)
    catalog.save()
    audit.record(
        "participation.matter.linked",
        user=acting_user,
        instance=matter,
        request=request,
        data={"record": str(record.pk) if record else None},
    )
    return matter


def _catalog_ready(catalog) -> None:
    if catalog.party_agreed_on is None:
        raise ValidationError(
            _("The catalog is published after the Party committee of the same level agreed: enter the date."),
            code="party_agreement_required",
        )
    if not catalog.matters.exists():
        raise ValidationError(_("The catalog has no matters."), code="empty")


def matter_snapshot(matter) -> dict:
    row = {name: getattr(matter, name) for name in MATTER_FIELDS}
    row["planned_on"] = matter.planned_on.isoformat() if matter.planned_on else None
    row["id"] = matter.pk
    row["decision_record"] = str(matter.decision_record_id) if matter.decision_record_id else None
    return row


def _snapshot(catalog) -> None:
    catalog.published_data = [matter_snapshot(m) for m in catalog.matters.all()]
    catalog.last_approved_at = catalog.approved_at


publication.READY_CHECKS[models.DecisionCatalog] = _catalog_ready
publication.ON_APPROVE[models.DecisionCatalog] = _snapshot
