import datetime as dt

import pytest

from gongkai.accounts.roles import Role
from gongkai.catalogs.models import Campaign
from tests.factories import user_with_role


@pytest.fixture(autouse=True)
def _default_language(default_language):
    """Each supervision test starts in the default language."""


@pytest.fixture
def campaign(city):
    return Campaign.objects.create(
        name="2026年目录复核",
        city=city,
        draft_due=dt.date(2026, 7, 15),
        revision_due=dt.date(2026, 8, 15),
        approval_due=dt.date(2026, 9, 15),
    )


@pytest.fixture
def city_reviewer(city):
    return user_with_role(Role.REVIEWER, city)


@pytest.fixture
def tasks():
    return [
        {
            "title": "梳理公开事项",
            "responsible_unit": "办公室",
            "responsible_person": "张示例",
            "contact": "0391-0000001",
            "due": dt.date(2026, 9, 15),
        }
    ]
