"""Hearings, forums and attendance (听证会、座谈会、列席; 条例 Art. 16–17).

Announced (four eyes) with the draft's subject, time, place and the selection method; the public registers
until `registration_closes`; staff select participants so that all sides are represented and publish the
participant list before the hearing (reviewer or leader, not the person who selected: four eyes, with the
confidentiality check); the materials are delivered at least 7 days before (`MATERIALS_DAYS_BEFORE`,
checked); after the hearing the record signed by the participants is uploaded (staff only) and the
minutes or summary are published (four eyes).
"""

from __future__ import annotations

import datetime as dt
import uuid

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.accounts import permissions
from gongkai.core import audit
from gongkai.core.confidentiality import clean_confidentiality
from gongkai.core.ratelimit import HourlyCounter

from .. import models, screening
from ..actions import APPROVE, CHANGE
from . import publication
from .comments import clean_text

MATERIALS_DAYS_BEFORE = 7
REGISTRATIONS_PER_ADDRESS_PER_HOUR = 10  # registration floods from one client address

_registrations_by_ip = HourlyCounter("participation:registrations")


def _same_contact(value: str) -> str:
    return "".join(value.split()).replace("-", "").casefold()


FIELDS = ("kind", "title", "subject", "place", "held_at", "selection_method", "registration_closes", "seats", "matter")


def materials_deadline(hearing) -> dt.date:
    """The last day the materials may be delivered: 7 days before the hearing's day."""
    return timezone.localtime(hearing.held_at).date() - dt.timedelta(days=MATERIALS_DAYS_BEFORE)


def _clean(hearing) -> None:
    hearing.full_clean(exclude=["bureau", "matter", "signed_record"])
    if hearing.registration_closes >= timezone.localtime(hearing.held_at).date():
        raise ValidationError(
            {
                "registration_closes": ValidationError(
                    _("Registration closes before the day of the hearing."), code="order"
                )
            }
        )


@transaction.atomic
def hearing_save(*, bureau=None, fields: dict, acting_user, hearing=None, request=None):
    hearing, verb = publication.edit(
        models.Hearing, bureau=bureau, current=hearing, fields=fields, allowed=FIELDS, acting_user=acting_user
    )
    _clean(hearing)
    hearing.save()
    audit.record(f"participation.hearing.{verb}", user=acting_user, instance=hearing, request=request)
    return hearing


def registration_open(hearing, today: dt.date | None = None) -> bool:
    today = today or timezone.localdate()
    return hearing.published_at is not None and today <= hearing.registration_closes and not hearing.held


def register(
    *,
    hearing,
    name: str,
    contact: str,
    organisation: str = "",
    statement: str = "",
    client_token=None,
    today=None,
    ip: str = "",
):
    """A member of the public registers to take part; returns (registration, created). `today`: the day of the
    registration (default: today; an earlier day for registrations entered afterwards, e.g. the demo).
    Floods are refused: a contact already registered for this hearing (`duplicate`), more than
    `REGISTRATIONS_PER_ADDRESS_PER_HOUR` registrations from one client address `ip` (`rate_limited`)."""
    try:
        token = uuid.UUID(str(client_token))
    except (TypeError, ValueError):
        token = uuid.uuid4()
    existing = models.Registration.objects.filter(client_token=token).first()
    if existing is not None:
        return existing, False
    if not registration_open(hearing, today):
        raise ValidationError(_("Registration for this hearing is closed."), code="closed")
    name, contact = clean_text(name)[:100], clean_text(contact)[:200]
    errors = {}
    if not name:
        errors["name"] = [ValidationError(_("Give your name."), code="required")]
    if not contact:
        errors["contact"] = [ValidationError(_("Give a phone number or an email address."), code="required")]
    if errors:
        raise ValidationError(errors)
    wanted = _same_contact(contact)
    if any(_same_contact(c) == wanted for c in hearing.registrations.values_list("contact", flat=True)):
        raise ValidationError(
            {"contact": ValidationError(_("This contact is already registered for this meeting."), code="duplicate")}
        )
    if ip and not _registrations_by_ip.acquire(ip, REGISTRATIONS_PER_ADDRESS_PER_HOUR):
        raise ValidationError(
            _("Too many registrations were sent from your network in the last hour; please try again later."),
            code="rate_limited",
        )
    try:
        with transaction.atomic():
            registration = models.Registration.objects.create(
                hearing=hearing,
                client_token=token,
                name=name,
                contact=contact,
                organisation=clean_text(organisation)[:200],
                statement=clean_text(statement)[:5000],
            )
            audit.record("participation.registration.received", instance=registration, data={"hearing": hearing.pk})
    except IntegrityError:
        return models.Registration.objects.get(client_token=token), False
    return registration, True


