"""The administrators' table of holidays and adjusted working days (调休), §6.4 of the reference."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from gongkai.core.models import AuditedModel, TimestampedModel


class CalendarOverride(AuditedModel, TimestampedModel):
    """One day whose status differs from (or is missing in) the holiday package.

    Overrides win over the package. Keying in the whole State Council notice for a year the
    package does not cover makes that year's due dates final instead of provisional.
    """

    date = models.DateField(_("date"), unique=True)
    is_workday = models.BooleanField(
        _("working day"),
        help_text=_("Ticked: the day is a working day (e.g. a weekend 调休 working day). Unticked: a day off."),
    )
    reason = models.CharField(
        _("reason"), max_length=100, help_text=_("For example 春节, 国庆节调休上班 or a local holiday.")
    )
    source_doc = models.CharField(
        _("source document"),
        max_length=200,
        help_text=_("The notice that sets this day, e.g. 国务院办公厅关于2027年部分节假日安排的通知."),
    )

    class Meta:
        ordering = ["date"]
        verbose_name = _("calendar override")
        verbose_name_plural = _("calendar overrides")

    def __str__(self):
        return f"{self.date.isoformat()} {self.reason}"

    def audit_data(self) -> dict:
        return {
            "date": self.date.isoformat(),
            "is_workday": self.is_workday,
            "reason": self.reason,
            "source_doc": self.source_doc,
        }
