"""Public participation pages and the read API: only what was approved; comments through the form."""

import datetime as dt
import re
import shutil

import pytest
from django.utils import timezone

from gongkai.participation import models
from gongkai.participation.services import comments, consultations
from tests.portal.test_html_validity import vnu_errors

from .conftest import make_consultation, publish

pytestmark = pytest.mark.django_db


def _form_token(page: str) -> str:
    return re.search(r'name="client_token" value="([0-9a-f-]{36})"', page).group(1)


def test_a_citizen_comments_through_the_form_and_gets_a_receipt(client, open_consultation):
    url = f"/b/wuzhi/participation/consultations/{open_consultation.uid}/comment/"
    page = client.get(url).content.decode()
    response = client.post(
        url, {"client_token": _form_token(page), "body": "建议增加<b>夜间</b>举报电话。", "name": "张三"}
    )
    assert response.status_code == 200  # the receipt is the POST's answer (core.intake), no redirect
    number = models.Comment.objects.get().number
    assert f'id="comment-number">{number}<' in response.content.decode()
    assert number in client.get(f"{url}{number}/").content.decode()
    public = client.get(f"/b/wuzhi/participation/consultations/{open_consultation.uid}/").content.decode()
    assert "&lt;b&gt;夜间" in public and "<b>夜间" not in public and "张三" not in public


def test_a_refused_comment_keeps_the_text_and_says_why(client, open_consultation):
    url = f"/b/wuzhi/participation/consultations/{open_consultation.uid}/comment/"
    comments.comment_submit(consultation=open_consultation, body="重复的意见")
    token = _form_token(client.get(url).content.decode())
    response = client.post(url, {"client_token": token, "body": "重复的意见"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "重复的意见" in page and "已收到内容相同的意见" in page


def test_the_api_lists_consultations_with_status_and_the_closed_ones_summary(
    client, bureau, editor, reviewer, open_consultation
):
    today = timezone.localdate()
    closed = publish(
        make_consultation(bureau, editor, opens=today - dt.timedelta(days=40), closes=today - dt.timedelta(days=3)),
        editor,
        reviewer,
    )
    make_consultation(bureau, editor)  # a draft: never listed
    during = timezone.now() - dt.timedelta(days=10)
    comment, _ = comments.comment_submit(consultation=closed, body="同意", now=during)
    comments.comment_classify(comment=comment, theme="总体", adoption="adopted", acting_user=editor)
    publish(consultations.summary_prepare(consultation=closed, acting_user=editor), editor, reviewer)
    rows = {row["id"]: row for row in client.get("/api/v1/consultations/?bureau=wuzhi").json()["results"]}
    assert set(rows) == {str(open_consultation.uid), str(closed.uid)}
    assert (
        rows[str(open_consultation.uid)]["status"] == "open"
        and rows[str(open_consultation.uid)]["adoption_summary"] is None
    )
    summary = rows[str(closed.uid)]["adoption_summary"]
    assert rows[str(closed.uid)]["status"] == "closed"
    assert (summary["received"], summary["adopted"], summary["not_adopted"]) == (1, 1, 0)
    assert summary["url"].endswith(f"/b/wuzhi/participation/consultations/{closed.uid}/adoption/")
    assert [r["id"] for r in client.get("/api/v1/consultations/?status=closed").json()["results"]] == [str(closed.uid)]
    assert client.get(summary["url"].split("testserver")[-1].replace("http://127.0.0.1:8000", "")).status_code == 200


@pytest.mark.parametrize(
    "url,code",
    [
        ("/api/v1/consultations/?status=AAA", "invalid_choice"),
        ("/api/v1/decisions/?year=null", "invalid"),
        ("/api/v1/decisions/?year=%C2%B3", "invalid"),
    ],
)
def test_query_parameters_the_schema_forbids_get_a_json_400(client, url, code):
    response = client.get(url)
    assert response.status_code == 400 and response.json()["code"] == code


def test_drafts_are_not_public(client, bureau, editor):
    draft = make_consultation(bureau, editor)
    assert client.get(f"/b/wuzhi/participation/consultations/{draft.uid}/").status_code == 404
    assert client.get(f"/b/wuzhi/participation/consultations/{draft.uid}/comment/").status_code == 404
    assert client.get("/b/nowhere/participation/").status_code == 404


@pytest.mark.one_pass  # markup validity does not depend on the database: CI checks it in the SQLite pass
def test_the_participation_pages_pass_the_nu_html_checker(client, open_consultation, tmp_path):
    if shutil.which("java") is None:
        pytest.skip("Java is not installed (Nu HTML checker)")
    uid = open_consultation.uid
    paths = [
        "/b/wuzhi/participation/",
        f"/b/wuzhi/participation/consultations/{uid}/",
        f"/b/wuzhi/participation/consultations/{uid}/comment/",
        f"/en/b/wuzhi/participation/consultations/{uid}/",
    ]
    for number, path in enumerate(paths):
        response = client.get(path)
        assert response.status_code == 200, path
        (tmp_path / f"page{number}.html").write_bytes(response.content)
    assert vnu_errors(tmp_path) == []
