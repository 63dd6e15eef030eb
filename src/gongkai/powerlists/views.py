"""The public lists page: a lean view over `rendering` (404 for an unknown bureau)."""

from django.http import Http404, HttpResponse
from django.utils.translation import get_language

from gongkai.organizations.models import Bureau
from gongkai.portal import selectors as portal_selectors

from . import rendering


def lists(request, code):
    try:
        bureau = portal_selectors.bureau_get_public(code)
    except Bureau.DoesNotExist as exc:
        raise Http404 from exc
    return HttpResponse(rendering.render_lists(bureau, get_language()))
