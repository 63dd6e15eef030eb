"""Reads of participation. Public selectors return only what was approved for the public; staff selectors are
scoped by the permission module."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet

from gongkai.accounts import permissions

from . import models
from .actions import VIEW


# --- public -----------------------------------------------------------------------------------------


def catalogs_public(bureau=None, year: int | None = None) -> QuerySet:
    qs = models.DecisionCatalog.objects.filter(published_at__isnull=False).select_related("bureau").order_by("bureau__code", "-year")
    if bureau is not None:
        qs = qs.filter(bureau=bureau)
    if year is not None:
        qs = qs.filter(year=year)
    return qs


def consultations_public(bureau=None) -> QuerySet:
    qs = (
        models.Consultation.objects.filter(published_at__isnull=False)
        .select_related("bureau", "draft", "explanation", "adoption_summary")
        .order_by("-opens", "-pk")
    )
    return qs.filter(bureau=bureau) if bureau is not None else qs


def consultation_public(uid) -> models.Consultation:
    return consultations_public().get(uid=uid)


def summary_public(consultation) -> models.AdoptionSummary | None:
    summary = getattr(consultation, "adoption_summary", None)
    return summary if summary is not None and summary.published_at is not None else None


def comments_public(consultation) -> QuerySet:
    return consultation.comments.filter(state=models.CommentState.PUBLISHED).order_by("created_at", "pk")


def hearings_public(bureau=None) -> QuerySet:
    qs = (
        models.Hearing.objects.filter(published_at__isnull=False)
        .select_related("bureau", "minutes")
        .annotate(registered=Count("registrations"))
        .order_by("-held_at", "-pk")
    )
    return qs.filter(bureau=bureau) if bureau is not None else qs


def hearing_public(uid) -> models.Hearing:
    return hearings_public().get(uid=uid)


def minutes_public(hearing) -> models.HearingMinutes | None:
    minutes = getattr(hearing, "minutes", None)
    return minutes if minutes is not None and minutes.published_at is not None else None


def participants_public(hearing) -> list:
    if hearing.participants_published_at is None:
        return []
    return list(hearing.registrations.filter(selected=True).order_by("pk"))


def matter_links(matter_ids) -> dict[int, dict]:
    """For the public catalog: the published consultations and hearings of each matter."""
    links: dict[int, dict] = {pk: {"consultations": [], "hearings": []} for pk in matter_ids}
    for c in consultations_public().filter(matter_id__in=matter_ids):
        links[c.matter_id]["consultations"].append(c)
    for h in models.Hearing.objects.filter(published_at__isnull=False, matter_id__in=matter_ids).order_by("held_at"):
        links[h.matter_id]["hearings"].append(h)
    return links


# --- staff ------------------------------------------------------------------------------------------


def for_staff(user, model) -> QuerySet:
    return permissions.scope(user, VIEW, model.objects.select_related("bureau"))


def pending_comments(consultation) -> QuerySet:
    return consultation.comments.filter(Q(state=models.CommentState.PENDING))


def decision_records(record_ids) -> dict[str, object]:
    """The published records among `record_ids` (str UUID/pk -> record), for links from the catalog."""
    from gongkai.records import selectors as record_selectors

    if not record_ids:
        return {}
    ids = [int(pk) for pk in record_ids]
    return {str(r.pk): r for r in record_selectors.record_list_public().filter(pk__in=ids)}
