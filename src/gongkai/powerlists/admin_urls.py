from django.urls import path

from . import admin_views

app_name = "powerlists_admin"

urlpatterns = [
    path("", admin_views.index, name="index"),
    path("<slug:code>/import/", admin_views.import_list, name="import"),
    path("items/<int:pk>/", admin_views.item_mapping, name="mapping"),
]
