"""The city supervisor's admin home (/admin/: the records, catalogs, FOI, inquiries and working-day panels of
every county it sees) runs a fixed number of queries, whatever the number of counties."""

import pytest
from django.urls import reverse

from tests.factories import BureauFactory
from tests.records.factories import published_item

from .test_dashboard_queries import _queries

pytestmark = pytest.mark.django_db

PERIODIC = {
    "time_limit_text": "半年至少更新1次",
    "time_limit_rule": {"kind": "periodic", "months": 6, "min_updates": 1},
}


def _counties_with_catalogs(city, start, n):
    """`n` more counties, each with a published catalog holding a periodic column (its due date is read)."""
    for i in range(start, start + n):
        county = BureauFactory(code=f"extra{i}", name=f"示例{i}县应急管理局", short_name=f"示例{i}县", parent=city)
        published_item(county, **PERIODIC)


def test_supervisors_admin_home_queries_do_not_grow_with_the_counties(client, supervisor, city):
    _counties_with_catalogs(city, 0, 2)
    client.force_login(supervisor)
    url = reverse("wagtailadmin_home")
    _queries(client, url)  # warm caches (content types, menu)
    two = _queries(client, url)
    _counties_with_catalogs(city, 2, 6)
    assert _queries(client, url) == two
