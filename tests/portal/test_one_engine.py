"""Every public page is a Jinja2 template under the one frame; Django templates are left to the admin."""

import re
import uuid
from pathlib import Path

import pytest
from django.template.backends.jinja2 import Template as Jinja2Template
from django.urls import reverse

from gongkai.accounts.models import User
from gongkai.foi_requests import views_public
from gongkai.foi_requests.services import tracking
from gongkai.records import services as record_services

from ..catalogs.factories import published_catalog
from ..foi_requests.factories import FoiRequestFactory
from ..records.factories import published_record

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("default_language")]

SRC = Path(__file__).resolve().parents[2] / "src" / "gongkai"
# What a public page may render besides its Jinja2 templates: the widgets of its forms, which Django's form
# renderer draws with its own (Django) templates, and Wagtail's rich-text wrapper (the `richtext` filter).
NOT_PAGES = ("django/forms/", "wagtailcore/shared/richtext.html")


def _inside(path: Path, directory: str) -> Path:
    """`path` relative to its app's `directory` (the name a template loader knows it by)."""
    return path.relative_to(SRC / path.relative_to(SRC).parts[0] / directory)


def _names(response) -> list[tuple[str, str]]:
    return [
        ("jinja2", t.template.name) if isinstance(t, Jinja2Template) else ("django", t.name) for t in response.templates
    ]


@pytest.fixture
def public_urls(client, editor, reviewer, gov_reviewer, xiuwu):
    item = published_catalog(xiuwu, editor, gov_reviewer).items.order_by("pk").first()
    record = published_record(editor, reviewer, item)
    gone = published_record(editor, reviewer, item, title="已撤回的通知")
    record_services.record_withdraw(acting_user=reviewer, record=gone, reason="错误发布")
    foi = FoiRequestFactory(bureau=xiuwu)
    session = client.session
    session[tracking.SESSION_KEY] = {str(foi.uuid): 4102444800.0}  # 2100-01-01
    session[views_public.SUBMITTED_SESSION_KEY] = [str(foi.uuid)]
    session[views_public.PENDING_SESSION_KEY] = foi.tracking_number
    session.save()
    code = {"code": "xiuwu"}
    return [
        (reverse("portal:home"), 200),
        (reverse("portal:bureau", kwargs=code), 200),
        *[(reverse(f"portal:{s}", kwargs=code), 200) for s in ("guide", "rules", "statutory", "annual_reports")],
        (reverse("catalogs:catalog", kwargs=code), 200),
        (reverse("catalogs:status"), 200),
        (reverse("catalogs:guidelines"), 200),
        (reverse("records:bureau_records", kwargs=code), 200),
        (reverse("records:item_records", kwargs={"code": "xiuwu", "key": item.key}), 200),
        (record.get_absolute_url(), 200),
        (gone.get_absolute_url(), 410),
        (reverse("records:search") + "?q=通知", 200),
        (reverse("foi:index"), 200),
        (reverse("foi:apply", kwargs=code), 200),
        (reverse("foi:track"), 200),
        (reverse("foi:track_code"), 200),
        (reverse("foi:status", kwargs={"uuid": foi.uuid}), 200),
        (reverse("foi:submitted", kwargs={"uuid": foi.uuid}), 200),
        (reverse("foi:withdraw", kwargs={"uuid": foi.uuid}), 200),
        (reverse("applicant:login"), 200),
        (reverse("applicant:signup"), 200),
    ]


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_every_public_page_renders_through_the_jinja2_engine(client, public_urls, prefix):
    for url, status in public_urls:
        response = client.get(prefix + url)
        assert response.status_code == status, url
        names = _names(response)
        assert names and names[0] == ("jinja2", names[0][1]), (url, names)
        assert [n for engine, n in names if engine == "django" and not n.startswith(NOT_PAGES)] == [], url
        assert 'class="skip-link"' in response.content.decode(), url  # the one frame


def test_signed_in_applicants_list_renders_through_the_jinja2_engine(client, xiuwu):
    applicant = User.objects.create_user(username=f"{uuid.uuid4().hex}@example.org", password="x" * 20)
    FoiRequestFactory(bureau=xiuwu, applicant_account=applicant)
    client.force_login(applicant)
    response = client.get(reverse("foi:mine"))
    assert response.status_code == 200
    assert _names(response)[0] == ("jinja2", "foi_requests/public/mine.html")


def test_forms_with_errors_render_through_the_jinja2_engine(client, xiuwu):
    for url in (reverse("foi:apply", kwargs={"code": "xiuwu"}), reverse("foi:track"), reverse("applicant:signup")):
        response = client.post(url, {"full_name": ""})
        assert response.status_code == 400, url
        names = _names(response)
        assert names[0][0] == "jinja2" and 'id="error-summary"' in response.content.decode(), url


def test_no_public_template_is_left_among_the_django_templates():
    """Public pages live in `jinja2/` directories only: a Django template of the same name, or one built on
    the public frame, would be a second frame to keep in step."""
    public = {_inside(path, "jinja2") for path in SRC.glob("*/jinja2/**/*.html")}
    django_templates = list(SRC.glob("*/templates/**/*.html"))
    assert public and django_templates
    for path in django_templates:
        assert _inside(path, "templates") not in public, path
        uses_frame = re.search(r"{%\s*(extends|include)\s+['\"]portal/", path.read_text())
        assert uses_frame is None, path
