"""The evaluation computes every indicator for all bureaus at once (`compute_many`): its queries, and those of the
evaluation page, do not grow with the number of counties."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from gongkai.supervision import evaluation, indicators
from tests.factories import BureauFactory

pytestmark = pytest.mark.django_db


def _more_counties(city, n):
    for i in range(n):
        BureauFactory(code=f"extra{i}", name=f"示例{i}县应急管理局", short_name=f"示例{i}县", parent=city)


def _queries(function) -> int:
    with CaptureQueriesContext(connection) as captured:
        function()
    return len(captured)


def test_evaluation_queries_do_not_grow_with_the_bureaus(city, xiuwu, wenxian):
    evaluation.evaluate(city, 2026)  # warm caches (content types, rules)
    few = _queries(lambda: evaluation.evaluate(city, 2026))
    _more_counties(city, 6)
    many = _queries(lambda: evaluation.evaluate(city, 2026))
    assert len(evaluation.evaluate(city, 2026).results) == 9
    assert many == few


def test_evaluation_every_automatic_indicator_computes_many_at_once():
    assert [i.code for i in indicators.all_indicators() if not i.is_manual and i.compute_many is None] == []


def test_evaluation_page_queries_do_not_grow_with_the_bureaus(client, supervisor, city, xiuwu, wenxian):
    client.force_login(supervisor)
    url = reverse("supervision_admin:evaluation") + "?year=2026"
    assert client.get(url).status_code == 200
    few = _queries(lambda: client.get(url))
    _more_counties(city, 6)
    many = _queries(lambda: client.get(url))
    assert many == few
