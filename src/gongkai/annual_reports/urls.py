"""Public annual-report URLs (inside i18n_patterns; the list is the portal's 信息公开年报 part)."""

from django.urls import path

from . import views

app_name = "annual_reports"

urlpatterns = [
    path("b/<slug:code>/annual-reports/<int:year>/", views.report_page, name="report"),
    path("b/<slug:code>/annual-reports/<int:year>.<str:fmt>", views.report_download, name="download"),
]
