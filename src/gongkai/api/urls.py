from django.urls import path
from drf_spectacular.views import SpectacularAPIView

from . import bureaus

app_name = "api"

urlpatterns = [
    path("bureaus/", bureaus.BureauList.as_view(), name="bureau-list"),
    path("bureaus/<slug:code>/", bureaus.BureauDetail.as_view(), name="bureau-detail"),
    path("staff/bureaus/<slug:code>/guide/", bureaus.StaffGuide.as_view(), name="staff-guide"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
]
