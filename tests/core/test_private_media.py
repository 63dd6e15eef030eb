"""Uploaded files are never served from a public path (/media/), in DEBUG neither."""

import importlib

import pytest
from django.urls import clear_url_caches

import gongkai.urls

pytestmark = pytest.mark.django_db


@pytest.fixture
def debug_urls(settings, tmp_path):
    settings.DEBUG = True
    settings.MEDIA_ROOT = tmp_path
    importlib.reload(gongkai.urls)
    clear_url_caches()
    yield tmp_path
    settings.DEBUG = False
    importlib.reload(gongkai.urls)
    clear_url_caches()


def test_a_private_foi_attachment_is_not_served_from_media_in_debug(client, debug_urls):
    private = debug_urls / "foi" / "2026" / "12" / "id-card.pdf"
    private.parent.mkdir(parents=True)
    private.write_bytes(b"%PDF-1.4 private")
    for path in ("/media/foi/2026/12/id-card.pdf", "/media/"):
        response = client.get(path)
        assert response.status_code == 404, path
        assert b"private" not in response.content
