"""Public page of responses to public concerns (request-free rendering)."""

from django.http import Http404, HttpResponse
from django.utils.translation import get_language
from django.views.decorators.http import require_safe

from gongkai.organizations.models import Bureau
from gongkai.portal import selectors as portal_selectors

from . import rendering


@require_safe
def concern_list(request, code):
    try:
        bureau = portal_selectors.bureau_get_public(code)
    except Bureau.DoesNotExist as exc:
        raise Http404 from exc
    return HttpResponse(rendering.render_concern_list(bureau, get_language()))
