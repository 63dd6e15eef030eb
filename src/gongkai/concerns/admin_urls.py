from django.urls import path

from . import admin_views

app_name = "concerns_admin"

urlpatterns = [
    path("", admin_views.index, name="index"),
    path("new/", admin_views.create, name="create"),
    path("<int:pk>/", admin_views.detail, name="detail"),
    path("<int:pk>/responses/<int:response_pk>/submit/", admin_views.submit, name="submit"),
    path("<int:pk>/responses/<int:response_pk>/review/", admin_views.review, name="review"),
]
