import pytest

from .smtp_sink import SmtpSink


@pytest.fixture(autouse=True)
def _default_language(default_language):
    """Each FOI-request test starts in the default language."""


@pytest.fixture
def smtp_sink(settings):
    """Mail goes out over SMTP to a local sink (aiosmtpd); `smtp_sink.messages` holds what arrived."""
    sink = SmtpSink()
    sink.controller.start()
    settings.MAILERS = sink.mailers()
    try:
        yield sink
    finally:
        sink.controller.stop()
