from django.urls import path

from . import admin_views

app_name = "inquiries_admin"

urlpatterns = [
    path("", admin_views.index, name="index"),
    path("policy/<slug:code>/", admin_views.policy, name="policy"),
    path("<int:pk>/", admin_views.detail, name="detail"),
    path("<int:pk>/review/", admin_views.review, name="review"),
    path("<int:pk>/invalid/", admin_views.invalidate, name="invalidate"),
]
