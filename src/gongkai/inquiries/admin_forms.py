"""Forms of the staff screens of inquiries: the answer, approval, not valid, the answer time."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class AnswerForm(forms.Form):
    answer_text = forms.CharField(label=_("Answer"), widget=forms.Textarea(attrs={"rows": 8}))
    public_subject = forms.CharField(
        label=_("Subject as published"),
        max_length=200,
        required=False,
        help_text=_("Edit out anything personal; the public never sees the name or the contact."),
    )
    public_body = forms.CharField(
        label=_("Message as published"), required=False, widget=forms.Textarea(attrs={"rows": 5})
    )
    publish = forms.BooleanField(label=_("Publish with the answer (the asker consented)"), required=False)

    def __init__(self, *args, consent: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not consent:
            del self.fields["publish"]
            del self.fields["public_subject"]
            del self.fields["public_body"]


class InvalidForm(forms.Form):
    reason = forms.CharField(label=_("Why this message is not valid"), max_length=300)


class PolicyForm(forms.Form):
    answer_working_days = forms.IntegerField(
        label=_("Answer within (working days)"),
        min_value=1,
        max_value=60,
        required=False,
        help_text=_("Empty: the platform default."),
    )
