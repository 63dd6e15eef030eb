import pytest

from gongkai.accounts.roles import Role
from gongkai.catalogs.interchange.limits import Limits

from .helpers import guideline_items


@pytest.fixture
def limits():
    return Limits()


@pytest.fixture
def guide_items():
    return guideline_items()


@pytest.fixture
def editor(people):
    return people[Role.EDITOR]


@pytest.fixture
def other_editor(people):
    return people["wenxian_editor"]
