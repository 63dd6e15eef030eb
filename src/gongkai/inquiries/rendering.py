"""Render the public inquiry pages to HTML strings, without a request (see gongkai.portal.rendering): a
bureau's answered and published inquiries by topic, and one of them. No name or contact ever appears."""

from __future__ import annotations

from django.conf import settings

from gongkai.portal.rendering import language_alternates, render_page

from . import selectors


def render_inquiry_list(bureau, language: str = settings.LANGUAGE_CODE) -> str:
    groups = selectors.by_topic(bureau)
    rows = [r for _label, items in groups for r in items]
    context = {
        "bureau": bureau,
        "parent": bureau.parent,
        "groups": groups,
        "updated_at": max((r.published_at for r in rows), default=None),
        "alternates": language_alternates("inquiries:list", {"code": bureau.code}),
    }
    return render_page("inquiries/list.html", context, language)


def render_inquiry(inquiry, language: str = settings.LANGUAGE_CODE) -> str:
    context = {
        "bureau": inquiry.bureau,
        "parent": inquiry.bureau.parent,
        "inquiry": inquiry,
        "updated_at": inquiry.published_at,
        "alternates": language_alternates("inquiries:detail", {"code": inquiry.bureau.code, "pk": inquiry.pk}),
    }
    return render_page("inquiries/detail.html", context, language)
