"""What every staff screen of the catalogs shares: finding the bureau and catalog the user may see
(else 404, so a county editor never learns that another county's catalog exists), the admin frame
(title, breadcrumbs) and showing a service's errors as messages, item by item.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from gongkai.accounts import permissions
from gongkai.core.admin_screens import render_admin_screen
from gongkai.organizations.models import Bureau

from ... import selectors
from ...models import Catalog, CatalogItem


def _bureau(request, code: str) -> Bureau:
    """The bureau whose catalog the user may see, else 404."""
    bureau = get_object_or_404(Bureau.objects.disclosing().filter(kind__in=selectors.COMPILING_KINDS), code=code)
    if not permissions.can(request.user, "catalogs.view_catalog", bureau):
        raise Http404
    return bureau


def _catalog(bureau: Bureau) -> Catalog:
    catalog = selectors.catalog_for_bureau(bureau)
    if catalog is None:
        raise Http404
    return catalog


def _render(request, template: str, title: str, context: dict, crumbs=()) -> TemplateResponse:
    section = ("catalogs_admin:index", _("Standard catalogs"))
    return render_admin_screen(request, template, title, context, section=section, icon="list-ul", crumbs=crumbs)


def _show_errors(request, exc: ValidationError, items=None) -> None:
    item_errors = getattr(exc, "item_errors", None)
    if item_errors:
        for error in item_errors[:20]:
            name = ""
            if items is not None and 0 <= error.index < len(items):
                name = " / ".join(p for p in (items[error.index].level1, items[error.index].level2) if p)
            messages.error(request, f"{name}: {error.message}" if name else error.message)
        if len(item_errors) > 20:
            messages.error(request, _("… and %(n)s more problems.") % {"n": len(item_errors) - 20})
    else:
        for message in exc.messages:
            messages.error(request, message)


def _detail_url(bureau: Bureau) -> str:
    return reverse("catalogs_admin:detail", kwargs={"code": bureau.code})


def _optional_url(*names: str, **kwargs) -> str:
    """The first of `names` that resolves (URLs of packages that may not be installed), else ""."""
    for name in names:
        try:
            return reverse(name, kwargs=kwargs)
        except NoReverseMatch:
            continue
    return ""


def _item(bureau, key) -> CatalogItem:
    return get_object_or_404(CatalogItem, catalog__bureau=bureau, key=key, removed_at__isnull=True)
