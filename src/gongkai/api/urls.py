"""The /api/v1/ URL tree: each app's API views mounted under one prefix."""

from django.urls import path
from drf_spectacular.views import SpectacularAPIView

from gongkai.catalogs import api as catalogs_api
from gongkai.catalogs.interchange.public_views import catalog_schema_view
from gongkai.records.api import URLPATTERNS as records_urlpatterns
from gongkai.service_items import api as services_api

from . import bureaus, root

app_name = "api"

urlpatterns = [
    path("", root.ApiRoot.as_view(), name="root"),
    path("bureaus/", bureaus.BureauList.as_view(), name="bureau-list"),
    path("bureaus/<slug:code>/", bureaus.BureauDetail.as_view(), name="bureau-detail"),
    path("staff/bureaus/<slug:code>/guide/", bureaus.StaffGuide.as_view(), name="staff-guide"),
    path("bureaus/<slug:code>/catalog/", catalogs_api.BureauCatalog.as_view(), name="bureau-catalog"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("schemas/catalog.json", catalog_schema_view, name="catalog-schema"),
    *records_urlpatterns,
    path("service-items/", services_api.ServiceItemList.as_view(), name="service-item-list"),
    path(
        "bureaus/<slug:code>/service-items/<str:item_code>/",
        services_api.ServiceItemDetail.as_view(),
        name="service-item-detail",
    ),
]
