"""The public survey pages rendered without a request: a bureau's published surveys, and a survey's
results with server-rendered SVG bar charts (no script)."""

from __future__ import annotations

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from markupsafe import Markup

from gongkai.portal.rendering import language_alternates, render_page

from . import selectors, services
from .results import bar_chart


def render_survey_list(bureau, language: str = settings.LANGUAGE_CODE) -> str:
    surveys = list(selectors.published(bureau))
    context = {
        "bureau": bureau,
        "parent": bureau.parent,
        "surveys": surveys,
        "today": timezone.localdate(),
        "updated_at": max((s.published_at for s in surveys if s.published_at), default=None),
        "alternates": language_alternates("surveys:list", {"code": bureau.code}),
    }
    return render_page("surveys/list.html", context, language)


def render_results(survey, language: str = settings.LANGUAGE_CODE) -> str:
    with translation.override(language):
        rows = []
        for result in services.results(survey):
            chart = None
            if result.counts:
                title = _("%(question)s: answers per choice") % {"question": result.text}
                chart = Markup(bar_chart(result.counts, title=title))
            rows.append({"result": result, "chart": chart})
    context = {
        "bureau": survey.bureau,
        "parent": survey.bureau.parent,
        "survey": survey,
        "rows": rows,
        "total": survey.responses.count(),
        "updated_at": survey.published_at,
        "alternates": language_alternates("surveys:results", {"code": survey.bureau.code, "pk": survey.pk}),
    }
    return render_page("surveys/results.html", context, language)
