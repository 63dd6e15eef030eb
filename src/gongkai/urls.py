from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from gongkai.core import views as core_views

urlpatterns = [
    path("healthz", core_views.healthz, name="healthz"),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("api/v1/", include("gongkai.api.urls")),
]

urlpatterns += i18n_patterns(
    path("", include("gongkai.portal.urls")),
    path("", include("gongkai.records.urls")),
    path("", include("gongkai.catalogs.urls")),
    path("", include("gongkai.foi_requests.urls_public")),
    path("", include(("gongkai.accounts.applicant", "applicant"))),
    prefix_default_language=False,
)

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
