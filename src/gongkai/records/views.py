"""Public views of records: lean (no Wagtail page routing), each renders one string from rendering.py."""

from __future__ import annotations

import re
from urllib.parse import urlencode

from django.core.paginator import EmptyPage
from django.http import FileResponse, Http404, HttpResponse
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from gongkai.catalogs.models import CatalogItem
from gongkai.organizations.models import Bureau
from gongkai.portal.responses import render_private_page

from . import indexing, rendering, selectors
from .constants import Genre, RecordStatus, Validity
from .models import Attachment, Record


def _page(request) -> int:
    try:
        return max(int(request.GET.get("page", 1)), 1)
    except ValueError:
        return 1


def _bureau_or_404(code) -> Bureau:
    try:
        return selectors.bureau_get_public(code)
    except Bureau.DoesNotExist as exc:
        raise Http404 from exc


@require_safe
def record_detail(request, uuid):
    try:
        record = selectors.record_get_public(uuid)
    except Record.DoesNotExist as exc:
        raise Http404 from exc
    if record.status == RecordStatus.WITHDRAWN:
        # Gone, with the public reason (nothing is ever silently lost).
        return HttpResponse(rendering.render_withdrawn(record, get_language()), status=410)
    return HttpResponse(rendering.render_record(record, get_language()))


@require_safe
def attachment_download(request, uuid, pk):
    attachment = (
        Attachment.objects.select_related("record")
        .filter(pk=pk, record__uuid=uuid, record__status=RecordStatus.PUBLISHED, removed_at__isnull=True)
        .first()
    )
    if attachment is None:
        raise Http404
    response = FileResponse(attachment.file.open("rb"), as_attachment=True, filename=attachment.original_name)
    if attachment.content_type:
        response["Content-Type"] = attachment.content_type
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_safe
def bureau_records(request, code):
    bureau = _bureau_or_404(code)
    try:
        return HttpResponse(rendering.render_bureau_records(bureau, _page(request), get_language()))
    except EmptyPage as exc:
        raise Http404 from exc


@require_safe
def item_records(request, code, key):
    bureau = _bureau_or_404(code)
    try:
        item = selectors.catalog_item_get_public(bureau, key)
    except CatalogItem.DoesNotExist as exc:
        raise Http404 from exc
    try:
        return HttpResponse(rendering.render_item_records(item, _page(request), get_language()))
    except EmptyPage as exc:
        raise Http404 from exc


def _result_summary(result) -> str:
    # Plural messages are made here, not in the template: makemessages does not see ngettext in Jinja2.
    if result.capped:
        return _("More than %(n)s records found.") % {"n": result.total}
    return ngettext("%(n)s record found.", "%(n)s records found.", result.total) % {"n": result.total}


def _query_string(q, bureau, year, genre, validity) -> str:
    """The search's parameters (without order and page), for the sort and page links."""
    params = {"q": q, "bureau": bureau.code if bureau else "", "year": year or "", "genre": genre or ""}
    params["validity"] = validity or ""
    return urlencode({key: value for key, value in params.items() if value})


@require_safe
def search(request):
    """The portal's record search (per visitor, so not pre-rendered)."""
    q = (request.GET.get("q") or "").strip()[:100]
    bureaus = list(Bureau.objects.disclosing().order_by("sort_order", "code"))
    bureau = next((b for b in bureaus if b.code == request.GET.get("bureau")), None)
    genre = request.GET.get("genre") if request.GET.get("genre") in Genre.values else None
    validity = request.GET.get("validity") if request.GET.get("validity") in Validity.values else None
    year = request.GET.get("year") if re.fullmatch(r"[0-9]{4}", request.GET.get("year") or "") else None
    order = "newest" if request.GET.get("order") == "newest" else "relevance"
    page = _page(request)
    result, records = None, []
    if q or bureau or genre or validity or year or request.GET.get("order"):
        result = indexing.search(
            q,
            bureau_id=bureau.pk if bureau else None,
            year=int(year) if year else None,
            genre=genre,
            validity=validity,
            page=page,
            page_size=selectors.PUBLIC_PAGE_SIZE,
            order=order,
        )
        by_id = Record.objects.published().select_related("bureau").in_bulk(result.ids)
        records = [by_id[pk] for pk in result.ids if pk in by_id]
        for record in records:
            record.snippet = indexing.result_snippet(record, q)
    context = {
        "q": q,
        "bureaus": bureaus,
        "bureau": bureau,
        "selected_bureau": bureau.code if bureau else "",
        "genres": Genre.choices,
        "validities": Validity.choices,
        "genre": genre or "",
        "validity": validity or "",
        "year": year or "",
        "result": result,
        "result_summary": _result_summary(result) if result else "",
        "records": records,
        "record_url": rendering.record_url,
        "page": page,
        "order": order,
        "query_string": _query_string(q, bureau, year, genre, validity),
        "has_previous": page > 1,
        "has_next": bool(result) and page * selectors.PUBLIC_PAGE_SIZE < result.total,
    }
    return render_private_page(
        request, "records/search.html", context, url_name="records:search", cache_control="private, max-age=0"
    )
