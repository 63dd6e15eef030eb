"""Staff URLs of supervision, mounted under /admin/supervision/ (namespace "supervision_admin")."""

from django.urls import path

from . import admin_views

app_name = "supervision_admin"

urlpatterns = [
    path("", admin_views.dashboard, name="dashboard"),
    path("b/<slug:code>/", admin_views.county, name="county"),
    path("b/<slug:code>/report/<int:year>/<int:quarter>/", admin_views.report, name="report"),
    path("review/<slug:kind>/<int:pk>/", admin_views.review, name="review"),
    path("evaluation/", admin_views.evaluation_view, name="evaluation"),
    path("bulletins/new/", admin_views.bulletin_draft, name="bulletin_draft"),
    path("bulletins/<int:pk>/", admin_views.bulletin_view, name="bulletin"),
    path("bulletins/<int:pk>/file.<slug:fmt>", admin_views.bulletin_file, name="bulletin_file"),
]
