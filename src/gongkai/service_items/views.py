"""Public service pages: lean views over `rendering` (404 for an unknown bureau or unpublished item)."""

from django.http import Http404, HttpResponse
from django.utils.translation import get_language

from gongkai.organizations.models import Bureau
from gongkai.portal import selectors as portal_selectors

from . import rendering, selectors
from .models import ServiceItem


def _bureau_or_404(code: str) -> Bureau:
    try:
        return portal_selectors.bureau_get_public(code)
    except Bureau.DoesNotExist as exc:
        raise Http404 from exc


def service_list(request, code):
    return HttpResponse(rendering.render_service_list(_bureau_or_404(code), get_language()))


def service_item(request, code, item_code):
    try:
        item = selectors.item_get_public(_bureau_or_404(code), item_code)
    except ServiceItem.DoesNotExist as exc:
        raise Http404 from exc
    return HttpResponse(rendering.render_service_item(item, get_language()))
