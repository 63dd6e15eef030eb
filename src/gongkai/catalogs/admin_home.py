"""The editor's home in the admin: the catalogs returned with opinions by the government review office,
for who may change them (the bureau's editor), with the number of opinions of the returned version."""

from __future__ import annotations

from django.db.models import Count, OuterRef, Subquery
from wagtail.admin.ui.components import Component

from gongkai.accounts import permissions

from .constants import CatalogStatus
from .models import Catalog, CatalogVersion

CHANGE = "catalogs.change_catalog"


def returned_catalogs(user) -> list[Catalog]:
    latest = CatalogVersion.objects.filter(catalog=OuterRef("pk")).order_by("-number")
    qs = permissions.scope(user, CHANGE, Catalog.objects.filter(status=CatalogStatus.RETURNED))
    catalogs = list(
        qs.select_related("bureau")
        .annotate(latest_version=Subquery(latest.values("pk")[:1]))
        .order_by("status_changed_at")
    )
    counts = dict(
        CatalogVersion.objects.filter(pk__in=[c.latest_version for c in catalogs if c.latest_version])
        .annotate(n=Count("opinions"))
        .values_list("pk", "n")
    )
    for catalog in catalogs:
        catalog.opinion_count = counts.get(catalog.latest_version, 0)
    return catalogs


class ReturnedCatalogsPanel(Component):
    name = "catalogs_returned"
    order = 70
    template_name = "catalogs/admin/home_returned.html"

    def __init__(self, request):
        self.request = request

    def get_context_data(self, parent_context):
        return {"catalogs": returned_catalogs(self.request.user)}


def add_panels(request, panels) -> None:
    if permissions.can(request.user, CHANGE):
        panels.append(ReturnedCatalogsPanel(request))
