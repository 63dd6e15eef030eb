import pytest

from gongkai.accounts.roles import Role
from tests.factories import BureauFactory, user_with_role
from tests.records.factories import CatalogItemFactory, publish_catalog


@pytest.fixture
def bureau(db):
    return BureauFactory(code="wenxian", name="温县应急管理局", short_name="温县局")


@pytest.fixture
def editor(bureau):
    return user_with_role(Role.EDITOR, bureau)


@pytest.fixture
def reviewer(bureau):
    return user_with_role(Role.REVIEWER, bureau)


@pytest.fixture
def leader(bureau):
    return user_with_role(Role.LEADER, bureau)


@pytest.fixture
def items(bureau):
    """Catalog items of the bureau: 行政许可, 行政处罚, 行政强制, 其他政策文件."""
    made = {
        key: CatalogItemFactory(catalog__bureau=bureau, level2=level2)
        for key, level2 in (
            ("licensing", "行政许可"),
            ("penalty", "行政处罚"),
            ("coercion", "行政强制"),
            ("policy", "其他政策文件"),
            ("inspection", "行政检查"),
        )
    }
    publish_catalog(bureau)
    return made
