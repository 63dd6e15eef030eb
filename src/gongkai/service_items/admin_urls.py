from django.urls import path

from . import admin_views

app_name = "service_items_admin"

urlpatterns = [
    path("", admin_views.index, name="index"),
    path("new/", admin_views.item_create, name="create"),
    path("handbooks/<slug:code>/rebuild/", admin_views.handbook_rebuild, name="handbook_rebuild"),
    path("<int:pk>/", admin_views.guide_edit, name="edit"),
    path("<int:pk>/submit/", admin_views.guide_submit, name="submit"),
    path("<int:pk>/review/", admin_views.guide_review, name="review"),
]
