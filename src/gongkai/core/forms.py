"""The form fields of the confidentiality check (保密审查) that every approval for publication records.

One form for every screen that approves or publishes (records, catalogs, disclosure guides, service
guides); the services validate the values with `core.confidentiality.clean_confidentiality`.
`ReviewDecisionForm` adds the reason for returning, for the approval screens that approve or return
(`core.admin_screens.review_screen`).
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from .confidentiality import PERSON_RESULTS


class ConfidentialityCheckForm(forms.Form):
    """The result and notes of the check; the result is optional here, as the service says what is missing."""

    confidentiality_result = forms.ChoiceField(
        label=_("Confidentiality check (保密审查)"),
        choices=[("", "—"), *[(c.value, c.label) for c in PERSON_RESULTS]],
        required=False,
    )
    confidentiality_notes = forms.CharField(
        label=_("Notes of the check"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ReviewDecisionForm(ConfidentialityCheckForm):
    """The approval screen's form: the confidentiality check to approve, or the reason to return."""

    reason = forms.CharField(label=_("Reason for returning"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
