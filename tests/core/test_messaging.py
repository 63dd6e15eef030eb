"""core/messaging.py (the one gateway, used by FOI and application pushes): email through a real SMTP server (a local sink), SMS through the pluggable gateway."""

import logging

import pytest

from gongkai.core import messaging as notifications
from tests.smtp_sink import free_port


class RecordingGateway:
    sent: list[tuple[str, str]] = []

    def send(self, phone, text):
        RecordingGateway.sent.append((phone, text))


class BrokenGateway:
    def send(self, phone, text):
        raise ConnectionError("gateway down")


def test_email_arrives_at_the_smtp_server(smtp_sink):  # noqa: F811
    assert notifications.send_email(
        "applicant@example.com",
        "申请已提交",
        "受理编号：F20261128K7MQ2XWA",
        attachments=[("回执.pdf", b"%PDF-1.4 test", "application/pdf")],
    )
    (message,) = smtp_sink.messages
    assert message["To"] == "applicant@example.com"
    assert message["Subject"] == "申请已提交"
    assert "F20261128K7MQ2XWA" in smtp_sink.bodies()[0]
    (attachment,) = list(message.iter_attachments())
    assert attachment.get_filename() == "回执.pdf"
    assert attachment.get_content() == b"%PDF-1.4 test"


def test_email_to_nobody_is_not_sent(smtp_sink):  # noqa: F811
    assert notifications.send_email(["", None], "s", "b") is False
    assert smtp_sink.messages == []


def test_unreachable_mail_server_returns_false_and_logs(settings, caplog):
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": free_port(), "timeout": 2},
        }
    }
    with caplog.at_level(logging.ERROR, logger="gongkai.core.messaging"):
        assert notifications.send_email("applicant@example.com", "s", "b") is False
    assert "ap***@example.com" in caplog.text
    assert "applicant@example.com" not in caplog.text


def test_default_sms_backend_logs_with_the_number_masked(caplog):
    with caplog.at_level(logging.INFO, logger="gongkai.core.messaging"):
        assert notifications.send_sms("13800138000", "验证码 123456")
    assert "138****8000" in caplog.text and "13800138000" not in caplog.text


def test_sms_goes_through_the_configured_gateway(settings):
    settings.GONGKAI = {**settings.GONGKAI, "SMS_BACKEND": f"{__name__}.RecordingGateway"}
    RecordingGateway.sent.clear()
    assert notifications.send_sms("13800138000", "你好")
    assert RecordingGateway.sent == [("13800138000", "你好")]


def test_failing_sms_gateway_returns_false(settings, caplog):
    settings.GONGKAI = {**settings.GONGKAI, "SMS_BACKEND": f"{__name__}.BrokenGateway"}
    with caplog.at_level(logging.ERROR):
        assert notifications.send_sms("13800138000", "你好") is False
    assert "138****8000" in caplog.text


@pytest.mark.parametrize(
    ("value", "masked"),
    [("13800138000", "138****8000"), ("0391-3561234", "039****1234"), ("12", "**")],
)
def test_phone_masking(value, masked):
    assert notifications.mask_phone(value) == masked


def test_email_masking():
    assert notifications.mask_email("zhangsan@example.com") == "zh***@example.com"
    assert notifications.mask_email("ab@example.com") == "a***@example.com"
