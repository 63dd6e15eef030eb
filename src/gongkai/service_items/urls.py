"""Public service URLs (inside i18n_patterns; the default language has no prefix)."""

from django.urls import path

from . import views

app_name = "service_items"

urlpatterns = [
    path("b/<slug:code>/services/", views.service_list, name="list"),
    path("b/<slug:code>/services/handbook.<str:fmt>", views.handbook_download, name="handbook"),
    path("services/handbook.<str:fmt>", views.handbook_download, name="city_handbook"),
    path("b/<slug:code>/services/<str:item_code>/", views.service_item, name="item"),
    path("b/<slug:code>/services/<str:item_code>/notice/", views.service_notice, name="notice"),
    path("b/<slug:code>/services/<str:item_code>/notice.pdf", views.service_notice_pdf, name="notice_pdf"),
]
