"""Public FOI URLs (inside i18n_patterns; the default language has no prefix)."""

from django.urls import path

from . import views_public as views
from . import views_status

app_name = "foi"

urlpatterns = [
    path("foi/", views.index, name="index"),
    path("b/<slug:code>/foi/apply/", views.apply, name="apply"),
    path("foi/requests/<uuid:uuid>/submitted/", views.submitted, name="submitted"),
    path("foi/requests/<uuid:uuid>/receipt.pdf", views.receipt, name="receipt"),
    path("foi/track/", views.track, name="track"),
    path("foi/mine/", views.mine, name="mine"),
    path("foi/track/code/", views.track_code, name="track_code"),
    path("foi/requests/<uuid:uuid>/", views_status.status, name="status"),
    path("foi/requests/<uuid:uuid>/supplement/", views_status.supply, name="supply"),
    path("foi/requests/<uuid:uuid>/withdraw/", views_status.withdraw, name="withdraw"),
    path("foi/requests/<uuid:uuid>/documents/<int:pk>/", views_status.document, name="document"),
]
