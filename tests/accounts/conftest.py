import pytest
from django.urls import reverse

from tests.factories import PASSWORD


@pytest.fixture
def login_url():
    return reverse("wagtailadmin_login")


@pytest.fixture
def admin_login(client, login_url):
    """POST the real Wagtail admin login form (our StaffLoginForm)."""

    def post(username, password=PASSWORD, otp_token="", c=None, **extra):
        data = {"username": username, "password": password}
        if otp_token:
            data["otp_token"] = otp_token
        return (c or client).post(login_url, data, **extra)

    return post
