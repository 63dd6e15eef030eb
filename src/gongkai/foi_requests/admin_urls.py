from django.urls import path

from . import admin_views as views

app_name = "foi_admin"

urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.create, name="create"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/personal-data/", views.personal_data, name="personal_data"),
    path("<int:pk>/files/<int:attachment_pk>/", views.attachment, name="attachment"),
    path("<int:pk>/receipt.pdf", views.receipt, name="receipt"),
    path("<int:pk>/<slug:action>/", views.act, name="act"),
]
