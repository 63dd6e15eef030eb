"""The /api/v1/ URL tree: each app's API views mounted under one prefix."""

from django.urls import path
from drf_spectacular.views import SpectacularAPIView

from gongkai.applications import api as applications_api
from gongkai.catalogs import api as catalogs_api
from gongkai.catalogs.interchange.public_views import catalog_schema_view
from gongkai.concerns import api as concerns_api
from gongkai.inquiries import api as inquiries_api
from gongkai.new_media import api as new_media_api
from gongkai.participation import api as participation_api
from gongkai.records.api import URLPATTERNS as records_urlpatterns
from gongkai.service_items import api as services_api
from gongkai.surveys import api as surveys_api

from . import bureaus, root

app_name = "api"

urlpatterns = [
    path("", root.ApiRoot.as_view(), name="root"),
    path("bureaus/", bureaus.BureauList.as_view(), name="bureau-list"),
    path("bureaus/<slug:code>/", bureaus.BureauDetail.as_view(), name="bureau-detail"),
    path("staff/bureaus/<slug:code>/guide/", bureaus.StaffGuide.as_view(), name="staff-guide"),
    path("bureaus/<slug:code>/catalog/", catalogs_api.BureauCatalog.as_view(), name="bureau-catalog"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("schemas/catalog.json", catalog_schema_view, name="catalog-schema"),
    *records_urlpatterns,
    path("service-items/", services_api.ServiceItemList.as_view(), name="service-item-list"),
    path(
        "bureaus/<slug:code>/service-items/<str:item_code>/",
        services_api.ServiceItemDetail.as_view(),
        name="service-item-detail",
    ),
    path(
        "bureaus/<slug:code>/applications/", applications_api.BureauApplications.as_view(), name="bureau-applications"
    ),
    path(
        "bureaus/<slug:code>/applications/<str:number>/events/",
        applications_api.ApplicationEvents.as_view(),
        name="application-events",
    ),
    path("applications/<str:number>/", applications_api.ApplicationProgress.as_view(), name="application-progress"),
    path("inquiries/", inquiries_api.InquiryList.as_view(), name="inquiry-list"),
    path("concerns/", concerns_api.ConcernList.as_view(), name="concern-list"),
    path("surveys/", surveys_api.SurveyList.as_view(), name="survey-list"),
    path("surveys/<int:pk>/", surveys_api.SurveyDetail.as_view(), name="survey-detail"),
    path("decisions/", participation_api.DecisionCatalogList.as_view(), name="decision-list"),
    path("consultations/", participation_api.ConsultationList.as_view(), name="consultation-list"),
    path("hearings/", participation_api.HearingList.as_view(), name="hearing-list"),
    path("new-media-accounts/", new_media_api.NewMediaAccountList.as_view(), name="new-media-account-list"),
]
