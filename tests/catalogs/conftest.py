import pytest

from gongkai.accounts.roles import Role
from tests.factories import user_with_role


@pytest.fixture
def wenxian_gov_reviewer(wenxian):
    return user_with_role(Role.GOV_REVIEWER, wenxian.review_office)
