"""The helpers of the public pages' Jinja2 environment (gongkai.portal.jinja2env)."""

import pytest
from django.utils import translation

from gongkai.portal.jinja2env import display, gettext_in
from gongkai.records.constants import Validity
from gongkai.records.models import Record


def test_gettext_in_translates_in_the_given_language_whatever_is_active():
    with translation.override("en"):
        assert gettext_in("zh-hans")("Index number") == "索引号"
    assert gettext_in("en")("Index number") == "Index number"


def test_gettext_in_marks_translations_safe_as_the_translate_tag_does():
    message = "Production safety and disaster relief: each bureau's disclosure guide, rules, statutory proactive content and annual reports."
    translated = gettext_in("en")(message)
    assert translated == message and translated.__html__() == message


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_display_filter_matches_get_field_display(language):
    record = Record(validity=Validity.REPEALED, subject="production_safety", genre="notice")
    with translation.override(language):
        assert display(record, "validity") == record.get_validity_display()
        assert display(record, "subject") == record.get_subject_display()
        record.subject = "not-a-choice"
        assert display(record, "subject") == record.get_subject_display() == "not-a-choice"
