"""The per-address limit on public FOI submissions (GONGKAI["FOI_SUBMISSIONS_PER_HOUR"]).

Counted per client address and clock hour in the shared counter (core.ratelimit: Redis or the
database), so every app process and server sees one count. A repeated `client_token` (a double
submit, a retried POST) returns the first request before this limit is consulted, and a submission
that created nothing gives its slot back.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from gongkai.core.intake import Slot
from gongkai.core.ratelimit import HourlyCounter


class RateLimited(ValidationError):
    """Too many public submissions from one client address in the current hour."""

    def __init__(self):
        super().__init__(
            _(
                "Too many requests have been submitted from your network in the last hour. Nothing was lost: "
                "please submit again later, or contact the bureau's disclosure office."
            ),
            code="rate_limited",
        )


def _limit() -> int:
    return int(settings.GONGKAI.get("FOI_SUBMISSIONS_PER_HOUR") or 0)


_submissions = HourlyCounter("foi:submissions")


def slot(ip: str | None):
    """This submission's place in the limit, counted with its journal entry (core.intake.accept)."""
    return Slot(_submissions, ip, _limit())


def take_slot(ip: str | None) -> None:
    """Count this submission atomically (one counter shared by every worker); RateLimited once over."""
    if ip and not _submissions.acquire(ip, _limit()):
        _submissions.release(ip)
        raise RateLimited()


def give_back_slot(ip: str | None) -> None:
    """A submission counted by take_slot that created nothing does not count."""
    if ip and _limit():
        _submissions.release(ip)
