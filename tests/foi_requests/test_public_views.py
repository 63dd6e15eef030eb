"""The public FOI pages over HTTP: the form, acknowledgement and receipt, tracking, the status page."""

import datetime as dt
import io
import re

import pytest
from django.core import mail
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone, translation
from pypdf import PdfReader

from gongkai.foi_requests.models import AttachmentRole, FoiRequest, RequestAttachment
from gongkai.foi_requests.services import intake, workflow

from .factories import FoiRequestFactory
from .test_validation import ID18, valid

pytestmark = pytest.mark.django_db

SCRIPT = '<script>alert("x")</script><img src=x onerror=alert(1)>'
SHORT_SCRIPT = "<script>alert(1)</script><b>"  # fits every free-text field (contact person: 50)
FORM_FIELDS = intake.SUBMISSION_FIELDS


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


def apply_url(code="xiuwu"):
    return reverse("foi:apply", kwargs={"code": code})


def form_token(client, code="xiuwu") -> str:
    return form_fields(client, code)["client_token"]


def form_fields(client, code="xiuwu") -> dict:
    """The form's hidden fields as a browser posts them back (the CSRF token when the page has one)."""
    page = client.get(apply_url(code)).content.decode()
    fields = {"client_token": re.search(r'name="client_token" value="([0-9a-f-]{36})"', page).group(1)}
    if csrf := re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page):
        fields["csrfmiddlewaretoken"] = csrf.group(1)
    return fields


def post_form(client, data=None, code="xiuwu", **extra):
    payload = {**valid(), **(data or {})}
    if "client_token" not in payload:
        payload.update(form_fields(client, code))
    payload.update(extra)
    return client.post(apply_url(code), payload)


def verify(client, foi, via="email"):
    """Go through /foi/track/ with the code from the test outbox; returns the status page response."""
    response = client.post(reverse("foi:track"), {"tracking_number": foi.tracking_number, "via": via})
    assert response.status_code == 302, response.content.decode()[:2000]
    code = re.search(r"(?<!\d)\d{6}(?!\d)", mail.outbox[-1].body).group()
    response = client.post(reverse("foi:track_code"), {"code": code})
    assert response.status_code == 302 and response["Location"] == reverse("foi:status", kwargs={"uuid": foi.uuid})
    return client.get(response["Location"])


def pdf_text(data: bytes) -> str:
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


# --- the form ------------------------------------------------------------------------------------


def test_index_lists_the_bureaus_that_take_requests(client, xiuwu, wenxian):
    page = client.get(reverse("foi:index")).content.decode()
    assert apply_url("xiuwu") in page and apply_url("wenxian") in page
    assert apply_url("xiuwu-gov") not in page
    assert reverse("foi:track") in page


def test_bureau_page_links_to_the_form(client, xiuwu):
    assert apply_url("xiuwu") in client.get(reverse("portal:bureau", kwargs={"code": "xiuwu"})).content.decode()


def test_form_is_accessible_and_csp_safe(client, xiuwu):
    response = client.get(apply_url())
    page = response.content.decode()
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    assert 'name="client_token"' in page and "csrfmiddlewaretoken" in page
    assert 'enctype="multipart/form-data"' in page
    for field in FORM_FIELDS:
        assert f'name="{field}"' in page, field
    assert '<label for="id_applicant_name">' in page
    assert 'aria-describedby="id_description_helptext"' in page
    assert not re.search(r"<script(?![^>]*\ssrc=)", page), "inline script"
    assert " on" + "click=" not in page and "javascript:" not in page


def test_form_for_a_review_office_or_unknown_bureau_is_404(client, xiuwu):
    assert client.get(apply_url("xiuwu-gov")).status_code == 404
    assert client.get(apply_url("nowhere")).status_code == 404


def test_valid_submission_shows_the_tracking_number_and_the_receipt(client, xiuwu):
    # The POST answers with the acknowledgement itself (core.intake: no redirect, no session write).
    response = post_form(client)
    foi = FoiRequest.objects.get()
    assert response.status_code == 200
    page = response.content.decode()
    assert f'id="tracking-number">{foi.tracking_number}<' in page
    # No personal data on the acknowledgement page.
    for personal in ("张三", ID18, "13800138000", "zhang@example.com"):
        assert personal not in page
    verify(client, foi)  # the receipt: after tracking
    receipt = client.get(reverse("foi:receipt", kwargs={"uuid": foi.uuid}))
    assert receipt["Content-Type"] == "application/pdf"
    text = pdf_text(receipt.content)
    assert foi.tracking_number in text
    assert "410802********1238" in text and ID18 not in text


