"""The permission module reads a user's memberships and the bureau tree once per user object (one request), so
the admin menu — one `permissions.can` per item — costs the same queries with 3 menu items or 30, and with 2
counties or 8; the reach computed from the one tree read is the reach of the old per-level queries."""

import pytest
from django.db import connection
from django.urls import reverse
from wagtail.admin.menu import admin_menu

from gongkai.accounts import permissions
from gongkai.accounts.models import User
from gongkai.accounts.permissions import Grant, Reach
from gongkai.accounts.roles import Role
from gongkai.accounts.wagtail_policy import PermissionMenuItem
from gongkai.organizations.models import Bureau
from tests.factories import BureauFactory

pytestmark = pytest.mark.django_db

# An action as the menu items ask them: each role reaches bureaus its own way (the tree is read for three).
_MENU_GRANTS = (
    Grant(Role.EDITOR, Reach.OWN),
    Grant(Role.LEADER, Reach.BELOW),
    Grant(Role.CITY_SUPERVISOR, Reach.SUBTREE),
    Grant(Role.GOV_REVIEWER, Reach.REVIEWED),
)


@pytest.fixture(autouse=True)
def _menu_action(monkeypatch):
    monkeypatch.setitem(permissions.RULES, "tests.menu_0", _MENU_GRANTS)


def _queries(function) -> int:
    seen = []

    def record(execute, sql, params, many, context):
        seen.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):
        function()
    return len(seen)


def _township(xiuwu):
    return BureauFactory(code="xiuwu-town", name="修武县某镇", short_name="某镇", parent=xiuwu, kind="township")


def _more_bureaus(city, n):
    """`n` counties under the city, each with a township below it."""
    for i in range(n):
        county = BureauFactory(code=f"extra{i}", name=f"示例{i}县应急管理局", short_name=f"示例{i}县", parent=city)
        BureauFactory(
            code=f"extra{i}-town", name=f"示例{i}县某镇", short_name=f"某镇{i}", parent=county, kind="township"
        )


def _more_menu_items(monkeypatch, numbers):
    items = list(admin_menu.registered_menu_items)
    for i in numbers:
        monkeypatch.setitem(permissions.RULES, f"tests.menu_{i}", _MENU_GRANTS)
        items.append(PermissionMenuItem(f"menu {i}", "/admin/", name=f"tests-menu-{i}", action=f"tests.menu_{i}"))
    monkeypatch.setattr(admin_menu, "registered_menu_items", items)


@pytest.mark.parametrize("role", [Role.EDITOR, Role.LEADER, Role.CITY_SUPERVISOR, Role.GOV_REVIEWER])
def test_permission_reach_of_every_action_costs_two_queries(people, role):
    user = User.objects.get(pk=people[role].pk)  # a fresh object, as each request loads
    assert _queries(lambda: [permissions.bureau_ids(user, action) for action in permissions.RULES]) <= 2
    assert _queries(lambda: [permissions.can(user, action) for action in permissions.RULES]) == 0


def test_permission_reach_from_the_tree_is_the_reach_of_the_bureau_queries(people, city, xiuwu, wenxian):
    _township(xiuwu)
    _more_bureaus(city, 2)
    inactive = BureauFactory(code="closed", name="已撤销县应急管理局", short_name="已撤销县", parent=city)
    Bureau.objects.filter(pk=inactive.pk).update(is_active=False)
    reviewed_too = BureauFactory(code="extra0-unit", name="示例单位", short_name="示例单位", parent=None)
    Bureau.objects.filter(pk=reviewed_too.pk).update(review_office=xiuwu.review_office)

    def subtree(bureau):
        return set(Bureau.objects.descendants_of(bureau).values_list("pk", flat=True))

    reach = {
        Role.CITY_SUPERVISOR: subtree(city),
        Role.LEADER: subtree(xiuwu) - {xiuwu.pk},
        Role.GOV_REVIEWER: set(Bureau.objects.filter(review_office=xiuwu.review_office).values_list("pk", flat=True)),
    }
    assert inactive.pk in reach[Role.CITY_SUPERVISOR] and len(reach[Role.LEADER]) == 1
    assert reach[Role.GOV_REVIEWER] == {xiuwu.pk, reviewed_too.pk}
    for role, expected in reach.items():
        assert permissions.bureau_ids(User.objects.get(pk=people[role].pk), "tests.menu_0") == frozenset(expected)


def test_permission_tree_is_read_again_after_clear_cache_and_for_each_user_object(people, city):
    supervisor = User.objects.get(pk=people[Role.CITY_SUPERVISOR].pk)
    before = permissions.bureau_ids(supervisor, "tests.menu_0")
    county = BureauFactory(code="later", name="后设县应急管理局", short_name="后设县", parent=city)
    assert county.pk not in before
    assert county.pk in permissions.bureau_ids(User.objects.get(pk=supervisor.pk), "tests.menu_0")  # next request
    permissions.clear_cache(supervisor)
    assert county.pk in permissions.bureau_ids(supervisor, "tests.menu_0")


@pytest.mark.parametrize(
    ("role", "url_name"),
    [
        (Role.EDITOR, "wagtailadmin_home"),
        (Role.EDITOR, "records_admin:index"),
        (Role.LEADER, "wagtailadmin_home"),
        (Role.LEADER, "records_admin:index"),
        (Role.CITY_SUPERVISOR, "supervision_admin:dashboard"),
    ],
)
def test_admin_page_queries_do_not_grow_with_menu_items_or_bureaus(
    client, monkeypatch, people, city, xiuwu, role, url_name
):
    _township(xiuwu)  # the leader reaches a unit below its bureau
    client.force_login(people[role])
    _more_menu_items(monkeypatch, range(1))  # one item whose reach reads the bureau tree (one query)
    url = reverse(url_name)
    assert client.get(url).status_code == 200
    few = _queries(lambda: client.get(url))
    _more_menu_items(monkeypatch, range(1, 13))
    assert "tests-menu-11" in client.get(url).content.decode()
    with_items = _queries(lambda: client.get(url))
    _more_bureaus(city, 6)
    with_bureaus = _queries(lambda: client.get(url))
    assert (with_items, with_bureaus) == (few, few)
