"""Survey verification by SMS as well as by email: one kind of contact per survey (`verify_by`), so one
response per person; the code sent through the one gateway (`core.messaging`), limits on sending codes."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from gongkai.surveys import services, verification
from gongkai.surveys.models import SurveyResponse

from .helpers import answers_for, published_survey

pytestmark = pytest.mark.django_db

SENT: list[tuple[str, str]] = []


class RecordingSms:
    def send(self, phone, text):
        SENT.append((phone, text))


class BrokenSms:
    def send(self, phone, text):
        raise ConnectionError("gateway down")


@pytest.fixture
def sms(settings):
    SENT.clear()
    settings.GONGKAI = {**settings.GONGKAI, "SMS_BACKEND": f"{__name__}.RecordingSms"}
    return SENT


def test_clean_contact_accepts_an_email_or_a_mobile_number():
    assert verification.clean_contact(" a@example.com ") == "a@example.com"
    for typed in ("13800000000", "+86 138 0000 0000", "0086-138-0000-0000", "138-0000-0000"):
        assert verification.clean_contact(typed) == "13800000000"
    for bad in ("", "12345", "0391-1234567", "12800000000", "a@", "https://x.cn"):
        with pytest.raises(ValidationError) as exc:
            verification.clean_contact(bad)
        assert exc.value.error_dict["email"][0].code == "invalid_contact"


def test_the_code_goes_by_sms_through_the_gateway_and_proves_the_number(
    xiuwu, editor, reviewer, sms, django_capture_on_commit_callbacks
):
    survey = published_survey(xiuwu, editor, reviewer, verify_by="phone")
    with django_capture_on_commit_callbacks(execute=True):
        code = services.send_code(survey=survey, email="+86 138 0000 0000")
    assert len(sms) == 1 and sms[0][0] == "13800000000" and code in sms[0][1]
    assert survey.title in sms[0][1]
    assert mail.outbox == []
    services.submit_response(survey=survey, email="138-0000-0000", code=code, answers=answers_for(survey))
    assert SurveyResponse.objects.filter(survey=survey).count() == 1
    assert "13800000000" not in SurveyResponse.objects.get().respondent


def test_a_number_that_answered_is_refused_a_second_time(xiuwu, editor, reviewer, sms):
    survey = published_survey(xiuwu, editor, reviewer, verify_by="phone")
    code = services.send_code(survey=survey, email="13900000000", send=False)
    services.submit_response(survey=survey, email="13900000000", code=code, answers=answers_for(survey))
    with pytest.raises(ValidationError) as exc:
        services.send_code(survey=survey, email="+8613900000000", send=False)
    assert exc.value.error_dict["email"][0].code == "already_answered"
    assert SurveyResponse.objects.count() == 1


def test_the_email_code_goes_through_core_messaging(xiuwu, editor, reviewer, sms, django_capture_on_commit_callbacks):
    survey = published_survey(xiuwu, editor, reviewer)
    with django_capture_on_commit_callbacks(execute=True):
        code = services.send_code(survey=survey, email="c@example.com")
    assert len(mail.outbox) == 1 and code in mail.outbox[0].body and code in mail.outbox[0].subject
    assert sms == []


def test_a_gateway_that_is_down_does_not_break_the_form(xiuwu, editor, reviewer, settings, caplog):
    settings.GONGKAI = {**settings.GONGKAI, "SMS_BACKEND": f"{__name__}.BrokenSms"}
    survey = published_survey(xiuwu, editor, reviewer)
    assert verification.deliver_code(survey, "13700000000", "123456") is False
    assert "137****0000" in caplog.text and "13700000000" not in caplog.text


def test_codes_to_one_number_are_limited_per_survey_and_person(xiuwu, editor, reviewer, sms):
    survey = published_survey(xiuwu, editor, reviewer, verify_by="phone")
    for _n in range(services.CODES_PER_ADDRESS_PER_HOUR):
        services.send_code(survey=survey, email="13600000000")
    with pytest.raises(ValidationError) as exc:
        services.send_code(survey=survey, email="136 0000 0000")
    assert exc.value.code == "rate_limited"


def test_codes_to_one_number_are_limited_over_all_surveys(xiuwu, editor, reviewer, sms):
    surveys = [published_survey(xiuwu, editor, reviewer, title=f"调查{n}", verify_by="phone") for n in range(3)]
    sent = 0
    with pytest.raises(ValidationError) as exc:  # an SMS bomb through many surveys' forms
        for _round in range(3):
            for survey in surveys:
                services.send_code(survey=survey, email="13500000000")
                sent += 1
    assert exc.value.code == "rate_limited"
    assert sent == verification.CODES_PER_DESTINATION_PER_HOUR


def test_the_public_form_takes_a_mobile_number(client, xiuwu, editor, reviewer, sms):
    survey = published_survey(xiuwu, editor, reviewer, verify_by="phone")
    url = f"/b/{xiuwu.code}/surveys/{survey.pk}/"
    page = client.get(url)
    assert "手机号码" in page.content.decode()
    answer = client.post(url, {"email": "123", "send_code": "1"})
    assert answer.status_code == 400
    assert "请输入11位手机号码" in answer.content.decode()
    answer = client.post(url, {"email": "13400000000", "send_code": "1"})
    assert answer.status_code == 200


def test_a_person_with_an_email_and_a_phone_cannot_answer_twice(xiuwu, editor, reviewer, sms):
    by_email = published_survey(xiuwu, editor, reviewer)
    respond_code = services.send_code(survey=by_email, email="e@example.com", send=False)
    services.submit_response(survey=by_email, email="e@example.com", code=respond_code, answers=answers_for(by_email))
    with pytest.raises(ValidationError) as exc:  # the same person's phone: not a way into an email survey
        services.send_code(survey=by_email, email="13300000000", send=False)
    assert exc.value.error_dict["email"][0].code == "invalid_contact"
    with pytest.raises(ValidationError) as exc:  # nor with a code obtained otherwise
        services.submit_response(survey=by_email, email="13300000000", code="123456", answers=answers_for(by_email))
    assert exc.value.error_dict["email"][0].code == "invalid_contact"
    by_phone = published_survey(xiuwu, editor, reviewer, title="手机验证的调查", verify_by="phone")
    with pytest.raises(ValidationError) as exc:
        services.send_code(survey=by_phone, email="e@example.com", send=False)
    assert exc.value.error_dict["email"][0].code == "invalid_contact"
    assert SurveyResponse.objects.filter(survey=by_email).count() == 1
    assert not SurveyResponse.objects.filter(survey=by_phone).exists()


def test_the_response_records_the_kind_of_contact_that_verified_it(xiuwu, editor, reviewer, sms):
    by_phone = published_survey(xiuwu, editor, reviewer, verify_by="phone")
    code = services.send_code(survey=by_phone, email="133 0000 0001", send=False)
    services.submit_response(survey=by_phone, email="+8613300000001", code=code, answers=answers_for(by_phone))
    by_email = published_survey(xiuwu, editor, reviewer, title="邮箱验证的调查")
    code = services.send_code(survey=by_email, email="f@example.com", send=False)
    services.submit_response(survey=by_email, email="F@Example.com", code=code, answers=answers_for(by_email))
    kinds = dict(SurveyResponse.objects.values_list("survey_id", "verified_by"))
    assert kinds == {by_phone.pk: "phone", by_email.pk: "email"}


def test_the_kind_of_verification_is_fixed_once_published(xiuwu, editor, reviewer):
    survey = published_survey(xiuwu, editor, reviewer)
    with pytest.raises(ValidationError) as exc:
        services.survey_save(
            survey=survey,
            title=survey.title,
            description="",
            opens_on=survey.opens_on,
            closes_on=survey.closes_on,
            questions=[{"kind": "text", "text": "建议"}],
            verify_by="phone",
            acting_user=editor,
        )
    assert exc.value.code == "published"
    survey.refresh_from_db()
    assert survey.verify_by == "email"


def test_the_public_form_asks_for_the_surveys_kind_of_contact(client, xiuwu, editor, reviewer, sms):
    survey = published_survey(xiuwu, editor, reviewer)
    url = f"/b/{xiuwu.code}/surveys/{survey.pk}/"
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "电子邮箱" in page and "手机号码" not in page
    answer = client.post(url, {"email": "13400000000", "send_code": "1"}, HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert answer.status_code == 400 and "通过电子邮箱验证" in answer.content.decode()
