"""Admin URLs (namespace "catalog_interchange"), added under /admin/catalog-files/ by wagtail_hooks."""

from django.urls import path

from . import admin_views

app_name = "catalog_interchange"

urlpatterns = [
    path("", admin_views.index, name="index"),
    path("<slug:code>/import/", admin_views.upload, name="import"),
    path("<slug:code>/export.<str:fmt>", admin_views.export, name="export"),
    path("jobs/<uuid:job_id>/", admin_views.job_detail, name="job"),
    path("jobs/<uuid:job_id>/status.json", admin_views.job_status, name="job_status"),
    path("jobs/<uuid:job_id>/confirm/", admin_views.job_confirm, name="job_confirm"),
    path("jobs/<uuid:job_id>/restart/", admin_views.job_restart, name="job_restart"),
]
