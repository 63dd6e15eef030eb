"""The new-media registry is published (the city's page and each bureau's); an account's opening and its
closure, approved at the last step, re-render exactly those two pages in both languages."""

import pytest
from django.utils import timezone

from gongkai.new_media import services
from gongkai.publishing import publisher
from gongkai.publishing.models import PublishedPage
from tests.new_media.factories import approve_all, open_account

pytestmark = pytest.mark.django_db

PAGES = {"/new-media/", "/b/xiuwu/new-media/", "/en/new-media/", "/en/b/xiuwu/new-media/"}


def test_opening_and_closing_an_account_rerender_the_registry_pages(
    xiuwu, editor, leader, gov_reviewer, supervisor, root, settings, django_capture_on_commit_callbacks
):
    chain = {"leader": leader, "gov_reviewer": gov_reviewer, "supervisor": supervisor}
    publisher.rebuild()
    assert "xiuwu_yingji" not in (root / "new-media/index.html").read_text(encoding="utf-8")
    settings.PUBLISH_ON_CHANGE = True
    since = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        account = open_account(bureau=xiuwu, editor=editor, **chain)
    assert set(PublishedPage.objects.filter(rendered_at__gt=since).values_list("url", flat=True)) == PAGES
    assert "xiuwu_yingji" in (root / "b/xiuwu/new-media/index.html").read_text(encoding="utf-8")
    with django_capture_on_commit_callbacks(execute=True):
        close = services.application_submit(
            bureau=xiuwu, kind="close", account=account, reason="整合", acting_user=editor
        )
        approve_all(close, **chain)
    assert "xiuwu_yingji" not in (root / "new-media/index.html").read_text(encoding="utf-8")
