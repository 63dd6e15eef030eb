from django.urls import path

from . import admin_views

app_name = "surveys_admin"

urlpatterns = [
    path("", admin_views.index, name="index"),
    path("new/", admin_views.edit, name="create"),
    path("<int:pk>/", admin_views.edit, name="edit"),
    path("<int:pk>/submit/", admin_views.submit, name="submit"),
    path("<int:pk>/review/", admin_views.review, name="review"),
    path("<int:pk>/results/", admin_views.results, name="results"),
    path("<int:pk>/export.xlsx", admin_views.export, name="export"),
]
