import pytest


@pytest.fixture(autouse=True)
def _default_language(default_language):
    """Each FOI-request test starts in the default language."""
