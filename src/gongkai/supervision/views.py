"""Public bulletin pages: the list of a bureau's published bulletins and their files (404 for a draft)."""

from django.http import Http404, HttpResponse
from django.utils.translation import get_language

from gongkai.organizations.models import Bureau, BureauKind
from gongkai.portal import selectors as portal_selectors

from . import bulletins, rendering
from .models import Bulletin

CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}


def _bureau_or_404(code: str) -> Bureau:
    """A city bureau (the one that issues bulletins)."""
    try:
        bureau = portal_selectors.bureau_get_public(code)
    except Bureau.DoesNotExist as exc:
        raise Http404 from exc
    if bureau.kind != BureauKind.CITY:
        raise Http404
    return bureau


def bulletin_list(request, code):
    return HttpResponse(rendering.render_bulletin_list(_bureau_or_404(code), get_language()))


def bulletin_file(request, code, year, sequence, fmt):
    if fmt not in CONTENT_TYPES:
        raise Http404
    try:
        bulletin = rendering.bulletin_get_public(_bureau_or_404(code), year, sequence)
    except Bulletin.DoesNotExist as exc:
        raise Http404 from exc
    return file_response(bulletin, fmt)


def file_response(bulletin, fmt: str) -> HttpResponse:
    response = HttpResponse(bulletins.render(bulletin.content, fmt), content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="bulletin-{bulletin.year}-{bulletin.sequence}.{fmt}"'
    return response
