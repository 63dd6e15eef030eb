"""Render public pages to HTML strings, without a request.

Every page that shows no per-visitor data is produced here, so that the same HTML can be
served by a view or written to static files for nginx (static publishing). Per-visitor
parts (forms, tracking, search) live at their own URLs and are not rendered here.

Every public page is a Jinja2 template (see `jinja2env`) extending the one frame, `portal/base.html`;
`render_page` renders one without a request, `responses.render_private_page` with one. Templates rendered
here must not use request-dependent values (`csrf_input`, the request object, messages) and may only load
scripts from external files (CSP: script-src 'self').
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlsplit

from django.conf import settings
from django.template import engines
from django.urls import reverse
from django.utils import translation
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from markupsafe import Markup

from gongkai.organizations.models import Bureau, BureauKind

from . import entries, latest, selectors
from .jinja2env import gettext_in
from .templatetags.portal_tags import link

# The four standard parts of a disclosure column (国办公开办函〔2019〕61号; 国办发〔2017〕47号).
SECTIONS = ("guide", "rules", "statutory", "annual_reports")

SECTION_TITLES = {
    "guide": _("Disclosure guide"),
    "rules": _("Disclosure rules"),
    "statutory": _("Statutory proactive disclosure"),
    "annual_reports": _("Annual disclosure reports"),
}
SECTION_DESCRIPTIONS = {
    "guide": _("How this bureau discloses information and how to ask for it."),
    "rules": _("The rules this bureau follows for review, publication and confidentiality checks."),
    "statutory": _("The standard catalog and the records published under each item."),
    "annual_reports": _("The statutory annual report on government information disclosure."),
}


@dataclass(frozen=True)
class Part:
    """One of the four parts of a bureau's disclosure column, as listed on the bureau page."""

    key: str
    title: str
    description: str
    url: str
    updated_at: datetime | None


@dataclass(frozen=True)
class SectionProvider:
    """How a capability app fills one part of every bureau's column (e.g. catalogs -> "statutory").

    `context(bureau)` returns extra template context (called with the page's language active),
    `template` is included in place of the part's empty state, and `updated_at(bureau)` dates
    the part on the bureau page (None: not yet published).
    """

    context: Callable[[Bureau], dict]
    template: str
    updated_at: Callable[[Bureau], datetime | None] | None = None


_providers: dict[str, SectionProvider] = {}


def register_section_provider(section: str, provider: SectionProvider) -> None:
    """Called from the capability app's AppConfig.ready(); the portal never imports capability apps."""
    if section not in SECTIONS:
        raise ValueError(section)
    _providers[section] = provider


def bcp47(language: str) -> str:
    """Django language code to a BCP 47 tag for `lang`/`hreflang` ("zh-hans" -> "zh-Hans")."""
    parts = language.split("-")
    return "-".join([parts[0]] + [p.title() if len(p) == 4 else p.upper() if len(p) == 2 else p for p in parts[1:]])


def _latest(*dates: datetime | None) -> datetime | None:
    known = [d for d in dates if d is not None]
    return max(known) if known else None


def language_alternates(url_name: str, kwargs: dict | None = None) -> list[dict]:
    base = site_url()
    alternates = []
    for code, label in settings.LANGUAGES:
        with translation.override(code):
            url = link(url_name, **(kwargs or {}))
        alternates.append(
            {"code": code, "hreflang": bcp47(code), "label": label, "url": url, "absolute_url": base + url}
        )
    return alternates


def site_context(language: str, site=None) -> dict:
    """What every portal page needs about the platform, in `language`; `site`: the settings row when the
    caller already has it (see `selectors.site_setting`)."""
    if site is None:
        site = selectors.site_setting()
    content_language = bcp47(settings.LANGUAGE_CODE)
    page_is_content_language = language == settings.LANGUAGE_CODE
    name, name_lang = site.platform_name, ""
    if not page_is_content_language:
        if site.platform_name_en:
            name = site.platform_name_en
        else:
            name_lang = content_language
    context = {
        "site": site,
        "platform_name": name,
        # `lang` attribute for the platform name and for data (bureau names, addresses, guide text),
        # which is written in the content language; empty on pages in that language.
        "platform_name_attr": format_html(' lang="{}"', name_lang) if name_lang else "",
        "data_lang_attr": "" if page_is_content_language else format_html(' lang="{}"', content_language),
        "site_domain": urlsplit(settings.GONGKAI["PUBLIC_BASE_URL"]).hostname or "",
    }
    context["shell"] = _shell(language, site, context)
    return context


# The rendered parts of portal/_shell.html, by language and content of the settings row. They depend on
# nothing else but the settings and the translations, which change only with a new process (or, in tests,
# with `setting_changed`, which empties this).
_SHELL_PARTS = ("head_site", "head_assets", "header_top", "header_bottom", "footer")
_shell_cache: dict[tuple, dict] = {}


def _shell(language: str, site, context: dict) -> dict:
    key = (language, *(getattr(site, f.attname) for f in site._meta.concrete_fields))
    parts = _shell_cache.get(key)
    if parts is None:
        with translation.override(language):
            full = {**context, "LANGUAGE_CODE": language, "html_lang": bcp47(language), "_": gettext_in(language)}
            template = engines["jinja2"].env.get_template("portal/_shell.html")
            blocks = template.new_context(full)
            parts = {name: Markup("".join(template.blocks[name](blocks))) for name in _SHELL_PARTS}
        if len(_shell_cache) >= 16:  # old versions of the row
            _shell_cache.clear()
        _shell_cache[key] = parts
    return parts


def forget_shell(**kwargs) -> None:
    _shell_cache.clear()


