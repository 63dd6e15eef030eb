"""Public inquiry URLs (inside i18n_patterns; the default language has no prefix)."""

from django.urls import path

from . import views

app_name = "inquiries"

urlpatterns = [
    path("b/<slug:code>/inquiries/", views.inquiry_list, name="list"),
    path("b/<slug:code>/inquiries/ask/", views.ask, name="ask"),
    path("b/<slug:code>/inquiries/<int:pk>/", views.inquiry_detail, name="detail"),
    path("inquiries/track/", views.track, name="track"),
    path("inquiries/submitted/<str:number>/", views.submitted, name="submitted"),
]
