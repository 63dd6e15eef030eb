"""Public portal URLs (inside i18n_patterns): home and each bureau's disclosure column."""

from django.urls import path

from . import views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("b/<slug:code>/", views.bureau, name="bureau"),
    path("b/<slug:code>/guide/", views.section_view("guide"), name="guide"),
    path("b/<slug:code>/rules/", views.section_view("rules"), name="rules"),
    path("b/<slug:code>/statutory/", views.section_view("statutory"), name="statutory"),
    path("b/<slug:code>/annual-reports/", views.section_view("annual_reports"), name="annual_reports"),
]
