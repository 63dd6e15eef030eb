"""Responses to public concerns: deadlines from the participation rules (5 h / 24 h for a major emergency,
48 h otherwise), responses published through four eyes, escalation mails to the bureau's leaders, the
public page and the read API."""

import datetime as dt
import shutil

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from gongkai.concerns import rendering, services
from gongkai.concerns.tasks import escalate
from tests.portal.test_html_validity import vnu_errors

pytestmark = pytest.mark.django_db

AT = timezone.make_aware(dt.datetime(2026, 12, 1, 8, 0))


@pytest.fixture
def leader_mail(leader):
    leader.email = "leader@example.com"
    leader.save(update_fields=["email"])
    return leader


def concern(bureau, editor, level="major", at=AT):
    return services.concern_create(
        bureau=bureau, title="山洪灾害", summary="北部山区发生山洪。", level=level, detected_at=at, acting_user=editor
    )


def publish(concern_, editor, reviewer, kind, hours):
    response = services.response_save(
        concern=concern_,
        kind=kind,
        title="情况通报",
        text="已全部转移安置。",
        occurred_at=concern_.detected_at + dt.timedelta(hours=hours),
        acting_user=editor,
    )
    services.response_submit(response=response, acting_user=editor)
    return services.response_approve(response=response, acting_user=reviewer, confidentiality_result="passed")


def test_a_major_concern_has_the_5_and_24_hour_deadlines(xiuwu, editor):
    states = services.deadline_states(concern(xiuwu, editor), now=AT)
    assert [(s.code, s.due - AT) for s in states] == [
        ("authoritative_release", dt.timedelta(hours=5)),
        ("press_conference", dt.timedelta(hours=24)),
    ]


def test_another_concern_has_the_48_hour_deadline(xiuwu, editor):
    states = services.deadline_states(concern(xiuwu, editor, level="other"), now=AT)
    assert [(s.code, s.due - AT) for s in states] == [("response", dt.timedelta(hours=48))]


def test_published_responses_meet_deadlines_in_time_or_late(xiuwu, editor, reviewer):
    c = concern(xiuwu, editor)
    publish(c, editor, reviewer, "authoritative_release", 3)
    publish(c, editor, reviewer, "press_conference", 30)
    states = {s.code: s.state for s in services.deadline_states(c, now=AT + dt.timedelta(hours=40))}
    assert states == {"authoritative_release": "met", "press_conference": "late"}


def test_the_author_may_not_approve_a_response(xiuwu, editor, reviewer):
    c = concern(xiuwu, editor)
    response = services.response_save(
        concern=c,
        kind="authoritative_release",
        title="通报",
        text="内容",
        occurred_at=AT + dt.timedelta(hours=1),
        acting_user=reviewer,
    )
    services.response_submit(response=response, acting_user=reviewer)
    with pytest.raises(PermissionDenied):
        services.response_approve(response=response, acting_user=reviewer, confidentiality_result="passed")


def test_a_response_before_detection_or_with_personal_data_is_refused(xiuwu, editor):
    c = concern(xiuwu, editor)
    with pytest.raises(ValidationError):
        services.response_save(
            concern=c, kind="response", title="t", text="x", occurred_at=AT - dt.timedelta(hours=1), acting_user=editor
        )
    response = services.response_save(
        concern=c, kind="response", title="t", text="联系人13812345678", occurred_at=AT, acting_user=editor
    )
    with pytest.raises(ValidationError):
        services.response_submit(response=response, acting_user=editor)


def test_leaders_are_mailed_once_when_a_deadline_nears_and_once_when_it_passes(xiuwu, editor, leader_mail):
    concern(xiuwu, editor)
    assert escalate(now=AT + dt.timedelta(hours=1)) == 0
    assert escalate(now=AT + dt.timedelta(hours=4, minutes=30)) == 1  # the 5 h release nears
    assert escalate(now=AT + dt.timedelta(hours=4, minutes=40)) == 0  # once only
    assert escalate(now=AT + dt.timedelta(hours=6)) == 1  # the release is overdue
    assert [m.to for m in mail.outbox] == [["leader@example.com"], ["leader@example.com"]]
    assert "逾期" in mail.outbox[1].subject or "Overdue" in mail.outbox[1].subject


def test_no_escalation_once_the_response_is_published(xiuwu, editor, reviewer, leader_mail):
    c = concern(xiuwu, editor, level="other")
    publish(c, editor, reviewer, "response", 10)
    assert escalate(now=AT + dt.timedelta(hours=47)) == 0


def test_the_public_sees_published_responses_only(client, xiuwu, editor, reviewer):
    c = concern(xiuwu, editor)
    publish(c, editor, reviewer, "authoritative_release", 3)
    services.response_save(
        concern=c,
        kind="press_conference",
        title="未发布的发布会",
        text="草稿",
        occurred_at=AT + dt.timedelta(hours=20),
        acting_user=editor,
    )
    page = client.get("/b/xiuwu/concerns/").content.decode()
    assert "山洪灾害" in page and "情况通报" in page and "未发布的发布会" not in page
    rows = client.get("/api/v1/concerns/?bureau=xiuwu").json()["results"]
    assert [r["kind"] for r in rows[0]["responses"]] == ["authoritative_release"]


def test_a_concern_without_a_published_response_is_not_public(client, xiuwu, editor):
    concern(xiuwu, editor)
    assert client.get("/api/v1/concerns/").json()["results"] == []


def test_staff_screens_show_the_deadlines(client, xiuwu, editor):
    c = concern(xiuwu, editor)
    client.force_login(editor)
    page = client.get(f"/admin/concerns/{c.pk}/").content.decode()
    assert 'data-deadline="authoritative_release"' in page and 'data-state="overdue"' in page


@pytest.mark.one_pass  # markup validity does not depend on the database: CI checks it in the SQLite pass
def test_the_page_passes_the_nu_html_checker(xiuwu, editor, reviewer, tmp_path):
    if shutil.which("java") is None:
        pytest.skip("java is not installed")
    publish(concern(xiuwu, editor), editor, reviewer, "authoritative_release", 3)
    (tmp_path / "concerns.html").write_text(rendering.render_concern_list(xiuwu))
    assert vnu_errors(tmp_path) == []
