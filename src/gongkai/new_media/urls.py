"""Public new-media registry URLs (inside i18n_patterns; the default language has no prefix)."""

from django.urls import path

from . import views

app_name = "new_media"

urlpatterns = [
    path("new-media/", views.city_registry, name="city"),
    path("b/<slug:code>/new-media/", views.bureau_registry, name="bureau"),
]
