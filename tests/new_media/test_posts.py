"""Posts recorded by the operator or imported from CSV; the accounts with no post in 2 weeks (N-V2)."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from gongkai.new_media import selectors, services

from .factories import open_account

pytestmark = pytest.mark.django_db


@pytest.fixture
def account(xiuwu, editor, chain):
    return open_account(bureau=xiuwu, editor=editor, **chain)


def test_an_account_without_a_post_in_two_weeks_is_silent(account, editor):
    now = timezone.now()
    account.opened_on = (now - dt.timedelta(days=30)).date()
    account.save()
    assert selectors.silent_accounts(now=now) == [account]
    services.post_record(account=account, posted_at=now - dt.timedelta(days=13), title="防汛提示", acting_user=editor)
    assert selectors.silent_accounts(now=now) == []
    assert selectors.silent_accounts(now=now + dt.timedelta(days=2)) == [account]


def test_a_new_account_is_not_silent_before_two_weeks(account):
    assert selectors.silent_accounts() == []


def test_posts_are_imported_from_csv_once(account, editor, xiuwu):
    text = (
        "account_id,posted_at,title,url\n"
        "xiuwu_yingji,2026-11-30 09:00,森林防火提示,https://example.gov.cn/1\n"
        "xiuwu_yingji,2026/12/01,寒潮预警,\n"
        "nobody,2026-12-01,别人的,\n"
        "xiuwu_yingji,not a date,坏行,\n"
    )
    result = services.posts_import(bureau=xiuwu, text=text, acting_user=editor)
    assert (result.created, result.skipped, len(result.errors)) == (2, 0, 2)
    again = services.posts_import(bureau=xiuwu, text=text, acting_user=editor)
    assert (again.created, again.skipped) == (0, 2)
    account.refresh_from_db()
    assert timezone.localdate(account.last_post_at) == dt.date(2026, 12, 1)


def test_only_the_bureaus_staff_record_posts(account, wenxian_editor, gov_reviewer):
    for person in (wenxian_editor, gov_reviewer):
        with pytest.raises(PermissionDenied):
            services.post_record(account=account, posted_at=timezone.now(), title="x", acting_user=person)
    with pytest.raises(ValidationError):
        services.posts_import(
            bureau=account.bureau, text="title\nx\n", acting_user=account.applications.first().submitted_by
        )
