"""Surveys: four-eyes publication, one response per verified person, answers checked per kind, results
counted and drawn, the XLSX export."""

import datetime as dt
import io

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from openpyxl import load_workbook

from gongkai.surveys import services
from gongkai.surveys.models import SurveyResponse, SurveyStatus
from gongkai.surveys.results import bar_chart

from .helpers import answers_for, draft_survey, published_survey, respond

pytestmark = pytest.mark.django_db


def test_a_survey_is_published_by_another_person_of_the_bureau(xiuwu, editor, reviewer):
    survey = published_survey(xiuwu, editor, reviewer)
    assert survey.status == SurveyStatus.PUBLISHED and survey.published_at and survey.approved_by == reviewer


def test_the_author_may_not_publish_their_own_survey(xiuwu, reviewer):
    survey = draft_survey(xiuwu, reviewer)
    services.survey_submit(survey=survey, acting_user=reviewer)
    with pytest.raises(PermissionDenied):
        services.survey_approve(survey=survey, acting_user=reviewer, confidentiality_result="passed")


def test_a_survey_closing_before_it_opens_is_refused(xiuwu, editor):
    today = timezone.localdate()
    with pytest.raises(ValidationError) as exc:
        draft_survey(xiuwu, editor, opens_on=today, closes_on=today - dt.timedelta(days=1))
    assert exc.value.error_dict["closes_on"][0].code == "closes_before_opens"


def test_a_choice_question_needs_two_choices(xiuwu, editor):
    with pytest.raises(ValidationError):
        draft_survey(xiuwu, editor, questions=[{"kind": "single", "text": "问题", "choices": ["唯一"]}])


def test_personal_data_in_a_survey_blocks_submission(xiuwu, editor):
    survey = draft_survey(xiuwu, editor, description="联系人电话13812345678")
    with pytest.raises(ValidationError) as exc:
        services.survey_submit(survey=survey, acting_user=editor)
    assert exc.value.code == "pii_found"


def test_one_response_per_verified_address(xiuwu, editor, reviewer):
    survey = published_survey(xiuwu, editor, reviewer)
    respond(survey, "a@example.com")
    with pytest.raises(ValidationError) as exc:
        services.send_code(survey=survey, email="A@example.com ", send=False)
    assert exc.value.error_dict["email"][0].code == "already_answered"
    assert SurveyResponse.objects.count() == 1
    assert "a@example.com" not in SurveyResponse.objects.get().respondent


def test_the_code_is_mailed_and_a_wrong_code_is_refused_then_locked(
    xiuwu, editor, reviewer, django_capture_on_commit_callbacks
):
    survey = published_survey(xiuwu, editor, reviewer)
    with django_capture_on_commit_callbacks(execute=True):
        code = services.send_code(survey=survey, email="b@example.com")
    assert code in mail.outbox[0].body
    for _attempt in range(services.CODE_ATTEMPTS):
        with pytest.raises(ValidationError) as exc:
            services.submit_response(survey=survey, email="b@example.com", code="000000x", answers=answers_for(survey))
        assert exc.value.error_dict["code"][0].code == "wrong_code"
    with pytest.raises(ValidationError) as exc:
        services.submit_response(survey=survey, email="b@example.com", code=code, answers=answers_for(survey))
    assert exc.value.error_dict["code"][0].code == "too_many_attempts"


def test_a_response_without_a_code_is_refused(xiuwu, editor, reviewer):
    survey = published_survey(xiuwu, editor, reviewer)
    with pytest.raises(ValidationError) as exc:
        services.submit_response(survey=survey, email="c@example.com", code="123456", answers=answers_for(survey))
    assert exc.value.error_dict["code"][0].code == "no_code"


def test_answers_are_checked_per_kind(xiuwu, editor, reviewer):
    survey = published_survey(xiuwu, editor, reviewer)
    single, multiple, rating, _text = survey.questions.all()
    with pytest.raises(ValidationError) as exc:
        services.clean_answers(survey, {str(single.pk): "不存在", str(multiple.pk): ["行政许可"], str(rating.pk): 9})
    assert {k: v[0].code for k, v in exc.value.error_dict.items()} == {
        single.field_name: "invalid_choice",
        rating.field_name: "invalid_rating",
    }


def test_a_closed_survey_takes_no_answers(xiuwu, editor, reviewer):
    today = timezone.localdate()
    survey = published_survey(
        xiuwu, editor, reviewer, opens_on=today - dt.timedelta(days=9), closes_on=today - dt.timedelta(days=1)
    )
    with pytest.raises(ValidationError) as exc:
        services.send_code(survey=survey, email="d@example.com", send=False)
    assert exc.value.code == "survey_closed"


def test_results_count_choices_and_ratings(xiuwu, editor, reviewer):
    survey = published_survey(xiuwu, editor, reviewer)
    for n in range(3):
        respond(survey, f"r{n}@example.com", n)
    single, multiple, rating, text = services.results(survey)
    assert single.counts == [("政府网站", 1), ("政务新媒体", 1), ("其他", 1)]
    assert dict(multiple.counts) == {"行政许可": 3, "救灾款物": 2, "应急预案": 1}
    assert rating.mean == 2.0 and text.answered == 1


def test_the_bar_chart_is_an_accessible_svg_without_script():
    svg = bar_chart([("政府网站", 3), ("<b>", 0)], title="渠道")
    assert svg.startswith("<svg") and 'role="img"' in svg and 'aria-label="渠道"' in svg
    assert "<script" not in svg and "&lt;b&gt;" in svg


def test_the_export_has_one_row_per_response(xiuwu, editor, reviewer):
    survey = published_survey(xiuwu, editor, reviewer)
    for n in range(2):
        respond(survey, f"e{n}@example.com", n)
    book = load_workbook(io.BytesIO(services.export_xlsx(survey=survey, acting_user=editor)))
    rows = list(book["responses"].values)
    assert len(rows) == 3 and rows[0][2] == "您通过什么渠道了解政务公开信息？"


def test_another_bureau_may_not_export(xiuwu, editor, reviewer, wenxian_editor):
    survey = published_survey(xiuwu, editor, reviewer)
    with pytest.raises(PermissionDenied):
        services.export_xlsx(survey=survey, acting_user=wenxian_editor)
