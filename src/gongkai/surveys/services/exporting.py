"""Results and export of a survey: the tally of its responses (`results`, drawn by `surveys.results`) and
the XLSX workbook of every response with a results sheet (`export_xlsx`, staff with the view permission,
audited as `surveys.survey.exported`).
"""

from __future__ import annotations

import io

from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.accounts import permissions
from gongkai.core import audit

from ..models import RATING_MAX, QuestionKind, Survey
from ..rules import VIEW_SURVEY


def results(survey: Survey):
    from ..results import tally

    answers = list(survey.responses.values_list("answers", flat=True))
    return tally(list(survey.questions.all()), answers, rating_max=RATING_MAX)


def export_xlsx(*, survey: Survey, acting_user, request=None) -> bytes:
    """All responses of `survey` as a workbook: one row per response, one column per question."""
    from openpyxl import Workbook

    permissions.require(acting_user, VIEW_SURVEY, survey)
    questions = list(survey.questions.all())
    book = Workbook()
    sheet = book.active
    sheet.title = "responses"
    sheet.append([_("No."), _("Submitted at"), *[q.text for q in questions]])
    for number, response in enumerate(survey.responses.order_by("submitted_at", "pk"), start=1):
        row = [number, timezone.localtime(response.submitted_at).strftime("%Y-%m-%d %H:%M")]
        for q in questions:
            value = response.answers.get(str(q.pk), "")
            row.append("；".join(value) if isinstance(value, list) else value)
        sheet.append(row)
    summary = book.create_sheet("results")
    for result in results(survey):
        summary.append([result.text])
        for label, count in result.counts:
            summary.append(["", label, count])
        if result.kind == QuestionKind.TEXT:
            summary.append(["", _("Answers"), result.answered])
    out = io.BytesIO()
    book.save(out)
    audit.record("surveys.survey.exported", user=acting_user, instance=survey, request=request)
    return out.getvalue()
