import pytest

from gongkai.catalogs.interchange.limits import Limits

from .helpers import guideline_items


@pytest.fixture
def limits():
    return Limits()


@pytest.fixture
def guide_items():
    return guideline_items()


@pytest.fixture
def other_editor(people):
    return people["wenxian_editor"]
