import datetime as dt

import pytest

from gongkai.accounts.roles import Role
from gongkai.catalogs.models import Campaign
from tests.factories import user_with_role


@pytest.fixture(autouse=True)
def _default_language(default_language):
    """Each supervision test starts in the default language."""


@pytest.fixture(autouse=True)
def _seeded_rules(request):
    """The self-check thresholds come from a data migration; a transactional test earlier on the same worker
    flushed them, so put them back (as the migration writes them)."""
    if not ({"db", "transactional_db"} & set(request.fixturenames) or request.node.get_closest_marker("django_db")):
        return
    request.getfixturevalue("db")
    from importlib import import_module

    from gongkai.supervision.models import SelfCheckRule

    for code, label, window, warn, veto in import_module("gongkai.supervision.migrations.0002_self_check_rules").RULES:
        SelfCheckRule.objects.get_or_create(
            code=code, defaults={"label": label, "window_days": window, "warn_at": warn, "veto_at": veto}
        )


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
