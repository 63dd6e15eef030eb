"""Render the public participation pages to HTML strings, without a request (see gongkai.portal.rendering):
a bureau's participation page, its decision catalog of a year, a consultation, its adoption summary, a
hearing. The comment and registration forms are per-visitor pages (`views`)."""

from __future__ import annotations

from django.conf import settings
from django.utils import timezone

from gongkai.portal.rendering import language_alternates, render_page
from gongkai.records.rendering import record_url

from . import models, rules, selectors
from .services import comments, consultations


def _latest(*dates):
    dates = [d for d in dates if d]
    return max(dates) if dates else None


def render_index(bureau, language: str = settings.LANGUAGE_CODE) -> str:
    catalogs = list(selectors.catalogs_public(bureau))
    items = list(selectors.consultations_public(bureau))
    hearings = list(selectors.hearings_public(bureau))
    context = {
        "bureau": bureau,
        "parent": bureau.parent,
        "catalogs": catalogs,
        "consultations": [(c, consultations.phase(c)) for c in items],
        "hearings": hearings,
        "updated_at": _latest(*(x.published_at for x in [*catalogs, *items, *hearings])),
        "alternates": language_alternates("participation:index", {"code": bureau.code}),
    }
    return render_page("participation/index.html", context, language)


def render_catalog(catalog, language: str = settings.LANGUAGE_CODE) -> str:
    rows = catalog.published_data
    links = selectors.matter_links([row["id"] for row in rows])
    record_ids = [row["decision_record"] for row in rows if row.get("decision_record")]
    context = {
        "bureau": catalog.bureau,
        "parent": catalog.bureau.parent,
        "catalog": catalog,
        "rows": rows,
        "links": links,
        "records": selectors.decision_records(record_ids),
        "record_url": record_url,
        "procedures": models.PROCEDURES,
        "status_labels": dict(models.ProcedureStatus.choices),
        "updated_at": catalog.last_approved_at or catalog.published_at,
        "alternates": language_alternates("participation:catalog", {"code": catalog.bureau.code, "year": catalog.year}),
    }
    return render_page("participation/catalog.html", context, language)


def render_consultation(consultation, language: str = settings.LANGUAGE_CODE) -> str:
    context = {
        "bureau": consultation.bureau,
        "parent": consultation.bureau.parent,
        "c": consultation,
        "phase": consultations.phase(consultation),
        "rule": rules.rule_text(consultation.kind),
        "kind_label": rules.period_kind_label(consultation.kind),
        "counts": comments.counts(consultation),
        "comments": list(selectors.comments_public(consultation)),
        "masked": _masked,
        "summary": selectors.summary_public(consultation),
        "summary_due": consultations.summary_due_on(consultation),
        "updated_at": consultation.published_at,
        "today": timezone.localdate(),
        "alternates": language_alternates(
            "participation:consultation", {"code": consultation.bureau.code, "uid": consultation.uid}
        ),
    }
    return render_page("participation/consultation.html", context, language)


def _masked(text: str) -> str:
    from .screening import public_comment_text

    return public_comment_text(text)


def render_summary(summary, language: str = settings.LANGUAGE_CODE) -> str:
    consultation = summary.consultation
    context = {
        "bureau": consultation.bureau,
        "parent": consultation.bureau.parent,
        "c": consultation,
        "summary": summary,
        "updated_at": summary.published_at,
        "alternates": language_alternates("participation:summary", {"code": consultation.bureau.code, "uid": consultation.uid}),
    }
    return render_page("participation/summary.html", context, language)


def render_hearing(hearing, language: str = settings.LANGUAGE_CODE) -> str:
    from .services.hearings import registration_open

    context = {
        "bureau": hearing.bureau,
        "parent": hearing.bureau.parent,
        "h": hearing,
        "participants": selectors.participants_public(hearing),
        "minutes": selectors.minutes_public(hearing),
        "registration_open": registration_open(hearing),
        "updated_at": _latest(hearing.published_at, hearing.participants_published_at),
        "alternates": language_alternates("participation:hearing", {"code": hearing.bureau.code, "uid": hearing.uid}),
    }
    return render_page("participation/hearing.html", context, language)