def page_context(context: dict, language: str, site=None) -> dict:
    """`context` with what the frame needs: the language, the platform (`site_context`) and `_`."""
    context.setdefault("LANGUAGE_CODE", language)
    context.setdefault("html_lang", bcp47(language))
    context.setdefault("_", gettext_in(language))
    for key, value in site_context(language, site).items():
        context.setdefault(key, value)
    return context


def render_page(template: str, context: dict, language: str, site=None) -> str:
    """The public page `template` (Jinja2, extending portal/base.html) in `language`, without a request;
    `site`: the settings row, when the caller has it."""
    with translation.override(language):
        return engines["jinja2"].get_template(template).render(page_context(context, language, site))


def render_not_found(language: str = settings.LANGUAGE_CODE) -> str:
    """The portal's answer to an unknown address (HTTP 404); the same page at every such address."""
    return render_page("portal/not_found.html", {"alternates": language_alternates("portal:home")}, language)


def render_bad_request(language: str = settings.LANGUAGE_CODE, *, too_big: bool = False) -> str:
    """The portal's answer to a request it cannot take (HTTP 400); `too_big`: over the size limit."""
    limit_mb = max(1, settings.DATA_UPLOAD_MAX_MEMORY_SIZE // (1024 * 1024))
    return render_page("portal/bad_request.html", {"too_big": too_big, "limit_mb": limit_mb}, language)


def _column_updated_at(bureau: Bureau, guide_published_at: datetime | None) -> datetime | None:
    return _latest(bureau.updated_at, guide_published_at)


def render_home(language: str = settings.LANGUAGE_CODE) -> str:
    bureaus = list(selectors.bureau_list_public())
    for bureau in bureaus:
        bureau.column_updated_at = _column_updated_at(bureau, bureau.guide_published_at)
    return render_page(
        "portal/home.html",
        {
            "city_bureaus": [b for b in bureaus if b.kind == BureauKind.CITY],
            "county_bureaus": [b for b in bureaus if b.kind == BureauKind.COUNTY],
            "township_units": [b for b in bureaus if b.kind == BureauKind.TOWNSHIP],
            "updated_at": _latest(*(b.column_updated_at for b in bureaus)),
            "alternates": language_alternates("portal:home"),
            "entries": _in_language(language, entries.shown_entries),
            "latest_lists": _in_language(language, latest.shown_lists),
        },
        language,
    )


def _in_language(language: str, read, *args):
    """`read(*args)` with `language` active (its labels and URLs are in the page's language)."""
    with translation.override(language):
        return read(*args)


def column_parts(bureau: Bureau, guide) -> list[Part]:
    published = guide.last_published_at if guide is not None else None
    dates = {
        "guide": published if guide is not None and guide.body else None,
        "rules": published if guide is not None and guide.rules_text else None,
        # Filled by the catalog and annual-report capabilities, through their providers.
        "statutory": None,
        "annual_reports": None,
    }
    for section, provider in _providers.items():
        if provider.updated_at is not None:
            dates[section] = provider.updated_at(bureau)
    return [
        Part(
            key=section,
            title=SECTION_TITLES[section],
            description=SECTION_DESCRIPTIONS[section],
            url=reverse(f"portal:{section}", kwargs={"code": bureau.code}),
            updated_at=dates[section],
        )
        for section in SECTIONS
    ]


def render_bureau(bureau: Bureau, language: str = settings.LANGUAGE_CODE) -> str:
    guide = selectors.guide_get_live(bureau)
    with translation.override(language):
        parts = column_parts(bureau, guide)
    return render_page(
        "portal/bureau.html",
        {
            "bureau": bureau,
            "parent": bureau.parent,
            "children": list(selectors.bureau_list_public().filter(parent=bureau)),
            "latest_lists": _in_language(language, latest.shown_lists, bureau),
            "guide": guide,
            "parts": parts,
            "updated_at": _column_updated_at(bureau, guide.last_published_at if guide else None),
            "alternates": language_alternates("portal:bureau", {"code": bureau.code}),
        },
        language,
    )


def render_section(bureau: Bureau, section: str, language: str = settings.LANGUAGE_CODE) -> str:
    if section not in SECTIONS:
        raise ValueError(section)
    guide = selectors.guide_get_live(bureau)
    provider = _providers.get(section)
    extra = {}
    with translation.override(language):
        parts = column_parts(bureau, guide)
        if provider is not None:
            extra = {**provider.context(bureau), "section_template": provider.template}
    part = next(p for p in parts if p.key == section)
    context = {
        "bureau": bureau,
        "parent": bureau.parent,
        "section": section,
        "section_title": part.title,
        "parts": parts,
        "guide": guide,
        "updated_at": part.updated_at,
        "alternates": language_alternates(f"portal:{section}", {"code": bureau.code}),
    }
    context.update(extra)
    return render_page(f"portal/section_{section}.html", context, language)


# Per-visitor or staff paths crawlers should leave alone (the search page says noindex itself).
ROBOTS_DISALLOW = ("/admin/", "/api/v1/staff/", "/foi/track/", "/foi/requests/", "/foi/mine/", "/kiosk/")


def site_url(path: str = "") -> str:
    """The absolute URL of `path` on the public site: PUBLIC_BASE_URL (settings.GONGKAI) + path."""
    return settings.GONGKAI["PUBLIC_BASE_URL"].rstrip("/") + path


def render_robots() -> str:
    """robots.txt, with the sitemap index's absolute URL (needs no request, so it can be published)."""
    with translation.override(settings.LANGUAGE_CODE):
        sitemap = link("records:sitemap")
    lines = [
        "User-agent: *",
        *(f"Disallow: {path}" for path in ROBOTS_DISALLOW),
        "",
        f"Sitemap: {site_url(sitemap)}",
        "",
    ]
    return "\n".join(lines)
