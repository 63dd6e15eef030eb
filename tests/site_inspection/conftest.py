import pytest


@pytest.fixture(autouse=True)
def _no_published_tree(settings, tmp_path):
    """Each test has its own publish root, empty unless the test writes a tree."""
    settings.PUBLISH_ROOT = tmp_path / "site"


@pytest.fixture(autouse=True)
def _english_free(default_language):
    yield
