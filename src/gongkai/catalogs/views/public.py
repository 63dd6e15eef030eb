"""Public catalog pages: thin wrappers around catalogs.rendering (which needs no request)."""

from django.http import Http404, HttpResponse
from django.utils.translation import get_language

from gongkai.organizations.models import Bureau
from gongkai.portal import selectors as portal_selectors

from .. import rendering


def _bureau_or_404(code: str) -> Bureau:
    try:
        return portal_selectors.bureau_get_public(code)
    except Bureau.DoesNotExist as exc:
        raise Http404 from exc


def catalog(request, code):
    return HttpResponse(rendering.render_catalog(_bureau_or_404(code), get_language()))


def version(request, code, number):
    try:
        return HttpResponse(rendering.render_catalog(_bureau_or_404(code), get_language(), number=number))
    except rendering.VersionNotFound as exc:
        raise Http404 from exc


def diff(request, code, a, b):
    try:
        return HttpResponse(rendering.render_diff(_bureau_or_404(code), a, b, get_language()))
    except rendering.VersionNotFound as exc:
        raise Http404 from exc


def status(request):
    return HttpResponse(rendering.render_status(get_language()))


def guidelines(request):
    return HttpResponse(rendering.render_guidelines(get_language()))
