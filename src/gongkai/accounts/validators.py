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
