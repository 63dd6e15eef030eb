"""The statuses an application passes through, push channels and states, and the limits of the look-up."""

from datetime import timedelta

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gongkai.records.constants import TOKEN_SCOPE_APPLICATIONS

# The token scope of business systems that report applications (one of records.constants.TOKEN_SCOPES).
SCOPE = TOKEN_SCOPE_APPLICATIONS


class Status(models.TextChoices):
    RECEIVED = "received", pgettext_lazy("application status", "Received")
    ACCEPTED = "accepted", pgettext_lazy("application status", "Accepted")
    SUPPLEMENT_NEEDED = "supplement_needed", pgettext_lazy("application status", "Supplement needed")
    DECIDED = "decided", pgettext_lazy("application status", "Decided")
    CERTIFICATE_ISSUED = "certificate_issued", pgettext_lazy("application status", "Certificate issued")


class Channel(models.TextChoices):
    EMAIL = "email", _("Email")
    SMS = "sms", _("SMS")


class PushStatus(models.TextChoices):
    PENDING = "pending", pgettext_lazy("push status", "Pending")
    SENT = "sent", pgettext_lazy("push status", "Sent")
    RETRYING = "retrying", pgettext_lazy("push status", "Failed, will retry")
    FAILED = "failed", pgettext_lazy("push status", "Failed")


# An event may be reported a little ahead of the server's clock, never later than this.
FUTURE_TOLERANCE = timedelta(minutes=5)
# An event older than this is refused as a typing error ("far past").
MAX_AGE = timedelta(days=5 * 366)

# Pushes: attempts in all, and the wait before each retry (doubling).
PUSH_MAX_ATTEMPTS = 5
PUSH_RETRY_BASE = timedelta(minutes=1)

# Wrong look-up codes per address and hour before the look-up answers 429.
LOOKUP_FAILURES_PER_HOUR = 20

# The look-up code: 10 characters from an alphabet without look-alikes (0/O, 1/I/L).
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 10