@transaction.atomic
def select(*, hearing, selected_ids, acting_user, request=None):
    """Mark the registrations in `selected_ids` selected and the others not; before the list is published."""
    hearing = models.Hearing.objects.select_for_update().get(pk=hearing.pk)
    permissions.require(acting_user, CHANGE, hearing)
    if hearing.participants_published_at is not None:
        raise ValidationError(_("The participant list is already published."), code="published")
    selected_ids = {int(i) for i in selected_ids}
    registrations = list(hearing.registrations.all())
    if len([r for r in registrations if r.pk in selected_ids]) > hearing.seats:
        raise ValidationError(
            _("More participants selected than there are seats (%(n)s)."), code="seats", params={"n": hearing.seats}
        )
    for registration in registrations:
        registration.selected = registration.pk in selected_ids
        registration.save(update_fields=["selected"])
    hearing.selected_by = acting_user
    hearing.save(update_fields=["selected_by", "updated_at"])
    audit.record(
        "participation.hearing.selected",
        user=acting_user,
        instance=hearing,
        request=request,
        data={"selected": sorted(selected_ids)},
    )
    return hearing


@transaction.atomic
def publish_participants(*, hearing, acting_user, confidentiality_result: str, notes: str = "", request=None, now=None):
    """Publish the participant list in advance (four eyes: not the person who selected). `now`: when (default:
    now; an earlier time for a hearing entered afterwards, e.g. the demo)."""
    now = now or timezone.now()
    hearing = models.Hearing.objects.select_for_update().get(pk=hearing.pk)
    if hearing.published_at is None:
        raise ValidationError(_("Publish the announcement first."), code="not_announced")
    if hearing.selected_by_id is None:
        raise ValidationError(_("Select the participants first."), code="not_selected")
    permissions.require_four_eyes(acting_user, hearing, authors=[hearing.selected_by_id])
    permissions.require(acting_user, APPROVE, hearing)
    result, notes = clean_confidentiality(confidentiality_result, notes)
    if now >= hearing.held_at:
        raise ValidationError(_("The participant list is published before the hearing."), code="too_late")
    hits = screening.participants_hits(hearing.registrations.filter(selected=True))
    if hits:
        raise screening.HasPersonalData(hits)
    hearing.participants_published_at, hearing.participants_published_by = now, acting_user
    hearing.save(update_fields=["participants_published_at", "participants_published_by", "updated_at"])
    audit.record(
        "participation.hearing.participants_published",
        user=acting_user,
        instance=hearing,
        request=request,
        data={"confidentiality_result": result, "notes": notes},
    )
    return hearing


@transaction.atomic
def record_materials(*, hearing, delivered_on: dt.date, acting_user, request=None):
    """The materials were delivered to the participants on `delivered_on`: at least 7 days before."""
    hearing = models.Hearing.objects.select_for_update().get(pk=hearing.pk)
    permissions.require(acting_user, CHANGE, hearing)
    latest = materials_deadline(hearing)
    if delivered_on > latest:
        raise ValidationError(
            {
                "materials_delivered_on": ValidationError(
                    _("Materials are delivered at least %(n)s days before the hearing: on %(date)s at the latest."),
                    code="too_late",
                    params={"n": MATERIALS_DAYS_BEFORE, "date": latest.isoformat()},
                )
            }
        )
    hearing.materials_delivered_on = delivered_on
    hearing.save(update_fields=["materials_delivered_on", "updated_at"])
    audit.record(
        "participation.hearing.materials_delivered",
        user=acting_user,
        instance=hearing,
        request=request,
        data={"on": str(delivered_on)},
    )
    return hearing


@transaction.atomic
def record_held(*, hearing, signed_record, acting_user, request=None):
    """The hearing took place; `signed_record` (a document) is the record signed by the participants."""
    hearing = models.Hearing.objects.select_for_update().get(pk=hearing.pk)
    permissions.require(acting_user, CHANGE, hearing)
    if hearing.participants_published_at is None:
        raise ValidationError(_("The participant list was not published in advance."), code="no_participants")
    if hearing.materials_delivered_on is None:
        raise ValidationError(_("Record when the materials were delivered."), code="no_materials")
    if timezone.now() < hearing.held_at:
        raise ValidationError(_("The hearing has not taken place yet."), code="not_yet")
    if signed_record is None:
        raise ValidationError(
            {"signed_record": ValidationError(_("Upload the record signed by the participants."), code="required")}
        )
    hearing.held, hearing.signed_record = True, signed_record
    hearing.save(update_fields=["held", "signed_record", "updated_at"])
    audit.record("participation.hearing.held", user=acting_user, instance=hearing, request=request)
    return hearing


@transaction.atomic
def minutes_save(*, hearing, body: str, acting_user, request=None):
    hearing = models.Hearing.objects.select_for_update().get(pk=hearing.pk)
    permissions.require(acting_user, CHANGE, hearing)
    if not hearing.held:
        raise ValidationError(_("Minutes are written after the hearing was held."), code="not_held")
    minutes = models.HearingMinutes.objects.filter(hearing=hearing).first() or models.HearingMinutes(
        hearing=hearing, created_by=acting_user
    )
    publication.touch(minutes, acting_user)
    minutes.body = (body or "").strip()
    if not minutes.body:
        raise ValidationError({"body": ValidationError(_("Write the minutes or summary."), code="required")})
    minutes.save()
    audit.record("participation.minutes.saved", user=acting_user, instance=minutes, request=request)
    return minutes


def _minutes_ready(minutes) -> None:
    if not minutes.hearing.held or minutes.hearing.signed_record_id is None:
        raise ValidationError(_("Upload the signed record first."), code="no_record")


publication.READY_CHECKS[models.HearingMinutes] = _minutes_ready
