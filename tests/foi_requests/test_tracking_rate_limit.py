"""The tracking page's look-up (a tracking number entered to get a one-time code) is limited per client
address and hour, in the shared atomic counter, with one message whether the number exists or not."""

import pytest
from django.urls import reverse

from gongkai.core.models import AuditLogEntry

from .factories import FoiRequestFactory

pytestmark = pytest.mark.django_db


def _look_up(client, number, ip):
    return client.post(reverse("foi:track"), {"tracking_number": number, "via": "email"}, REMOTE_ADDR=ip)


def test_one_address_is_stopped_after_the_hourly_limit_of_look_ups(client, xiuwu, settings, mailoutbox):
    settings.GONGKAI = {**settings.GONGKAI, "FOI_TRACKING_REQUESTS_PER_HOUR": 3}
    foi = FoiRequestFactory(bureau=xiuwu, tracking_number="F20261128K7MQ2XWB")
    ip = "203.0.113.77"
    for guess in ("F20261128AAAAAAAA", "F20261128BBBBBBBB", "F20261128CCCCCCCC"):
        assert _look_up(client, guess, ip).status_code == 400  # unknown numbers: the ordinary error
    refused = _look_up(client, foi.tracking_number, ip)  # the fourth, even for a real number
    assert refused.status_code == 400
    assert [e.code for e in refused.context["form"].non_field_errors().as_data()] == ["too_many_lookups"]
    unknown = _look_up(client, "F20261128DDDDDDDD", ip)
    assert [e.code for e in unknown.context["form"].non_field_errors().as_data()] == ["too_many_lookups"]
    assert mailoutbox == []  # no code went out past the limit
    assert AuditLogEntry.objects.filter(action="foi_requests.tracking_code.throttled").count() == 1
    # Another address is not affected.
    assert _look_up(client, foi.tracking_number, "198.51.100.77").status_code == 302
