"""The public-participation pages are in the published tree and re-rendered by exactly the changes they
show (through the task queue, after the commit): consultations and their comments and adoption summary,
hearings, surveys, inquiries, concerns. The comment form is published for first visitors with an SSI token
(core.form_pages); the other forms stay with the app (nginx proxies them)."""

import datetime as dt
import re

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

from gongkai.core import form_pages
from gongkai.participation.models import Comment
from gongkai.participation.services import comments, consultations, hearings
from gongkai.publishing import changes, dated, nginx_routes, participation_pages, publisher
from gongkai.publishing.models import PublishedPage
from tests.concerns.test_concerns import concern as make_concern
from tests.concerns.test_concerns import publish as publish_response
from tests.inquiries.helpers import answered
from tests.participation.conftest import draft_document, make_consultation
from tests.participation.conftest import publish as approve
from tests.participation.helpers import draft_hearing
from tests.surveys.helpers import published_survey, respond

from .conftest import DB_TASKS
from .test_incremental import _both, _rerendered

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _documents(root_collection):
    """Drafts are Wagtail documents."""


@pytest.fixture
def consultation(xiuwu, editor, reviewer):
    return approve(make_consultation(xiuwu, editor, moderation="post"), editor, reviewer)


@pytest.fixture
def published(root, consultation, settings):
    publisher.rebuild()
    settings.PUBLISH_ON_CHANGE = True
    return timezone.now()


def _text(root, url) -> str:
    return (root / url.lstrip("/") / "index.html").read_text(encoding="utf-8")


def test_the_full_rebuild_writes_the_participation_pages_and_the_comment_form_with_an_ssi_token(
    published, root, consultation
):
    page = f"/b/xiuwu/participation/consultations/{consultation.uid}/"
    for url in ("/b/xiuwu/participation/", page, "/b/xiuwu/surveys/", "/b/xiuwu/inquiries/", "/b/xiuwu/concerns/"):
        assert (root / url.lstrip("/") / "index.html").is_file(), url
        assert (root / "en" / url.lstrip("/") / "index.html").is_file(), url
    assert consultation.title in _text(root, page)
    form = _text(root, page + "comment/")
    assert f'name="client_token" value="{form_pages.SSI_TOKEN}"' in form and "csrfmiddlewaretoken" not in form
    assert not (root / page.lstrip("/") / "register").exists()


def test_a_comment_rerenders_the_consultation_page_only(
    published, root, consultation, django_capture_on_commit_callbacks
):
    url = f"/b/xiuwu/participation/consultations/{consultation.uid}/"
    with django_capture_on_commit_callbacks(execute=True):
        comments.comment_submit(consultation=consultation, body="建议明确奖励标准。", ip="203.0.113.5")
    assert _rerendered(published) == _both(url)
    assert "建议明确奖励标准。" in _text(root, url)
    since = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        held, _created = comments.comment_submit(
            consultation=consultation, body="详见 http://spam.example", ip="203.0.113.6"
        )
    assert held.state == "pending"
    assert _rerendered(since) == _both(url)
    assert "spam.example" not in _text(root, url)
    assert "待审核1条" in _text(root, url)


def test_moderating_a_comment_rerenders_the_consultation_page(
    published, root, consultation, reviewer, django_capture_on_commit_callbacks
):
    held, _created = comments.comment_submit(consultation=consultation, body="参见 www.example.cn 的做法")
    since = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        comments.comment_moderate(comment=held, publish=True, acting_user=reviewer)
    url = f"/b/xiuwu/participation/consultations/{consultation.uid}/"
    assert _rerendered(since) == _both(url)
    assert "www.example.cn" in _text(root, url)


