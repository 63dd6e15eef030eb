"""The root URLconf: the admin, the API, health, and the public pages in both languages."""

from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from gongkai.core import views as core_views
from gongkai.portal import views as portal_views

handler404 = "gongkai.portal.views.not_found"  # the same page is published as 404.html (docs/publishing.md)
handler400 = "gongkai.portal.views.bad_request"  # e.g. a form's POST over the server's size limit

urlpatterns = [
    path("healthz", core_views.healthz, name="healthz"),
    path("robots.txt", portal_views.robots_txt, name="robots"),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("api/v1/", include("gongkai.api.urls")),
]

urlpatterns += i18n_patterns(
    path("", include("gongkai.portal.urls")),
    path("", include("gongkai.records.urls")),
    path("", include("gongkai.catalogs.urls")),
    path("", include("gongkai.foi_requests.urls_public")),
    path("", include("gongkai.service_items.urls")),
    path("", include("gongkai.applications.urls")),
    path("", include("gongkai.powerlists.urls")),
    path("", include("gongkai.inquiries.urls")),
    path("", include("gongkai.concerns.urls")),
    path("", include("gongkai.surveys.urls")),
    path("", include("gongkai.participation.urls")),
    path("", include("gongkai.supervision.urls")),
    path("", include("gongkai.annual_reports.urls")),
    path("", include("gongkai.new_media.urls")),
    path("", include(("gongkai.accounts.applicant", "applicant"))),
    path("", include("gongkai.kiosk.urls")),
    prefix_default_language=False,
)

# MEDIA_ROOT is never served from a public path, in DEBUG neither: it holds FOI attachments, reply
# documents, drafts and replaced files. Every file goes out through a view that checks who may have it
# (records.views for published attachments, the FOI views for the applicant's and staff's files).
