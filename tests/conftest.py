import pytest

from gongkai.accounts.roles import Role

from .factories import BureauFactory, CityBureauFactory, ReviewOfficeFactory, user_with_role


@pytest.fixture
def city(db):
    return CityBureauFactory()


@pytest.fixture
def xiuwu(city):
    gov = ReviewOfficeFactory(code="xiuwu-gov", name="修武县人民政府办公室")
    return BureauFactory(code="xiuwu", name="修武县应急管理局", short_name="修武县", parent=city, review_office=gov)


@pytest.fixture
def wenxian(city):
    gov = ReviewOfficeFactory(code="wenxian-gov", name="温县人民政府办公室")
    return BureauFactory(code="wenxian", name="温县应急管理局", short_name="温县", parent=city, review_office=gov)


@pytest.fixture
def people(city, xiuwu, wenxian):
    """One user per role; county roles at 修武县 (and a 温县 editor for isolation tests)."""
    return {
        Role.EDITOR: user_with_role(Role.EDITOR, xiuwu),
        Role.REVIEWER: user_with_role(Role.REVIEWER, xiuwu),
        Role.LEADER: user_with_role(Role.LEADER, xiuwu),
        Role.GOV_REVIEWER: user_with_role(Role.GOV_REVIEWER, xiuwu.review_office),
        Role.CITY_SUPERVISOR: user_with_role(Role.CITY_SUPERVISOR, city),
        Role.SYSTEM_ADMIN: user_with_role(Role.SYSTEM_ADMIN, city),
        Role.SECURITY_ADMIN: user_with_role(Role.SECURITY_ADMIN, city),
        Role.AUDIT_ADMIN: user_with_role(Role.AUDIT_ADMIN, city),
        "wenxian_editor": user_with_role(Role.EDITOR, wenxian),
    }
