"""The public lists of a bureau (`/b/<code>/powers/`) as an HTML string, without a request.

Both lists as they stand (the current versions), each item with the catalog items that disclose it, as far
as they are in the bureau's published catalog (a working catalog item is not public)."""

from __future__ import annotations

from django.conf import settings

from gongkai.catalogs import selectors as catalog_selectors
from gongkai.portal.rendering import language_alternates, render_page

from . import selectors
from .models import ListKind


def public_lists(bureau) -> list[dict]:
    published = catalog_selectors.current_published_version(bureau)
    public_keys = {str(item.get("key")) for item in (published.items if published else [])}
    lists = []
    for list_kind, label in ListKind.choices:
        version = selectors.current_version(bureau, list_kind)
        items = selectors.current_items(bureau, list_kind)
        for item in items:
            item.public_disclosing = [c for c in item.disclosing if str(c.key) in public_keys]
        lists.append({"kind": list_kind, "label": label, "version": version, "rows": items})
    return lists


def render_lists(bureau, language: str = settings.LANGUAGE_CODE) -> str:
    lists = public_lists(bureau)
    dates = [entry["version"].created_at for entry in lists if entry["version"]]
    context = {
        "bureau": bureau,
        "parent": bureau.parent,
        "lists": lists,
        "updated_at": max(dates) if dates else None,
        "alternates": language_alternates("powerlists:lists", {"code": bureau.code}),
    }
    return render_page("powerlists/lists.html", context, language)
