"""Public bulletin URLs (inside i18n_patterns; the default language has no prefix)."""

from django.urls import path

from . import views

app_name = "supervision"

urlpatterns = [
    path("b/<slug:code>/bulletins/", views.bulletin_list, name="bulletins"),
    path("b/<slug:code>/bulletins/<int:year>-<int:sequence>.<str:fmt>", views.bulletin_file, name="bulletin_file"),
]
