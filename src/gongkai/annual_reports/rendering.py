"""Public pages of annual reports, without a request (see gongkai.portal.rendering): the list in the bureau's
信息公开年报 part (filled through the portal's section provider) and the page of one published report, with
its download links (DOCX, PDF)."""

from __future__ import annotations

from django.conf import settings
from markupsafe import Markup

from gongkai.portal.rendering import language_alternates, render_page

from . import exports, selectors


def section_context(bureau) -> dict:
    reports = [
        {"year": r.year, "title": r.published_content["meta"]["title"], "published_at": r.published_at}
        for r in selectors.published_for_bureau(bureau)
    ]
    return {"annual_reports": reports}


def section_updated_at(bureau):
    return (
        selectors.published_for_bureau(bureau).values_list("published_at", flat=True).order_by("-published_at").first()
    )


def render_report(report_obj, language: str = settings.LANGUAGE_CODE) -> str:
    bureau, content = report_obj.bureau, report_obj.published_content
    context = {
        "bureau": bureau,
        "parent": bureau.parent,
        "report": report_obj,
        "title": content["meta"]["title"],
        "body": Markup(exports.html_fragment(content)),
        "updated_at": report_obj.published_at,
        "alternates": language_alternates("annual_reports:report", {"code": bureau.code, "year": report_obj.year}),
    }
    return render_page("annual_reports/report.html", context, language)
