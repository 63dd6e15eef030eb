"""Per-visitor portal pages (forms, sessions): rendered with the request, never cached."""

from __future__ import annotations

from django.shortcuts import render
from django.utils.translation import get_language


def render_private_page(request, template: str, context: dict, *, url_name: str, url_kwargs=None, status: int = 200):
    """`template` (extending portal/base.html) with the portal shell, CSRF and messages; `Cache-Control: no-store`."""
    from .rendering import bcp47, language_alternates, site_context

    language = get_language()
    full = {
        "alternates": language_alternates(url_name, url_kwargs),
        "LANGUAGE_CODE": language,
        "html_lang": bcp47(language),
        **context,
    }
    full.update({k: v for k, v in site_context(language).items() if k not in full})
    response = render(request, template, full, status=status)
    response["Cache-Control"] = "private, no-store"
    return response
