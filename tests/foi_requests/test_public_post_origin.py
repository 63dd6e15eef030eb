"""The anonymous intake POST (core.public_post): same-origin instead of a CSRF token, never the session's user."""

import re
import uuid

import pytest
from django.conf import settings
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from gongkai.core import intake as journal
from gongkai.core.models import IntakeEntry
from gongkai.foi_requests.models import FoiRequest

from .test_applicant_accounts import signup
from .test_validation import valid

pytestmark = pytest.mark.django_db
REFUSED = "只能从本网站的表单页面提交"


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


def _url(code="xiuwu"):
    return reverse("foi:apply", kwargs={"code": code})


def _post(client, token=None, **headers):
    data = {**valid(), "client_token": str(token or uuid.uuid4())}
    return client.post(_url(), data, headers=headers)


def _number(response) -> str:
    return re.search(r'id="tracking-number">([0-9A-Z]+)<', response.content.decode()).group(1)


@pytest.mark.parametrize(
    "headers", [{"Origin": "https://evil.example"}, {"Sec-Fetch-Site": "cross-site"}, {"Origin": "null"}]
)
def test_a_cross_site_post_is_refused_in_chinese_and_nothing_is_journaled(client, xiuwu, headers):
    response = _post(client, **headers)
    assert response.status_code == 403 and REFUSED in response.content.decode()
    assert not IntakeEntry.objects.exists()


def test_a_same_origin_post_without_csrf_token_is_acknowledged_and_a_retry_gets_the_same_number(xiuwu):
    client = Client(enforce_csrf_checks=True)
    token = uuid.uuid4()
    first = _post(client, token, Origin="http://testserver", **{"Sec-Fetch-Site": "same-origin"})
    again = _post(client, token, Origin="http://testserver")
    assert first.status_code == again.status_code == 200
    assert _number(first) == _number(again) == IntakeEntry.objects.get().number


def _signed_in() -> Client:
    """A browser with an applicant's session, whose POSTs are CSRF-checked from now on."""
    client = Client()
    assert signup(client).status_code == 302 and settings.SESSION_COOKIE_NAME in client.cookies
    client.handler.enforce_csrf_checks = True
    return client


def test_a_post_without_csrf_token_files_as_anonymous_even_for_a_signed_in_applicant(xiuwu, monkeypatch):
    client = _signed_in()
    monkeypatch.setattr(journal, "_enqueue", lambda pk: None)
    response = _post(client, Origin="http://testserver")
    assert response.status_code == 200
    journal.materialise(IntakeEntry.objects.get().pk)
    assert FoiRequest.objects.get().applicant_account is None


def test_a_post_with_a_csrf_token_is_checked_by_django_and_then_uses_the_session(xiuwu):
    client = _signed_in()
    page = client.get(_url()).content.decode()
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    token = re.search(r'name="client_token" value="([0-9a-f-]{36})"', page).group(1)
    forged = client.post(_url(), {**valid(), "client_token": token, "csrfmiddlewaretoken": "x" * 64})
    assert forged.status_code == 403 and not IntakeEntry.objects.exists()
    response = client.post(_url(), {**valid(), "client_token": token, "csrfmiddlewaretoken": csrf})
    assert response.status_code == 200
    assert FoiRequest.objects.get().applicant_account.username == "zhang@example.com"
