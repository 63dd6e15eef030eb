"""The public page of a bureau's responses to public concerns, rendered without a request."""

from __future__ import annotations

from django.conf import settings

from gongkai.portal.rendering import language_alternates, render_page

from . import selectors


def render_concern_list(bureau, language: str = settings.LANGUAGE_CODE) -> str:
    concerns = list(selectors.published(bureau))
    dates = [r.published_at for c in concerns for r in c.published_responses if r.published_at]
    context = {
        "bureau": bureau,
        "parent": bureau.parent,
        "concerns": concerns,
        "updated_at": max(dates, default=None),
        "alternates": language_alternates("concerns:list", {"code": bureau.code}),
    }
    return render_page("concerns/list.html", context, language)
