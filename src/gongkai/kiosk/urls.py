"""Kiosk URLs (inside i18n_patterns): the touch screen of a service hall's disclosure zone (docs/kiosk.md)."""

from django.urls import path

from . import views

app_name = "kiosk"

urlpatterns = [
    path("kiosk/", views.start, name="start"),
    path("kiosk/search/", views.search, name="search"),
    path("kiosk/browse/", views.browse, name="browse"),
    path("kiosk/browse/<slug:code>/", views.browse_bureau, name="browse_bureau"),
    path("kiosk/browse/<slug:code>/<uuid:key>/", views.browse_item, name="browse_item"),
    path("kiosk/records/<uuid:uuid>/", views.record, name="record"),
    path("kiosk/apply/", views.apply_choose, name="apply"),
    path("kiosk/apply/<slug:code>/", views.apply, name="apply_bureau"),
    path("kiosk/apply/receipt/<uuid:uuid>/", views.receipt, name="receipt"),
    path("kiosk/ask/", views.ask, name="ask"),
    path("kiosk/ask/sent/", views.ask_sent, name="ask_sent"),
]
