"""The public registry of government new-media accounts (政务新媒体名录), rendered without a request (see
gongkai.portal.rendering): the whole city's accounts grouped by bureau, and one bureau's accounts."""

from __future__ import annotations

from itertools import groupby

from django.conf import settings

from gongkai.portal.rendering import language_alternates, render_page

from . import selectors


def _latest(accounts):
    dates = [a.updated_at for a in accounts]
    return max(dates) if dates else None


def _groups(accounts) -> list[dict]:
    return [{"bureau": bureau, "accounts": list(rows)} for bureau, rows in groupby(accounts, key=lambda a: a.bureau)]


def render_city_registry(language: str = settings.LANGUAGE_CODE) -> str:
    accounts = list(selectors.accounts_public())
    context = {
        "groups": _groups(accounts),
        "bureau": None,
        "updated_at": _latest(accounts),
        "alternates": language_alternates("new_media:city"),
    }
    return render_page("new_media/registry.html", context, language)


def render_bureau_registry(bureau, language: str = settings.LANGUAGE_CODE) -> str:
    accounts = list(selectors.accounts_public(bureau))
    context = {
        "groups": _groups(accounts),
        "bureau": bureau,
        "parent": bureau.parent,
        "updated_at": _latest(accounts),
        "alternates": language_alternates("new_media:bureau", {"code": bureau.code}),
    }
    return render_page("new_media/registry.html", context, language)
