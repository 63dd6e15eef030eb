"""Personal-data screen (个人信息筛查) of everything participation publishes: every published text field
and the text of every published document (draft, explanation). `HasPersonalData` blocks submission and
approval and lists each place, masked (safe to show to staff). Comments are the public's own words: the
public pages show them through `pii.mask` (`public_comment_text`), and a comment with personal data waits
for moderation."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from gongkai.screening import pii
from gongkai.screening.extract import ExtractionError, extract

from . import models


class HasPersonalData(ValidationError):
    def __init__(self, hits: list[tuple[str, str]]):
        self.hits = hits
        places = "; ".join(f"{place}: {masked}" for place, masked in hits[:10])
        super().__init__(
            _("Personal data was found (%(places)s). Remove it before publishing."),
            code="pii_found",
            params={"places": places},
        )


def _scan(place: str, text: str) -> list[tuple[str, str]]:
    return [(place, hit.masked) for hit in pii.scan(text or "")]


def document_text(document) -> str:
    """The text of a published document. A file that cannot be read is refused: it would reach the public
    unscreened."""
    with document.file.open("rb") as handle:
        data = handle.read()
    try:
        return extract(data, document.file.name).text
    except ExtractionError as exc:
        raise ValidationError(
            _("The document “%(title)s” cannot be screened: %(reason)s"),
            code="document_unreadable",
            params={"title": document.title, "reason": exc.message},
        ) from exc


def _documents(*documents) -> list[tuple[str, str]]:
    hits = []
    for document in documents:
        if document is not None:
            hits += _scan(document.title, f"{document.title}\n{document.file.name}")
            hits += _scan(document.title, document_text(document))
    return hits


def screen(obj) -> list[tuple[str, str]]:
    """(place, masked) of each piece of personal data in what `obj` would publish."""
    if isinstance(obj, models.DecisionCatalog):
        hits = []
        for matter in obj.matters.all():
            for name in ("title", "department", "summary"):
                hits += _scan(f"{matter.title} {name}", getattr(matter, name))
        return hits
    if isinstance(obj, models.Consultation):
        hits = []
        for name in ("title", "summary", "channels", "urgent_reason"):
            hits += _scan(name, getattr(obj, name))
        return hits + _documents(obj.draft, obj.explanation)
    if isinstance(obj, models.AdoptionSummary):
        hits = _scan("body", obj.body)
        for theme in obj.themes:
            hits += _scan(theme.get("theme", ""), f"{theme.get('theme', '')}\n{theme.get('reasons', '')}")
        return hits
    if isinstance(obj, models.Hearing):
        hits = []
        for name in ("title", "subject", "place", "selection_method"):
            hits += _scan(name, getattr(obj, name))
        return hits
    if isinstance(obj, models.HearingMinutes):
        return _scan("body", obj.body)
    raise TypeError(f"nothing to screen for {type(obj).__name__}")


def require_clean(obj) -> None:
    hits = screen(obj)
    if hits:
        raise HasPersonalData(hits)


def participants_hits(registrations) -> list[tuple[str, str]]:
    """The participant list shows names and organisations: no numbers may slip in with them."""
    hits = []
    for registration in registrations:
        hits += [(registration.name, masked) for _place, masked in _scan("", f"{registration.name} {registration.organisation}")]
    return hits


def public_comment_text(body: str) -> str:
    return pii.mask(body or "")
