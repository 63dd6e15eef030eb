"""Public participation URLs (inside i18n_patterns; the default language has no prefix)."""

from django.urls import path

from . import views

app_name = "participation"

urlpatterns = [
    path("b/<slug:code>/participation/", views.index, name="index"),
    path("b/<slug:code>/participation/decisions/<int:year>/", views.catalog, name="catalog"),
    path("b/<slug:code>/participation/consultations/<uuid:uid>/", views.consultation, name="consultation"),
    path("b/<slug:code>/participation/consultations/<uuid:uid>/comment/", views.comment, name="comment"),
    path(
        "b/<slug:code>/participation/consultations/<uuid:uid>/comment/<str:number>/",
        views.comment_received,
        name="comment_received",
    ),
    path("b/<slug:code>/participation/consultations/<uuid:uid>/adoption/", views.summary, name="summary"),
    path("b/<slug:code>/participation/hearings/<uuid:uid>/", views.hearing, name="hearing"),
    path("b/<slug:code>/participation/hearings/<uuid:uid>/register/", views.register, name="register"),
]
