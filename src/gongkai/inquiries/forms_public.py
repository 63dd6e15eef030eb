"""The public inquiry form (journaled: `public_intake`; the kiosk posts the same fields through
`services.submit_inquiry`). `client_token` makes a retried POST the same submission."""

from __future__ import annotations

import uuid

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .models import Topic


class AskForm(forms.Form):
    client_token = forms.UUIDField(widget=forms.HiddenInput, initial=uuid.uuid4, required=False)  # none: a new one
    name = forms.CharField(label=_("Your name"), max_length=100)
    contact = forms.CharField(
        label=_("Phone or email"), max_length=200, help_text=_("Only the bureau sees it; it is never published.")
    )
    topic = forms.ChoiceField(label=_("Topic"), choices=Topic.choices, initial=Topic.OTHER)
    subject = forms.CharField(label=_("Subject"), max_length=200)
    body = forms.CharField(label=_("Your question"), max_length=5000, widget=forms.Textarea(attrs={"rows": 8}))
    consent_publish = forms.BooleanField(
        label=_("The question and its answer may be published (without my name and contact)"), required=False
    )

    def add_service_error(self, exc: ValidationError) -> None:
        if hasattr(exc, "error_dict"):
            for field, errors in exc.error_dict.items():
                self.add_error(field if field in self.fields else None, errors)
        else:
            self.add_error(None, exc)


class TrackForm(forms.Form):
    number = forms.CharField(label=_("Tracking number"), max_length=30)
