"""Staff URLs of FOI requests, mounted under /admin/foi/ (namespace "foi_admin")."""

from django.urls import path

from . import admin_dashboard, admin_detail, admin_views

app_name = "foi_admin"

urlpatterns = [
    path("", admin_views.index, name="index"),
    path("new/", admin_views.create, name="create"),
    path("dashboard/", admin_dashboard.dashboard, name="dashboard"),
    path("<int:pk>/", admin_detail.detail, name="detail"),
    path("<int:pk>/personal-data/", admin_detail.personal_data, name="personal_data"),
    path("<int:pk>/files/<int:attachment_pk>/", admin_detail.attachment, name="attachment"),
    path("<int:pk>/receipt.pdf", admin_detail.receipt, name="receipt"),
    path("<int:pk>/<slug:action>/", admin_detail.act, name="act"),
]
