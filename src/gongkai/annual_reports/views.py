"""Public annual-report pages: lean views over `rendering` and `exports` (404 for an unknown bureau or year)."""

from django.http import Http404, HttpResponse
from django.utils.translation import get_language

from gongkai.organizations.models import Bureau
from gongkai.portal import selectors as portal_selectors

from . import exports, rendering, selectors
from .models import AnnualReport


def _published_or_404(code: str, year: int) -> AnnualReport:
    try:
        return selectors.published_get(portal_selectors.bureau_get_public(code), year)
    except (Bureau.DoesNotExist, AnnualReport.DoesNotExist) as exc:
        raise Http404 from exc


def report_page(request, code, year):
    return HttpResponse(rendering.render_report(_published_or_404(code, year), get_language()))


def report_download(request, code, year, fmt):
    if fmt not in ("pdf", "docx"):
        raise Http404
    report = _published_or_404(code, year)
    content_type, _render = exports.FORMATS[fmt]
    response = HttpResponse(exports.render(report.published_content, fmt), content_type=content_type)
    response["Content-Disposition"] = f'inline; filename="annual-report-{code}-{year}.{fmt}"'
    return response