def test_receipt_pdf_of_a_received_request_gives_the_receipt_date(xiuwu):
    from gongkai.foi_requests.receipt import render_receipt_pdf

    foi = FoiRequestFactory(bureau=xiuwu, description="第一段\n" + "很长的描述" * 900)
    text = pdf_text(render_receipt_pdf(foi, "en"))
    assert foi.tracking_number in text and "2026-02-10" in text


def test_double_submit_creates_one_request(client, xiuwu):
    token = form_token(client)
    first = post_form(client, client_token=token)
    second = post_form(client, client_token=token)
    assert FoiRequest.objects.count() == 1
    number = FoiRequest.objects.get().tracking_number
    assert f'id="tracking-number">{number}<' in first.content.decode()
    assert f'id="tracking-number">{number}<' in second.content.decode()


def test_missing_fields_keep_what_was_typed_and_link_errors_to_fields(client, xiuwu):
    response = post_form(client, {"applicant_type": "", "id_document_number": "", "email": "zhang@"})
    page = response.content.decode()
    assert response.status_code == 400
    assert not FoiRequest.objects.exists()
    assert 'id="error-summary"' in page
    assert 'href="#id_applicant_type"' in page and 'href="#id_id_document_number"' in page
    assert 'href="#id_email"' in page
    assert 'aria-invalid="true"' in page and "id_email_error" in page
    assert 'value="张三"' in page and 'value="zhang@"' in page and 'value="13800138000"' in page
    assert "请公开2025年本局安全生产行政处罚决定书目录。" in page
    assert re.search(r'value="electronic"[^>]*checked', page)


def test_invalid_id_number_is_a_clear_error(client, xiuwu):
    with translation.override("en"):
        response = post_form(client, {"id_document_number": "410802198001011239"})
        assert "The check character of this ID number is wrong" in response.content.decode()
    assert response.status_code == 400


def test_description_of_10000_characters_is_refused_and_kept(client, xiuwu):
    long_text = "应急" * 5000
    response = post_form(client, {"description": long_text})
    page = response.content.decode()
    assert response.status_code == 400
    assert long_text in page and 'href="#id_description"' in page
    assert not FoiRequest.objects.exists()


def test_attachment_not_what_its_extension_says_is_refused_and_must_be_chosen_again(client, xiuwu):
    fake = SimpleUploadedFile("身份证.pdf", b"GIF89a" + b"\x00" * 64, content_type="application/pdf")
    response = post_form(client, attachments=fake)
    page = response.content.decode()
    assert response.status_code == 400
    assert 'href="#id_attachments"' in page and "身份证.pdf" in page
    with translation.override("en"):
        page = post_form(client, attachments=SimpleUploadedFile("a.pdf", b"GIF89a" + b"\x00" * 64)).content.decode()
        assert "please choose the attachments again" in page
    assert not FoiRequest.objects.exists()


def test_good_attachments_are_stored(client, xiuwu):
    upload = SimpleUploadedFile("说明.txt", "补充说明".encode(), content_type="text/plain")
    assert 'id="tracking-number"' in post_form(client, attachments=[upload]).content.decode()
    (attachment,) = RequestAttachment.objects.all()
    assert (attachment.role, attachment.filename) == (AttachmentRole.APPLICATION, "说明.txt")


def test_html_in_every_field_is_refused_where_a_format_applies_and_shown_escaped(client, xiuwu):
    response = post_form(client, dict.fromkeys(FORM_FIELDS, SCRIPT))
    page = response.content.decode()
    assert response.status_code == 400
    assert not FoiRequest.objects.exists()
    assert SCRIPT not in page and "<script>alert" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page


def test_html_in_free_text_is_stored_as_typed_and_escaped_on_every_page(client, xiuwu):
    free_text = ("applicant_name", "contact_person", "postal_address", "description", "document_number_hint", "purpose")
    data = dict.fromkeys(free_text, SHORT_SCRIPT)
    acknowledgement = post_form(client, data)
    assert acknowledgement.status_code == 200
    foi = FoiRequest.objects.get()
    assert all(getattr(foi, field) == SHORT_SCRIPT for field in free_text)
    pages = [acknowledgement, verify(client, foi)]
    for response in pages:
        page = response.content.decode()
        assert "<script>alert" not in page and "<b>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;&lt;b&gt;" in pages[1].content.decode()


