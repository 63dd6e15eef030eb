"""Personal-data screen (个人信息筛查) of a service guide before it reaches the public.

Every field of a guide that a public page, the one-time notice or the handbook shows is scanned with
`gongkai.screening.pii`, and so is every material's name and condition and the file name and extracted
text of each form template. `GuideHasPersonalData` blocks submission and approval and lists each place,
masked (safe to show to staff).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from gongkai.screening import pii
from gongkai.screening.extract import ExtractionError, extract

from .models import GUIDE_TEXT_FIELDS

PUBLISHED_FIELDS = GUIDE_TEXT_FIELDS


@dataclass(frozen=True)
class GuideHit:
    place: str  # a field name, "faq", "material", "template"
    kind: str
    masked: str
    where: str = ""  # the material's or template's name, the FAQ entry number


class GuideHasPersonalData(ValidationError):
    def __init__(self, hits: list[GuideHit]):
        self.hits = hits
        places = "; ".join(f"{h.place}{' ' + h.where if h.where else ''}: {h.masked}" for h in hits[:10])
        super().__init__(
            _("Personal data was found in the guide (%(places)s). Remove it before publishing."),
            code="pii_found",
            params={"places": places},
        )


def _scan(place: str, text: str, where: str = "") -> list[GuideHit]:
    return [GuideHit(place, hit.kind, hit.masked, where) for hit in pii.scan(text or "")]


def template_text(document) -> str:
    """The text of a form template (a Wagtail document). A file that cannot be read is refused: an
    unread template would reach the public unscreened."""
    with document.file.open("rb") as handle:
        data = handle.read()
    try:
        return extract(data, document.file.name).text
    except ExtractionError as exc:
        raise ValidationError(
            _("The form template “%(title)s” cannot be screened: %(reason)s"),
            code="template_unreadable",
            params={"title": document.title, "reason": exc.message},
        ) from exc


def screen_guide(guide) -> list[GuideHit]:
    hits: list[GuideHit] = []
    for name in PUBLISHED_FIELDS:
        hits += _scan(name, getattr(guide, name))
    for number, entry in enumerate(guide.faq or [], start=1):
        hits += _scan("faq", f"{entry.get('question', '')}\n{entry.get('answer', '')}", str(number))
    for material in guide.materials.select_related("template"):
        hits += _scan("material", f"{material.name}\n{material.condition}", material.name)
        if material.template is not None:
            label = material.template.title
            hits += _scan("template", f"{material.template.title}\n{material.template.file.name}", label)
            hits += _scan("template", template_text(material.template), label)
    return hits


def require_clean(guide) -> None:
    hits = screen_guide(guide)
    if hits:
        raise GuideHasPersonalData(hits)
