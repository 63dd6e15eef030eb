"""Optional applicant accounts: sign up, sign in, and one list of one's own requests."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from gongkai.accounts.models import User
from gongkai.core.models import AuditLogEntry
from gongkai.foi_requests.models import FoiRequest

from .factories import FoiRequestFactory
from .test_public_views import post_form, verify

pytestmark = pytest.mark.django_db
PASSWORD = "Shenqing@2026x"


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


def signup(client, email="zhang@example.com", **extra):
    data = {"full_name": "张三", "email": email, "phone": "", "password1": PASSWORD, "password2": PASSWORD}
    data.update(extra)
    return client.post(reverse("applicant:signup"), data)


def test_signup_creates_a_public_account_without_admin_access_and_signs_in(client):
    response = signup(client)
    assert response.status_code == 302 and response["Location"] == reverse("foi:mine")
    user = User.objects.get(username="zhang@example.com")
    assert not user.is_staff and not user.memberships.exists()
    assert AuditLogEntry.objects.filter(action="accounts.applicant.signup", object_id=str(user.pk)).exists()
    assert client.get(reverse("foi:mine")).status_code == 200
    admin = client.get("/admin/")
    assert admin.status_code == 302 and "/admin/login/" in admin["Location"]


def test_signup_refuses_a_taken_email_differing_passwords_and_a_weak_password(client):
    signup(client)
    client.logout()
    taken = signup(client, email="Zhang@Example.com")
    assert taken.status_code == 400 and "email" in taken.context["form"].errors
    differ = signup(client, email="li@example.com", password2="Other@2026xyz")
    assert "password2" in differ.context["form"].errors
    weak = signup(client, email="wang@example.com", password1="123", password2="123")
    assert weak.status_code == 400 and "password1" in weak.context["form"].errors
    assert User.objects.filter(is_staff=False).count() == 1


def test_request_filed_while_signed_in_is_listed_and_opens_without_a_code(client, xiuwu):
    signup(client)
    response = post_form(client)
    assert response.status_code == 200  # the acknowledgement (core.intake)
    foi = FoiRequest.objects.get()
    assert foi.applicant_account.username == "zhang@example.com"
    mine = client.get(reverse("foi:mine")).content.decode()
    assert foi.tracking_number in mine
    assert client.get(reverse("foi:status", kwargs={"uuid": foi.uuid})).status_code == 200


def test_another_account_neither_lists_nor_opens_the_request(client, xiuwu):
    signup(client)
    post_form(client)
    foi = FoiRequest.objects.get()
    client.post(reverse("applicant:logout"))
    signup(client, email="li@example.com")
    assert foi.tracking_number not in client.get(reverse("foi:mine")).content.decode()
    response = client.get(reverse("foi:status", kwargs={"uuid": foi.uuid}))
    assert response.status_code == 302 and response["Location"].startswith(reverse("foi:track"))


def test_following_a_request_with_its_code_while_signed_in_adds_it_to_the_account(client, xiuwu):
    foi = FoiRequestFactory(bureau=xiuwu, email="zhang@example.com")
    signup(client)
    assert verify(client, foi).status_code == 200
    foi.refresh_from_db()
    assert foi.applicant_account.username == "zhang@example.com"


def test_my_requests_asks_to_sign_in_first(client):
    response = client.get(reverse("foi:mine"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("applicant:login"))


def test_sign_in_is_stopped_after_repeated_failures(client, settings):
    """The staff login throttles apply (accounts.services.login_refusal): this address is stopped for this name."""
    signup(client)
    client.post(reverse("applicant:logout"))
    for _ in range(settings.LOGIN_FAILURE_LIMIT):
        client.post(reverse("applicant:login"), {"username": "zhang@example.com", "password": "wrong"})
    response = client.post(reverse("applicant:login"), {"username": "zhang@example.com", "password": PASSWORD})
    assert response.status_code == 400
    assert User.objects.get(username="zhang@example.com").failed_login_count == settings.LOGIN_FAILURE_LIMIT
    assert client.get(reverse("foi:mine")).status_code == 302


def test_sign_in_goes_back_only_to_a_local_page(client):
    signup(client)
    client.post(reverse("applicant:logout"))
    data = {"username": "zhang@example.com", "password": PASSWORD, "next": "https://evil.example.com/"}
    response = client.post(reverse("applicant:login"), data)
    assert response.status_code == 302 and response["Location"] == reverse("foi:mine")
