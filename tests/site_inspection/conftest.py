import pytest


@pytest.fixture(autouse=True)
def _no_published_tree(settings, tmp_path):
    """Each test has its own publish root, empty unless the test writes a tree."""
    settings.PUBLISH_ROOT = tmp_path / "site"


@pytest.fixture(autouse=True)
def _english_free(default_language):
    yield


@pytest.fixture(autouse=True)
def _seeded_rules(request):
    """The rules come from a data migration; a transactional test earlier on the same worker flushed them."""
    if not ({"db", "transactional_db"} & set(request.fixturenames) or request.node.get_closest_marker("django_db")):
        return
    request.getfixturevalue("db")
    from gongkai.site_inspection.models import InspectionRule
    from gongkai.site_inspection.seed import RULES

    for position, row in enumerate(RULES):
        InspectionRule.objects.get_or_create(code=row["code"], defaults={**row, "position": position})
