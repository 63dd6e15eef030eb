"""Public catalog URLs (inside i18n_patterns). The interchange downloads join this namespace."""

from importlib import import_module

from django.urls import path

from .views import public

app_name = "catalogs"

urlpatterns = [
    path("b/<slug:code>/catalog/", public.catalog, name="catalog"),
    path("b/<slug:code>/catalog/v/<int:number>/", public.version, name="version"),
    path("b/<slug:code>/catalog/diff/<int:a>/<int:b>/", public.diff, name="diff"),
    path("catalog-status/", public.status, name="status"),
    path("guidelines/", public.guidelines, name="guidelines"),
]

# The interchange package (downloads `catalogs:download`, import page `catalogs:import`) adds
# its URLs to this namespace when it is installed.
try:
    _interchange = import_module("gongkai.catalogs.interchange.urls")
except ModuleNotFoundError as exc:  # not built yet
    if exc.name != "gongkai.catalogs.interchange.urls":
        raise
else:
    urlpatterns += _interchange.urlpatterns
