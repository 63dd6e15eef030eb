"""Public registry pages: lean views over `rendering` (404 for an unknown bureau)."""

from django.http import Http404, HttpResponse
from django.utils.translation import get_language

from gongkai.organizations.models import Bureau
from gongkai.portal import selectors as portal_selectors

from . import rendering


def city_registry(request):
    return HttpResponse(rendering.render_city_registry(get_language()))


def bureau_registry(request, code):
    try:
        bureau = portal_selectors.bureau_get_public(code)
    except Bureau.DoesNotExist as exc:
        raise Http404 from exc
    return HttpResponse(rendering.render_bureau_registry(bureau, get_language()))
