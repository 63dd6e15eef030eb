"""Password rules beyond Django's own: characters of several classes and no reuse of recent passwords
(GB/T 22239-2019 8.1.4.1 a).
"""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext


class CharacterClassValidator:
    """Require characters from several classes (upper, lower, digit, symbol).

    GB/T 22239-2019 8.1.4.1 a asks for password complexity; 3 of 4 classes is assessor practice.
    """

    CLASSES = (r"[A-Z]", r"[a-z]", r"\d", r"[^A-Za-z0-9]")

    def __init__(self, min_classes=3):
        self.min_classes = min_classes

    def validate(self, password, user=None):
        found = sum(1 for pattern in self.CLASSES if re.search(pattern, password or ""))
        if found < self.min_classes:
            raise ValidationError(self.get_help_text(), code="password_too_simple")

    def get_help_text(self):
        return ngettext(
            "Your password must contain characters of at least %(n)d kind (upper-case, lower-case, digits, symbols).",
            "Your password must contain characters of at least %(n)d kinds (upper-case, lower-case, digits, symbols).",
            self.min_classes,
        ) % {"n": self.min_classes} or _("Password too simple.")


class PasswordHistoryValidator:
    """Refuse any of the account's last `count` passwords (GB/T 22239-2019 8.1.4.1 a, level 3 practice)."""

    def __init__(self, count=None):
        self.count = count

    def _count(self):
        from django.conf import settings

        return self.count or getattr(settings, "PASSWORD_HISTORY_COUNT", 5)

    def validate(self, password, user=None):
        from django.contrib.auth.hashers import check_password

        if user is None or not getattr(user, "pk", None):
            return
        hashes = list(user.password_history.order_by("-created_at", "-pk").values_list("password", flat=True))
        hashes = [user.password, *hashes[: self._count()]] if user.password else hashes[: self._count()]
        if any(check_password(password, encoded) for encoded in hashes):
            raise ValidationError(self.get_help_text(), code="password_reused")

    def get_help_text(self):
        n = self._count()
        return ngettext(
            "Your password must differ from your last %(n)d password.",
            "Your password must differ from your last %(n)d passwords.",
            n,
        ) % {"n": n}
