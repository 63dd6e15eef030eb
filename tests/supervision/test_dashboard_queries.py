"""The city dashboard and a county's page run a fixed number of queries, whatever the number of counties (every
county's status, timeliness and FOI figures are read for all bureaus at once)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import BureauFactory

pytestmark = pytest.mark.django_db


def _more_counties(city, n):
    for i in range(n):
        BureauFactory(code=f"extra{i}", name=f"示例{i}县应急管理局", short_name=f"示例{i}县", parent=city)


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize("name, args", [("dashboard", []), ("county", ["xiuwu"])])
def test_dashboard_and_county_page_queries_do_not_grow_with_the_counties(
    client, supervisor, city, xiuwu, wenxian, name, args
):
    client.force_login(supervisor)
    url = reverse(f"supervision_admin:{name}", args=args) + "?year=2026"
    _queries(client, url)  # warm caches (content types, rules, menu)
    few = _queries(client, url)
    _more_counties(city, 6)
    assert _queries(client, url) == few
