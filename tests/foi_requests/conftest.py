import pytest

from gongkai.accounts.roles import Role


@pytest.fixture
def editor(people):
    return people[Role.EDITOR]


@pytest.fixture
def reviewer(people):
    return people[Role.REVIEWER]


@pytest.fixture
def leader(people):
    return people[Role.LEADER]


@pytest.fixture
def supervisor(people):
    return people[Role.CITY_SUPERVISOR]


@pytest.fixture
def wenxian_editor(people):
    return people["wenxian_editor"]


@pytest.fixture(autouse=True)
def default_language():
    from django.conf import settings
    from django.utils import translation

    with translation.override(settings.LANGUAGE_CODE):
        yield
