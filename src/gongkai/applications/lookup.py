"""The public look-up with its rate limit, shared by the API and the page: a wrong code counts against the
visitor's address (`core.ratelimit`); past LOOKUP_FAILURES_PER_HOUR every look-up from it answers 429."""

from __future__ import annotations

from django.utils.translation import gettext as _

from gongkai.core.audit import client_ip
from gongkai.core.ratelimit import HourlyCounter

from .constants import LOOKUP_FAILURES_PER_HOUR
from .models import Application
from .selectors import application_lookup

failures = HourlyCounter("applications:lookup_failures")


class TooManyAttempts(Exception):
    def __init__(self):
        super().__init__(_("Too many wrong look-up codes from your address; try again in an hour."))


def find(request, number: str, code: str) -> Application | None:
    """The application for this number and code; None (counted) when there is none; TooManyAttempts past the limit."""
    who = client_ip(request) or "unknown"
    if failures.reached(who, LOOKUP_FAILURES_PER_HOUR):
        raise TooManyAttempts()
    application = application_lookup(number, code)
    if application is None:
        failures.count(who)
    return application
