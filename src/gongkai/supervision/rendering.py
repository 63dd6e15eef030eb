"""The public bulletin list of a bureau (通报), rendered without a request (see gongkai.portal.rendering)."""

from __future__ import annotations

from django.conf import settings

from gongkai.portal.rendering import language_alternates, render_page

from .models import Bulletin, BulletinStatus


def bulletins_public(bureau):
    return Bulletin.objects.filter(city=bureau, status=BulletinStatus.PUBLISHED).order_by("-published_at", "-pk")


def bulletin_get_public(bureau, year: int, sequence: int) -> Bulletin:
    return bulletins_public(bureau).get(year=year, sequence=sequence)


def render_bulletin_list(bureau, language: str = settings.LANGUAGE_CODE) -> str:
    items = list(bulletins_public(bureau))
    context = {
        "bureau": bureau,
        "parent": bureau.parent,
        "bulletins": items,
        "updated_at": items[0].published_at if items else None,
        "alternates": language_alternates("supervision:bulletins", {"code": bureau.code}),
    }
    return render_page("supervision/bulletins.html", context, language)
