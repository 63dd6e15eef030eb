"""Render the public service pages to HTML strings, without a request (see gongkai.portal.rendering):
a bureau's list of service items and the page of one item with its published guide."""

from __future__ import annotations

from django.conf import settings
from django.utils import translation
from markupsafe import Markup

from gongkai.portal.rendering import language_alternates, render_page

from . import handbook, notice, selectors


def _latest(items) -> object | None:
    dates = [item.published_at for item in items if item.published_at]
    return max(dates) if dates else None


def render_service_list(bureau, language: str = settings.LANGUAGE_CODE, *, extra: dict | None = None) -> str:
    items = list(selectors.items_public(bureau))
    context = {
        "bureau": bureau,
        "parent": bureau.parent,
        "items": items,
        "handbook": handbook.handbook_public(bureau),
        "city_handbook": handbook.handbook_public(None),
        "updated_at": _latest(items),
        "alternates": language_alternates("service_items:list", {"code": bureau.code}),
        **(extra or {}),
    }
    return render_page("service_items/list.html", context, language)


def render_service_item(item, language: str = settings.LANGUAGE_CODE, *, extra: dict | None = None) -> str:
    guide = item.live_guide
    context = {
        "bureau": item.bureau,
        "parent": item.bureau.parent,
        "item": item,
        "guide": guide,
        "materials": list(guide.materials.all()),
        "catalog_items": [ci for ci in item.catalog_items.all() if ci.removed_at is None],
        "updated_at": item.published_at,
        "notice_url": notice.notice_page_url(item),
        "pdf_url": notice.notice_pdf_url(item),
        "alternates": language_alternates("service_items:item", {"code": item.bureau.code, "item_code": item.code}),
        **(extra or {}),
    }
    return render_page("service_items/item.html", context, language)


def render_notice_page(item, language: str = settings.LANGUAGE_CODE) -> str:
    """The one-time notice as a page for phones, with the QR code of its own address."""
    with translation.override(language):
        sections = notice.notice_sections(item.live_guide)
        context = {
            "bureau": item.bureau,
            "parent": item.bureau.parent,
            "item": item,
            "sections": sections,
            "pdf_url": notice.notice_pdf_url(item),
            "qr": Markup(notice.qr_svg(notice.notice_page_url(item, absolute=True))),
            "updated_at": item.published_at,
            "alternates": language_alternates(
                "service_items:notice", {"code": item.bureau.code, "item_code": item.code}
            ),
        }
    return render_page("service_items/notice.html", context, language)
