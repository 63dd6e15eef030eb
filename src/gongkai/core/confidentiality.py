"""The confidentiality check (保密审查) recorded with every approval for publication (条例 Art. 17).

Shared by every content type that reaches the public (records, disclosure guides, …): the approver
records a result, with notes when the check found something to note.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


class ConfidentialityResult(models.TextChoices):
    PASSED = "passed", gettext_lazy("Passed: no state secret, work secret or personal data")
    PASSED_WITH_NOTES = "passed_with_notes", gettext_lazy("Passed with notes")
    AUTO = "auto", gettext_lazy("Auto-approved catalog item (business system)")


# The results a person may record; AUTO is written only for a business system's auto-approved item.
PERSON_RESULTS = (ConfidentialityResult.PASSED, ConfidentialityResult.PASSED_WITH_NOTES)


def clean_confidentiality(result: str, notes: str) -> tuple[str, str]:
    """The check a person records with an approval: a result, and notes when it passed with notes."""
    notes = (notes or "").strip()
    if result not in PERSON_RESULTS:
        raise ValidationError(
            {
                "confidentiality_result": ValidationError(
                    _("Record the result of the confidentiality check (保密审查) before approving."),
                    code="confidentiality_check_required",
                )
            }
        )
    if result == ConfidentialityResult.PASSED_WITH_NOTES and not notes:
        raise ValidationError(
            {"confidentiality_notes": ValidationError(_("Write the notes of the check."), code="notes_required")}
        )
    return result, notes
