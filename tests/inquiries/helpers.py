import datetime as dt

from gongkai.inquiries import services


def ask(bureau, **overrides):
    data = {
        "bureau": bureau,
        "name": "张三",
        "contact": "zhang@example.com",
        "subject": "应急预案备案需要哪些材料",
        "body": "请问企业应急预案备案需要准备哪些材料？",
        "topic": "services",
        "consent_publish": True,
    }
    data.update(overrides)
    return services.submit_inquiry(**data)


def answered(bureau, editor, reviewer, **overrides):
    inquiry = ask(bureau, **overrides)
    services.answer_save(inquiry=inquiry, answer_text="需要备案申报表、评审意见和电子文档。", acting_user=editor)
    services.answer_submit(inquiry=inquiry, acting_user=editor)
    return services.answer_approve(inquiry=inquiry, acting_user=reviewer, confidentiality_result="passed")


def days_ago(days):
    from django.utils import timezone

    return timezone.now() - dt.timedelta(days=days)
