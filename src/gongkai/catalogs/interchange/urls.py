"""Public download URLs. gongkai.catalogs.urls appends these patterns to its "catalogs" namespace,
so the name is `catalogs:download` (kwargs code, fmt; ?version=N for an older published version)."""

from django.urls import path

from . import public_views

urlpatterns = [
    path("b/<slug:code>/catalog/download.<str:fmt>", public_views.download, name="download"),
]
