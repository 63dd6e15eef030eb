"""Public service pages: lean views over `rendering` (404 for an unknown bureau or unpublished item)."""

from django.http import FileResponse, Http404, HttpResponse
from django.utils.translation import get_language

from gongkai.organizations.models import Bureau
from gongkai.portal import selectors as portal_selectors

from . import handbook, pdf, rendering, selectors
from .models import ServiceItem


def _bureau_or_404(code: str) -> Bureau:
    try:
        return portal_selectors.bureau_get_public(code)
    except Bureau.DoesNotExist as exc:
        raise Http404 from exc


def service_list(request, code):
    return HttpResponse(rendering.render_service_list(_bureau_or_404(code), get_language()))


def _item_or_404(code: str, item_code: str) -> ServiceItem:
    try:
        return selectors.item_get_public(_bureau_or_404(code), item_code)
    except ServiceItem.DoesNotExist as exc:
        raise Http404 from exc


def service_item(request, code, item_code):
    return HttpResponse(rendering.render_service_item(_item_or_404(code, item_code), get_language()))


def service_notice(request, code, item_code):
    return HttpResponse(rendering.render_notice_page(_item_or_404(code, item_code), get_language()))


def service_notice_pdf(request, code, item_code):
    item = _item_or_404(code, item_code)
    response = HttpResponse(pdf.render_notice(item), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="notice-{item.bureau.code}-{item.pk}.pdf"'
    return response


HANDBOOK_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def handbook_download(request, fmt, code=None):
    """The last built handbook of the bureau `code` (without: the whole city); it holds published guides only."""
    if fmt not in HANDBOOK_TYPES:
        raise Http404
    book = handbook.handbook_public(_bureau_or_404(code) if code else None)
    stored = getattr(book, fmt, None) if book else None
    if not stored:
        raise Http404
    name = f"handbook-{handbook.scope_of(book.bureau)}.{fmt}"
    return FileResponse(stored.open("rb"), content_type=HANDBOOK_TYPES[fmt], filename=name)
