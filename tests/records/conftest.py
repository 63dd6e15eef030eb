import pytest


@pytest.fixture(autouse=True)
def _default_language(default_language):
    """Each records test starts in the default language."""
