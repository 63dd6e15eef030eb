import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def english():
    """These tests check English messages; the default UI language (zh-hans) may translate them."""
    with translation.override("en"):
        yield
