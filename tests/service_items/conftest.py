import pytest

from gongkai.accounts.roles import Role
from tests.factories import BureauFactory, user_with_role

from .factories import complete_fields


@pytest.fixture(autouse=True)
def _root_collection(request):
    """Form templates are Wagtail documents: they need the root collection (tests/conftest.py)."""
    if {"db", "transactional_db"} & set(request.fixturenames) or request.node.get_closest_marker("django_db"):
        request.getfixturevalue("root_collection")


@pytest.fixture
def bureau(db):
    return BureauFactory(code="wuzhi", name="武陟县应急管理局", short_name="武陟县局")


@pytest.fixture
def editor(bureau):
    return user_with_role(Role.EDITOR, bureau)


@pytest.fixture
def reviewer(bureau):
    return user_with_role(Role.REVIEWER, bureau)


@pytest.fixture
def fields():
    return complete_fields()
