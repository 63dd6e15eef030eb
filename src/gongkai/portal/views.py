"""Public portal views: thin wrappers around portal.rendering (which needs no request)."""

from django.core.exceptions import RequestDataTooBig
from django.http import Http404, HttpResponse
from django.utils.translation import get_language

from gongkai.organizations.models import Bureau

from . import rendering, selectors


def _bureau_or_404(code: str) -> Bureau:
    try:
        return selectors.bureau_get_public(code)
    except Bureau.DoesNotExist as exc:
        raise Http404 from exc


def home(request):
    return HttpResponse(rendering.render_home(get_language()))


def bureau(request, code):
    return HttpResponse(rendering.render_bureau(_bureau_or_404(code), get_language()))


def section_view(section):
    def view(request, code):
        return HttpResponse(rendering.render_section(_bureau_or_404(code), section, get_language()))

    view.__name__ = f"section_{section}"
    return view


def not_found(request, exception=None):
    """handler404 (gongkai.urls): the portal's page for an unknown address, as the published 404.html."""
    return HttpResponse(rendering.render_not_found(get_language()), status=404)


def bad_request(request, exception=None):
    """handler400 (gongkai.urls): a request the server cannot take, said in the visitor's language; a form
    sent with more than the server takes (DATA_UPLOAD_MAX_MEMORY_SIZE) is told so (nothing was saved)."""
    too_big = isinstance(exception, RequestDataTooBig)
    return HttpResponse(rendering.render_bad_request(get_language(), too_big=too_big), status=400)


def robots_txt(request):
    """/robots.txt: the admin and per-visitor pages are not for crawlers; where the sitemap is."""
    return HttpResponse(rendering.render_robots(), content_type="text/plain; charset=utf-8")
