from django.urls import path

from . import admin_views

app_name = "applications_admin"

urlpatterns = [path("", admin_views.index, name="index")]