def test_submissions_over_the_limit_get_a_clear_error_and_keep_the_form(client, xiuwu, settings):
    settings.GONGKAI = {**settings.GONGKAI, "FOI_SUBMISSIONS_PER_HOUR": 1}
    assert 'id="tracking-number"' in post_form(client).content.decode()
    with translation.override("en"):
        response = post_form(client, {"applicant_name": "李四"})
        page = response.content.decode()
    assert response.status_code == 400
    assert "Too many requests have been submitted from your network" in page
    assert 'value="李四"' in page
    assert FoiRequest.objects.count() == 1


def test_acknowledgement_and_receipt_are_only_for_the_submitting_session(client, xiuwu):
    post_form(client)
    foi = FoiRequest.objects.get()
    from django.test import Client

    stranger = Client()
    for name in ("submitted", "receipt", "status"):
        response = stranger.get(reverse(f"foi:{name}", kwargs={"uuid": foi.uuid}))
        assert response.status_code == 302 and response["Location"].startswith(reverse("foi:track"))
    assert client.get(reverse("foi:status", kwargs={"uuid": foi.uuid})).status_code == 302


# --- tracking -------------------------------------------------------------------------------------


def test_tracking_with_a_code_from_the_smtp_server_opens_the_status_page(client, xiuwu, smtp_sink):  # noqa: F811
    foi = FoiRequestFactory(bureau=xiuwu, state="submitted", received_on=None)
    response = client.post(reverse("foi:track"), {"tracking_number": foi.tracking_number.lower(), "via": "email"})
    assert response["Location"] == reverse("foi:track_code")
    assert client.get(response["Location"]).status_code == 200
    response = client.post(reverse("foi:track_code"), {"code": smtp_sink.last_code()})
    assert response["Location"] == reverse("foi:status", kwargs={"uuid": foi.uuid})
    page = client.get(response["Location"]).content.decode()
    assert foi.tracking_number in page and 'data-state="submitted"' in page
    assert client.get(reverse("foi:receipt", kwargs={"uuid": foi.uuid}))["Content-Type"] == "application/pdf"


def test_wrong_and_expired_codes_are_clear_errors(client, xiuwu):
    foi = FoiRequestFactory(bureau=xiuwu)
    client.post(reverse("foi:track"), {"tracking_number": foi.tracking_number, "via": "email"})
    code = re.search(r"(?<!\d)\d{6}(?!\d)", mail.outbox[-1].body).group()
    with translation.override("en"):
        response = client.post(reverse("foi:track_code"), {"code": f"{(int(code) + 1) % 1_000_000:06d}"})
        assert response.status_code == 400 and "The code is not right. 4 tries left." in response.content.decode()
        foi.tracking_codes.update(expires_at=timezone.now() - dt.timedelta(seconds=1))
        response = client.post(reverse("foi:track_code"), {"code": code})
        assert response.status_code == 400 and "This code has expired" in response.content.decode()
    assert client.get(reverse("foi:status", kwargs={"uuid": foi.uuid})).status_code == 302


def test_unknown_tracking_number_and_missing_destination_are_field_errors(client, xiuwu):
    foi = FoiRequestFactory(bureau=xiuwu, phone="")
    response = client.post(reverse("foi:track"), {"tracking_number": "F20260101AAAAAAAA", "via": "email"})
    assert response.status_code == 400 and 'href="#id_tracking_number"' in response.content.decode()
    response = client.post(reverse("foi:track"), {"tracking_number": foi.tracking_number, "via": "phone"})
    assert response.status_code == 400 and 'href="#id_via"' in response.content.decode()
    assert client.get(reverse("foi:track_code")).status_code == 302  # no code was sent


def test_status_page_masks_the_id_number_and_contacts(client, xiuwu):
    foi = FoiRequestFactory(bureau=xiuwu, state="submitted", received_on=None)
    page = verify(client, foi).content.decode()
    assert "110105********002X" in page
    assert "11010519491231002X" not in page
    assert "13800138000" not in page and "applicant@example.com" not in page
    assert "138****8000" in page


# --- the applicant's steps -------------------------------------------------------------------------


