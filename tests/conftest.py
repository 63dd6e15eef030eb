import pytest

from gongkai.accounts.roles import Role

from .factories import BureauFactory, CityBureauFactory, ReviewOfficeFactory, user_with_role

# CI switches (GONGKAI_TEST_SKIP_BROWSER) and one migration per run under xdist: tests/suite_options.py.
pytest_plugins = ["tests.suite_options"]


@pytest.fixture
def city(db):
    return CityBureauFactory()


@pytest.fixture
def xiuwu(city):
    gov = ReviewOfficeFactory(code="xiuwu-gov", name="修武县人民政府办公室")
    return BureauFactory(code="xiuwu", name="修武县应急管理局", short_name="修武县", parent=city, review_office=gov)


@pytest.fixture
def wenxian(city):
    gov = ReviewOfficeFactory(code="wenxian-gov", name="温县人民政府办公室")
    return BureauFactory(code="wenxian", name="温县应急管理局", short_name="温县", parent=city, review_office=gov)


@pytest.fixture
def people(city, xiuwu, wenxian):
    """One user per role; county roles at 修武县 (and a 温县 editor for isolation tests)."""
    return {
        Role.EDITOR: user_with_role(Role.EDITOR, xiuwu),
        Role.REVIEWER: user_with_role(Role.REVIEWER, xiuwu),
        Role.LEADER: user_with_role(Role.LEADER, xiuwu),
        Role.GOV_REVIEWER: user_with_role(Role.GOV_REVIEWER, xiuwu.review_office),
        Role.CITY_SUPERVISOR: user_with_role(Role.CITY_SUPERVISOR, city),
        Role.SYSTEM_ADMIN: user_with_role(Role.SYSTEM_ADMIN, city),
        Role.SECURITY_ADMIN: user_with_role(Role.SECURITY_ADMIN, city),
        Role.AUDIT_ADMIN: user_with_role(Role.AUDIT_ADMIN, city),
        "wenxian_editor": user_with_role(Role.EDITOR, wenxian),
    }


@pytest.fixture
def editor(people):
    return people[Role.EDITOR]


@pytest.fixture
def reviewer(people):
    return people[Role.REVIEWER]


@pytest.fixture
def leader(people):
    return people[Role.LEADER]


@pytest.fixture
def gov_reviewer(people):
    return people[Role.GOV_REVIEWER]


@pytest.fixture
def supervisor(people):
    return people[Role.CITY_SUPERVISOR]


@pytest.fixture
def wenxian_editor(people):
    return people["wenxian_editor"]


@pytest.fixture
def root_collection(db):
    """Wagtail's root collection (documents need it). Its migration made it, but a transactional test
    earlier on the same worker flushed the database, so put it back when it is gone."""
    from wagtail.models import Collection

    return Collection.get_first_root_node() or Collection.add_root(name="Root")


@pytest.fixture
def default_language():
    """Use with `pytestmark = pytest.mark.usefixtures("default_language")`: the test starts in the default
    language (a request to /en/ leaves English active in the thread)."""
    from django.conf import settings
    from django.utils import translation

    with translation.override(settings.LANGUAGE_CODE):
        yield


def pytest_configure(config):
    # The public pages are Jinja2 templates: let the test client see their context (`response.context`).
    from gongkai.portal.jinja2env import instrument_for_tests

    instrument_for_tests()


@pytest.fixture(autouse=True)
def _force_login_passes_the_second_factor(monkeypatch):
    """`client.force_login(admin)` stands for a login that passed both factors.

    The three administrators must log in with TOTP (accounts.middleware.session_gate); a test that
    force-logs one in gets a confirmed authenticator and a verified session, as after a real login.
    Tests of the login and enrollment flows post the real login form instead.
    """
    from django.test import Client

    original = Client.force_login

    def force_login(self, user, backend=None):
        original(self, user, backend)
        from django_otp import DEVICE_ID_SESSION_KEY
        from django_otp.plugins.otp_totp.models import TOTPDevice

        from gongkai.accounts import permissions

        if not permissions.totp_required(user):
            return
        device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
        device = device or TOTPDevice.objects.create(user=user, name="test authenticator", confirmed=True)
        session = self.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
        permissions.clear_cache(user)

    monkeypatch.setattr(Client, "force_login", force_login)


@pytest.fixture
def smtp_sink(settings):
    """Mail goes out over SMTP to a local sink (aiosmtpd); `smtp_sink.messages` holds what arrived."""
    from tests.smtp_sink import SmtpSink

    sink = SmtpSink()
    sink.controller.start()
    settings.MAILERS = sink.mailers()
    try:
        yield sink
    finally:
        sink.controller.stop()
