"""A request filed at the kiosk is recorded on the kiosk channel (条例 Art. 31: a data message, received on
confirmation), counted in annual-report table 三 like any other request once received."""

import re

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from gongkai.foi_requests import reporting
from gongkai.foi_requests.admin_forms import STAFF_CHANNELS
from gongkai.foi_requests.constants import CHANNELS_NEEDING_CONFIRMATION, Channel
from gongkai.foi_requests.models import FoiRequest
from gongkai.foi_requests.services import intake, workflow

from ..foi_requests.test_validation import valid

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


def _file_at_kiosk(client, code="xiuwu") -> FoiRequest:
    url = reverse("kiosk:apply_bureau", kwargs={"code": code})
    token = re.search(r'name="client_token" value="([0-9a-f-]{36})"', client.get(url).content.decode()).group(1)
    assert client.post(url, {**valid(), "client_token": token}).status_code == 302
    return FoiRequest.objects.get()


def test_kiosk_request_is_recorded_on_the_kiosk_channel_and_awaits_confirmation(client, xiuwu):
    foi = _file_at_kiosk(client)
    assert foi.channel == Channel.KIOSK == "kiosk"
    assert foi.get_channel_display() != foi.channel  # labelled, not shown as the stored value
    assert Channel.KIOSK in CHANNELS_NEEDING_CONFIRMATION
    assert (foi.state, foi.received_on, foi.due_on) == ("submitted", None, None)


def test_kiosk_request_counts_in_table_three_once_received(client, xiuwu, editor):
    foi = _file_at_kiosk(client)
    today = timezone.localdate()
    assert reporting.table3("xiuwu", today.year).cell("new_received") == 0
    workflow.confirm_receipt(foi, acting_user=editor, received_on=today, today=today)
    foi.refresh_from_db()
    assert (foi.state, foi.received_on) == ("received", today)
    assert reporting.table3("xiuwu", today.year).cell("new_received", foi.applicant_type) == 1


def test_kiosk_channel_is_public_only_not_a_staff_entry_channel(xiuwu, editor):
    assert Channel.KIOSK not in dict(STAFF_CHANNELS)
    foi, _created = intake.submit_request(bureau=xiuwu, data=valid(), channel="kiosk", ip="203.0.113.9")
    assert foi.channel == "kiosk"
    with pytest.raises(ValidationError) as caught:
        intake.submit_request(bureau=xiuwu, data=valid(), channel="in_person", ip="203.0.113.9")
    assert caught.value.error_dict["channel"][0].code == "channel"
