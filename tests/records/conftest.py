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
