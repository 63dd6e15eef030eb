"""Public URLs of the lists (inside i18n_patterns)."""

from django.urls import path

from . import views

app_name = "powerlists"

urlpatterns = [path("b/<slug:code>/powers/", views.lists, name="lists")]
