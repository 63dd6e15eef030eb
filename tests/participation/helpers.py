"""Helpers for participation tests that other test packages use too (publishing)."""

import datetime as dt

from django.utils import timezone

from gongkai.participation.services import hearings


def draft_hearing(bureau, editor, **fields):
    """A hearing announcement in draft, 20 days ahead, registration open for 5 more days."""
    data = {
        "kind": "hearing",
        "title": "安全生产举报奖励办法听证会",
        "subject": "听证事项",
        "place": "县应急管理局三楼会议室",
        "held_at": timezone.now() + dt.timedelta(days=20),
        "selection_method": "按报名先后顺序",
        "registration_closes": timezone.localdate() + dt.timedelta(days=5),
        "seats": 10,
        **fields,
    }
    return hearings.hearing_save(bureau=bureau, fields=data, acting_user=editor)
