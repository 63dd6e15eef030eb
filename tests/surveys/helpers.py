import datetime as dt

from django.utils import timezone

from gongkai.surveys import services

QUESTIONS = [
    {"kind": "single", "text": "您通过什么渠道了解政务公开信息？", "choices": ["政府网站", "政务新媒体", "其他"]},
    {"kind": "multiple", "text": "您最关注哪些内容？", "choices": ["行政许可", "救灾款物", "应急预案"]},
    {"kind": "rating", "text": "总体满意度"},
    {"kind": "text", "text": "您的建议", "required": False},
]


def draft_survey(bureau, editor, **overrides):
    today = timezone.localdate()
    data = {
        "bureau": bureau,
        "title": "政务公开满意度调查",
        "description": "了解公众需求。",
        "opens_on": today - dt.timedelta(days=1),
        "closes_on": today + dt.timedelta(days=10),
        "questions": QUESTIONS,
        "acting_user": editor,
    }
    data.update(overrides)
    return services.survey_create(**data)


def published_survey(bureau, editor, reviewer, **overrides):
    survey = draft_survey(bureau, editor, **overrides)
    services.survey_submit(survey=survey, acting_user=editor)
    return services.survey_approve(survey=survey, acting_user=reviewer, confidentiality_result="passed")


def answers_for(survey, n=0):
    single, multiple, rating, text = survey.questions.all()
    return {
        str(single.pk): single.choices[n % 3],
        str(multiple.pk): multiple.choices[: 1 + n % 3],
        str(rating.pk): 1 + n % 5,
        str(text.pk): "建议多公开" if n % 2 else "",
    }


def respond(survey, email, n=0):
    code = services.send_code(survey=survey, email=email, send=False)
    return services.submit_response(survey=survey, email=email, code=code, answers=answers_for(survey, n))
