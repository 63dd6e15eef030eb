"""Render public pages to HTML strings, without a request.

Every page that shows no per-visitor data is produced here, so that the same HTML can be
served by a view or written to static files for nginx (static publishing). Per-visitor
parts (forms, tracking, search) live at their own URLs and are not rendered here.
"""

from __future__ import annotations

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from gongkai.organizations.models import Bureau, BureauKind

from . import selectors

# The four standard parts of a disclosure column (国办公开办函〔2019〕61号; 国办发〔2017〕47号).
SECTIONS = ("guide", "rules", "statutory", "annual_reports")


def _alternates(url_name: str, kwargs: dict | None = None) -> list[dict]:
    alternates = []
    for code, label in settings.LANGUAGES:
        with translation.override(code):
            alternates.append({"code": code, "label": label, "url": reverse(url_name, kwargs=kwargs)})
    return alternates


def _render(template: str, context: dict, language: str) -> str:
    with translation.override(language):
        context.setdefault("LANGUAGE_CODE", language)
        context.setdefault("platform_name", selectors.platform_name())
        return render_to_string(template, context)


def render_home(language: str = settings.LANGUAGE_CODE) -> str:
    bureaus = list(selectors.bureau_list_public())
    city = [b for b in bureaus if b.kind == BureauKind.CITY]
    counties = [b for b in bureaus if b.kind == BureauKind.COUNTY]
    townships = [b for b in bureaus if b.kind == BureauKind.TOWNSHIP]
    return _render(
        "portal/home.html",
        {
            "city_bureaus": city,
            "county_bureaus": counties,
            "township_units": townships,
            "alternates": _alternates("portal:home"),
        },
        language,
    )


def render_bureau(bureau: Bureau, language: str = settings.LANGUAGE_CODE) -> str:
    return _render(
        "portal/bureau.html",
        {
            "bureau": bureau,
            "parent": bureau.parent,
            "children": list(selectors.bureau_list_public().filter(parent=bureau)),
            "guide": selectors.guide_get_live(bureau),
            "alternates": _alternates("portal:bureau", {"code": bureau.code}),
        },
        language,
    )


def render_section(bureau: Bureau, section: str, language: str = settings.LANGUAGE_CODE) -> str:
    if section not in SECTIONS:
        raise ValueError(section)
    return _render(
        f"portal/section_{section}.html",
        {
            "bureau": bureau,
            "section": section,
            "guide": selectors.guide_get_live(bureau),
            "alternates": _alternates(f"portal:{section}", {"code": bureau.code}),
        },
        language,
    )
