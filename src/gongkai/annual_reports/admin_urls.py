from django.urls import path

from . import admin_views

app_name = "annual_reports_admin"

urlpatterns = [
    path("", admin_views.index, name="index"),
    path("open/", admin_views.report_open, name="open"),
    path("<int:pk>/", admin_views.report_edit, name="edit"),
    path("<int:pk>/preview/", admin_views.report_preview, name="preview"),
    path("<int:pk>/submit/", admin_views.report_submit, name="submit"),
    path("<int:pk>/review/", admin_views.report_review, name="review"),
]