def test_publishing_a_consultation_writes_its_page_and_rerenders_the_overview(
    published, root, xiuwu, editor, reviewer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        new = approve(make_consultation(xiuwu, editor, title="《第二个征求意见稿》"), editor, reviewer)
    url = f"/b/xiuwu/participation/consultations/{new.uid}/"
    assert _rerendered(published) == _both(url, url + "comment/", "/b/xiuwu/participation/")
    assert "第二个征求意见稿" in _text(root, "/b/xiuwu/participation/")


def test_the_adoption_summary_is_published_and_linked(
    published, root, consultation, editor, reviewer, django_capture_on_commit_callbacks
):
    comment, _created = comments.comment_submit(consultation=consultation, body="建议写明发放时限。")
    comments.comment_classify(comment=comment, theme="时限", adoption="adopted", acting_user=editor)
    today = timezone.localdate()
    type(consultation).objects.filter(pk=consultation.pk).update(
        opens=today - dt.timedelta(days=40), closes=today - dt.timedelta(days=2)
    )
    consultation.refresh_from_db()
    summary = consultations.summary_prepare(consultation=consultation, acting_user=editor, body="采纳1条。")
    since = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        approve(summary, editor, reviewer)
    page = f"/b/xiuwu/participation/consultations/{consultation.uid}/"
    assert _rerendered(since) == _both(page, page + "adoption/", page + "comment/", "/b/xiuwu/participation/")
    assert "adoption/" in _text(root, page)
    assert "采纳1条。" in _text(root, page + "adoption/")
    assert publisher.check().ok  # the changes left the tree as a full rebuild would write it


def test_a_hearing_is_announced_held_and_its_minutes_published(
    published, root, xiuwu, editor, reviewer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        hearing = draft_hearing(xiuwu, editor)
        approve(hearing, editor, reviewer)
    url = f"/b/xiuwu/participation/hearings/{hearing.uid}/"
    assert _rerendered(published) == _both(url, "/b/xiuwu/participation/")
    assert "按报名先后顺序" in _text(root, url)
    type(hearing).objects.filter(pk=hearing.pk).update(held=True, signed_record=draft_document("签字笔录"))
    minutes = hearings.minutes_save(hearing=hearing, body="会议纪要：与会代表同意。", acting_user=editor)
    since = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        approve(minutes, editor, reviewer)
    assert _rerendered(since) == _both(url)


def test_a_survey_response_rerenders_its_results_and_the_list(
    published, root, xiuwu, editor, reviewer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        survey = published_survey(xiuwu, editor, reviewer)
    results = f"/b/xiuwu/surveys/{survey.pk}/results/"
    assert _rerendered(published) == _both(results, "/b/xiuwu/surveys/")
    since = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        respond(survey, "r1@example.com")
    assert _rerendered(since) == _both(results, "/b/xiuwu/surveys/")
    assert "<svg" in _text(root, results)
    assert not (root / f"b/xiuwu/surveys/{survey.pk}/index.html").exists()  # the form stays with the app
    assert publisher.check().ok


def test_an_answered_inquiry_and_a_concern_response_are_published(
    published, root, xiuwu, editor, reviewer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        inquiry = answered(xiuwu, editor, reviewer)
    detail = f"/b/xiuwu/inquiries/{inquiry.pk}/"
    assert _rerendered(published) == _both(detail, "/b/xiuwu/inquiries/")
    assert "需要备案申报表" in _text(root, detail)
    assert "zhang@example.com" not in _text(root, detail)
    since = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        publish_response(make_concern(xiuwu, editor), editor, reviewer, "authoritative_release", 2)
    assert _rerendered(since) == _both("/b/xiuwu/concerns/")
    assert "已全部转移安置。" in _text(root, "/b/xiuwu/concerns/")


def test_publish_site_today_rerenders_only_the_pages_that_depend_on_the_date(published, consultation):
    since = timezone.now()
    call_command("publish_site", "--today", stdout=open("/dev/null", "w"), stderr=open("/dev/null", "w"))
    rerendered = _rerendered(since)
    assert _both(f"/b/xiuwu/participation/consultations/{consultation.uid}/", "/b/xiuwu/participation/") <= rerendered
    assert not any("/records/" in url or url in ("/", "/en/") for url in rerendered)
    pages = set(PublishedPage.objects.filter(dependencies__key=participation_pages.TODAY).values_list("url", flat=True))
    status = set(PublishedPage.objects.filter(url__in=dated.STATUS_URLS).values_list("url", flat=True))
    assert rerendered == pages | status  # the nightly selection: the item lists' states did not change


def test_the_forms_are_proxied_and_the_pages_served_from_the_tree():
    routes = nginx_routes.dynamic_routes()
    pattern = re.compile(routes.regex())
    uid = "0b5e7c1e-1c9a-4c1e-9c3e-2f6f1a1b2c3d"
    comment_form = f"/b/xiuwu/participation/consultations/{uid}/comment/"
    forms = re.compile(nginx_routes.url_regex(*nginx_routes.FORM_URL_NAMES))
    assert forms.match(comment_form) and forms.match("/en" + comment_form) and not pattern.match(comment_form)
    for dynamic in (
        f"{comment_form}C20260101FFFFFFFF/",
        f"/en/b/xiuwu/participation/hearings/{uid}/register/",
        "/b/xiuwu/surveys/3/",
        "/b/xiuwu/inquiries/ask/",
    ):
        assert pattern.match(dynamic), dynamic
    for static in (
        f"/b/xiuwu/participation/consultations/{uid}/",
        f"/b/xiuwu/participation/consultations/{uid}/adoption/",
        "/b/xiuwu/surveys/3/results/",
        "/b/xiuwu/inquiries/7/",
        "/b/xiuwu/concerns/",
    ):
        assert not pattern.match(static), static
        assert not any(static.startswith(p) for p in routes.prefixes), static


@override_settings(TASKS=DB_TASKS)
def test_comments_in_a_burst_leave_one_publication_waiting(published, consultation, django_capture_on_commit_callbacks):
    from django_tasks_db.models import DBTaskResult

    for n in range(5):
        with django_capture_on_commit_callbacks(execute=True):
            comments.comment_submit(consultation=consultation, body=f"第{n}条意见：建议写明时限。")
    waiting = DBTaskResult.objects.filter(task_path="gongkai.publishing.tasks.publish_changes", status="READY")
    # this consultation's publications only: under `--dist load` another module's task (a record's) was seen
    # waiting in the same database
    mine = [
        t.args_kwargs["args"] for t in waiting if any(k.startswith("consultation:") for k in t.args_kwargs["args"][0])
    ]
    assert mine == [[[f"consultation:{consultation.pk}"]]]
    assert Comment.objects.filter(consultation=consultation).count() == 5


def test_events_of_other_apps_name_no_participation_key(published):
    class Entry:
        action, object_id, bureau_code, content_type_id, data = "records.record.published", "1", "xiuwu", None, {}

    assert participation_pages.keys_for_event(Entry()) == set()
    assert changes.keys_for_event(Entry()) == {"record:1"}
