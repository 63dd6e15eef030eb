"""The item screens: adopting guideline rows, adding, editing (with the reviewer's opinions),
removing and moving an item of the working copy.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gongkai.accounts import permissions

from ... import presentation, selectors, services
from ...constants import CatalogStatus, ItemSource
from ...forms import ItemForm
from ...guidelines import current_guidelines
from .common import _bureau, _detail_url, _item, _render, _show_errors


def adopt(request, code):
    """Create the catalog from the guideline catalogs, or adopt more guideline rows."""
    bureau = _bureau(request, code)
    if not permissions.can(request.user, "catalogs.change_catalog", bureau):
        raise PermissionDenied
    catalog = selectors.catalog_for_bureau(bureau)
    present = set()
    if catalog is not None:
        present = {(i.domain, i.level1, i.level2, i.level3 or "") for i in selectors.active_items(catalog)}
    if request.method == "POST":
        ids = request.POST.getlist("rows")
        if not ids:
            messages.error(request, _("Choose at least one guideline row."))
        else:
            try:
                services.catalog_create_from_guideline(bureau=bureau, acting_user=request.user, guideline_item_ids=ids)
            except ValidationError as exc:
                _show_errors(request, exc)
            else:
                messages.success(request, _("The chosen guideline rows were added to the catalog."))
                return redirect(_detail_url(bureau))
    guidelines = []
    for guideline in current_guidelines():
        rows = []
        for row in guideline.items.all():
            row.present = (guideline.domain, row.level1, row.level2, row.level3 or "") in present
            rows.append(row)
        guidelines.append({"guideline": guideline, "rows": rows})
    return _render(
        request,
        "catalogs/admin/adopt.html",
        _("Adopt guideline rows"),
        {"bureau": bureau, "guidelines": guidelines, "unverified_label": presentation.unverified_label()},
        crumbs=[(_detail_url(bureau), bureau.short_name)],
    )


def item_add(request, code):
    bureau = _bureau(request, code)
    if not permissions.can(request.user, "catalogs.change_catalog", bureau):
        raise PermissionDenied
    source = request.GET.get("source") or ItemSource.LOCAL
    if source not in ItemSource.values:
        source = ItemSource.LOCAL
    form = ItemForm(
        request.POST or None,
        initial={
            "source": source,
            "responsible_body": bureau.name,
            "mode": ["proactive"],
            "audience": ["public"],
            "levels": ["county"],
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            catalog = services.catalog_get_or_create(bureau=bureau, acting_user=request.user)
            item = services.catalog_item_add(catalog=catalog, data=form.to_data(), acting_user=request.user)
        except services.ItemsInvalid as exc:
            form.add_item_errors(exc)
        except ValidationError as exc:
            _show_errors(request, exc)
        else:
            messages.success(request, _("The item was added."))
            return redirect(_detail_url(bureau) + f"#item-{item.key}")
    return _render(
        request,
        "catalogs/admin/item_form.html",
        _("Add an item"),
        {"bureau": bureau, "form": form},
        crumbs=[(_detail_url(bureau), bureau.short_name)],
    )


def item_edit(request, code, key):
    bureau = _bureau(request, code)
    item = _item(bureau, key)
    if not permissions.can(request.user, "catalogs.change_catalog", item):
        raise PermissionDenied
    current = selectors.item_to_data(item)
    form = ItemForm(request.POST or None, initial=ItemForm.initial_from(current))
    if request.method == "POST" and form.is_valid():
        try:
            services.catalog_item_update(
                item=item, data=form.to_data(key=current.key, extra=current.extra), acting_user=request.user
            )
        except services.ItemsInvalid as exc:
            form.add_item_errors(exc)
        except ValidationError as exc:
            _show_errors(request, exc)
        else:
            messages.success(request, _("The item was saved."))
            return redirect(_detail_url(bureau) + f"#item-{item.key}")
    opinions = []
    returned = (
        selectors.latest_returned_version(item.catalog) if item.catalog.status == CatalogStatus.RETURNED else None
    )
    if returned:
        opinions = selectors.opinions_by_key(returned).get(str(item.key), [])
    return _render(
        request,
        "catalogs/admin/item_form.html",
        _("Edit an item"),
        {
            "bureau": bureau,
            "form": form,
            "item": item,
            "opinions": opinions,
            "unverified": presentation.is_unverified(current),
            "unverified_label": presentation.unverified_label(),
        },
        crumbs=[(_detail_url(bureau), bureau.short_name)],
    )


def item_remove(request, code, key):
    bureau = _bureau(request, code)
    item = _item(bureau, key)
    if not permissions.can(request.user, "catalogs.change_catalog", item):
        raise PermissionDenied
    if request.method == "POST":
        try:
            services.catalog_item_remove(item=item, acting_user=request.user)
        except ValidationError as exc:
            _show_errors(request, exc)
        else:
            messages.success(request, _("The item was removed from the catalog."))
        return redirect(_detail_url(bureau))
    return _render(
        request,
        "catalogs/admin/item_remove.html",
        _("Remove an item"),
        {"bureau": bureau, "item": item},
        crumbs=[(_detail_url(bureau), bureau.short_name)],
    )


@require_POST
def item_move(request, code, key, direction):
    bureau = _bureau(request, code)
    item = _item(bureau, key)
    offset = {"up": -1, "down": 1}.get(direction)
    if offset is None:
        raise Http404
    try:
        services.catalog_item_move(item=item, offset=offset, acting_user=request.user)
    except ValidationError as exc:
        _show_errors(request, exc)
    return redirect(_detail_url(bureau) + f"#item-{item.key}")
