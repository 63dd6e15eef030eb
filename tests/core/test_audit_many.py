"""audit.record_many: a batch of audit records, validated like one (core.audit)."""

import pytest
from django.core.exceptions import ValidationError

from gongkai.core import audit
from gongkai.core.models import AuditLogEntry

pytestmark = pytest.mark.django_db


def test_record_many_writes_every_entry_in_one_insert(django_assert_num_queries):
    entries = [audit.entry("accounts.user.login_failed", username=f"u{i}", data={"n": i}) for i in range(5)]
    with django_assert_num_queries(1):
        audit.record_many(entries)
    assert sorted(AuditLogEntry.objects.values_list("username", flat=True)) == [f"u{i}" for i in range(5)]


def test_record_many_refuses_an_unregistered_action_and_writes_nothing():
    entries = [audit.entry("accounts.user.login_failed"), audit.entry("nobody.registered.this")]
    with pytest.raises(ValidationError):
        audit.record_many(entries)
    assert not AuditLogEntry.objects.exists()