def test_status_page_shows_history_due_date_and_the_supplement_notice(client, xiuwu, editor):
    foi = FoiRequestFactory(bureau=xiuwu, state="submitted", received_on=None)
    received = timezone.localdate()
    workflow.confirm_receipt(foi, acting_user=editor, received_on=received)
    foi.refresh_from_db()
    page = verify(client, foi).content.decode()
    assert 'id="due-on"' in page and foi.due_on.isoformat() in page
    assert 'id="deadline-lines"' in page and received.isoformat() in page
    workflow.request_supplement(foi, acting_user=editor, items="请补充：具体年份。<b>不要HTML</b>")
    page = client.get(reverse("foi:status", kwargs={"uuid": foi.uuid})).content.decode()
    assert 'id="notice-supplement"' in page and "请补充：具体年份。&lt;b&gt;" in page
    assert f'action="{reverse("foi:supply", kwargs={"uuid": foi.uuid})}"' in page
    assert page.count('class="history-label"') == 2  # receipt confirmed, supplement requested (public events)


def test_applicant_supplies_the_supplement(client, xiuwu, editor):
    foi = FoiRequestFactory(bureau=xiuwu, received_on=timezone.localdate())
    workflow.request_supplement(foi, acting_user=editor, items="请补充具体年份。")
    verify(client, foi)
    url = reverse("foi:supply", kwargs={"uuid": foi.uuid})
    response = client.post(url, {"text": ""})
    assert response.status_code == 400 and 'href="#id_text"' in response.content.decode()
    bad = SimpleUploadedFile("年份.pdf", b"not a pdf at all")
    response = client.post(url, {"text": "2025年", "attachments": bad})
    assert response.status_code == 400 and "2025年" in response.content.decode()
    upload = SimpleUploadedFile("年份.txt", "2025年".encode())
    response = client.post(url, {"text": "2025年全年", "attachments": upload})
    assert response.status_code == 302
    foi.refresh_from_db()
    assert foi.state == "in_progress" and foi.supplement.supplied_text == "2025年全年"
    assert foi.attachments.filter(role=AttachmentRole.SUPPLEMENT, filename="年份.txt").exists()
    # A second supplement is not possible.
    response = client.post(url, {"text": "again"})
    assert response.status_code == 302 and foi.supplement.supplied_text == "2025年全年"


def test_applicant_withdraws_after_confirming(client, xiuwu):
    foi = FoiRequestFactory(bureau=xiuwu)
    page = verify(client, foi).content.decode()
    url = reverse("foi:withdraw", kwargs={"uuid": foi.uuid})
    assert f'href="{url}"' in page
    assert 'id="confirm-withdraw"' in client.get(url).content.decode()
    foi.refresh_from_db()
    assert foi.state == "received"  # nothing happens without the confirmation
    assert client.post(url, {"reason": "不再需要"}).status_code == 302
    foi.refresh_from_db()
    assert foi.state == "withdrawn"
    page = client.get(reverse("foi:status", kwargs={"uuid": foi.uuid})).content.decode()
    assert 'id="withdraw-link"' not in page and "不再需要" in page


def test_reply_documents_visible_to_the_applicant_can_be_downloaded(client, xiuwu):
    foi = FoiRequestFactory(bureau=xiuwu, state="answered")
    shown = RequestAttachment.objects.create(
        request=foi,
        role=AttachmentRole.REPLY,
        file=ContentFile(b"%PDF-1.4 reply", name="reply.pdf"),
        filename="答复书.pdf",
        content_type="application/pdf",
        size=14,
        visible_to_applicant=True,
    )
    hidden = RequestAttachment.objects.create(
        request=foi,
        role=AttachmentRole.REPLY,
        file=ContentFile(b"draft", name="draft.pdf"),
        filename="草稿.pdf",
        content_type="application/pdf",
        size=5,
    )
    own = RequestAttachment.objects.create(
        request=foi,
        role=AttachmentRole.APPLICATION,
        file=ContentFile(b"id", name="id.txt"),
        filename="身份证.txt",
        content_type="text/plain",
        size=2,
        visible_to_applicant=True,
    )
    stranger_url = reverse("foi:document", kwargs={"uuid": foi.uuid, "pk": shown.pk})
    assert client.get(stranger_url).status_code == 302
    page = verify(client, foi).content.decode()
    assert "答复书.pdf" in page and "草稿.pdf" not in page
    response = client.get(stranger_url)
    assert response.status_code == 200 and b"".join(response.streaming_content) == b"%PDF-1.4 reply"
    for other in (hidden, own):
        assert client.get(reverse("foi:document", kwargs={"uuid": foi.uuid, "pk": other.pk})).status_code == 404


def test_pages_work_in_english(client, xiuwu):
    with translation.override("en"):
        url = reverse("foi:apply", kwargs={"code": "xiuwu"})
    assert url.startswith("/en/")
    assert "Request government information" in client.get(url).content.decode()
