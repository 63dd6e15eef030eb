"""Public application-progress URLs (inside i18n_patterns; the default language has no prefix)."""

from django.urls import path

from . import views

app_name = "applications"

urlpatterns = [
    path("services/progress/", views.progress, name="progress"),
    path("services/progress/subscribe/", views.subscribe, name="subscribe"),
]
