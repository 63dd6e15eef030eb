import pytest

from gongkai.accounts.roles import Role
from tests.factories import user_with_role


@pytest.fixture
def editor(people):
    return people[Role.EDITOR]


@pytest.fixture
def gov_reviewer(people):
    return people[Role.GOV_REVIEWER]


@pytest.fixture
def supervisor(people):
    return people[Role.CITY_SUPERVISOR]


@pytest.fixture
def wenxian_gov_reviewer(wenxian):
    return user_with_role(Role.GOV_REVIEWER, wenxian.review_office)
