"""The record page is a Jinja2 template (gongkai.portal.jinja2env); its frame must stay the Django frame's twin."""

import datetime as dt

import pytest
from django.template import engines
from django.utils import timezone, translation

from gongkai.portal import rendering
from gongkai.portal.jinja2env import display, gettext_in
from gongkai.records.constants import Validity
from gongkai.records.models import Record


@pytest.fixture
def full_identity(identity):
    identity.contact_email = "gk@example.org"
    identity.footer_note = "第一行\n第二行 & <b>"
    identity.save()
    return identity


def _frame(engine, language, site):
    context = {
        "LANGUAGE_CODE": language,
        "html_lang": rendering.bcp47(language),
        "updated_at": timezone.make_aware(dt.datetime(2026, 3, 4, 5, 6)),
        "alternates": rendering.language_alternates("portal:home"),
        **rendering.site_context(language, site),
    }
    with translation.override(language):
        return engines[engine].get_template("portal/base.html").render(context)


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_jinja2_frame_renders_exactly_like_the_django_frame(full_identity, language):
    identity = full_identity
    django_html = _frame("django", language, identity)
    assert "豫ICP备12345678号" in django_html and "第一行<br>第二行 &amp; &lt;b&gt;" in django_html
    assert _frame("jinja2", language, identity) == django_html


def test_gettext_in_translates_in_the_given_language_whatever_is_active():
    with translation.override("en"):
        assert gettext_in("zh-hans")("Index number") == "索引号"
    assert gettext_in("en")("Index number") == "Index number"


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_display_filter_matches_get_field_display(language):
    record = Record(validity=Validity.REPEALED, subject="production_safety", genre="notice")
    with translation.override(language):
        assert display(record, "validity") == record.get_validity_display()
        assert display(record, "subject") == record.get_subject_display()
        record.subject = "not-a-choice"
        assert display(record, "subject") == record.get_subject_display() == "not-a-choice"
