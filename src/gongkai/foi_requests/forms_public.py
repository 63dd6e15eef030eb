"""Forms of the public FOI pages. They only carry the input: the rules live in validation.py and the services.

Fields are not `required` at the Django level and choices are plain text here, so that every error
comes from one place (validation.validate_submission, with its codes) and the form re-displays
exactly what was typed. `required_fields` marks what the rules require, for the labels.
"""

from __future__ import annotations

import uuid

from django import forms
from django.core.validators import ProhibitNullCharactersValidator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .constants import ApplicantType, DeliveryChannel, DeliveryForm, IdDocumentType
from .validation import MAX_LENGTHS, REQUIRED_FIELDS

ACCEPTED_EXTENSIONS = ".pdf,.ofd,.doc,.docx,.xls,.xlsx,.txt,.jpg,.jpeg,.png"


class PlainTextField(forms.CharField):
    """Text kept as typed (validation.clean_text removes control characters, NUL included)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("strip", False)
        super().__init__(*args, **kwargs)
        self.validators = [v for v in self.validators if not isinstance(v, ProhibitNullCharactersValidator)]


def _select(choices):
    return forms.Select(choices=[("", _("— choose —")), *choices])


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files; the checks (type by content, size, count) are validation.check_files'."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ACCEPTED_EXTENSIONS}))
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if not data:
            return []
        items = data if isinstance(data, list | tuple) else [data]
        return [item for item in items if item]


def _text(name: str, **kwargs) -> PlainTextField:
    attrs = kwargs.pop("attrs", {})
    if name in MAX_LENGTHS:
        attrs.setdefault("maxlength", MAX_LENGTHS[name])
    widget = kwargs.pop("widget", forms.TextInput)
    return PlainTextField(widget=widget(attrs=attrs), **kwargs)


class ApplyForm(forms.Form):
    client_token = forms.UUIDField(widget=forms.HiddenInput, required=False)

    applicant_type = PlainTextField(label=_("Applicant type"), widget=_select(ApplicantType.choices))
    applicant_name = _text(
        "applicant_name",
        label=_("Name"),
        help_text=_("Your full name, or the full name of the organization."),
        attrs={"autocomplete": "name"},
    )
    # Contexts: "Document number" elsewhere is a record's 发文字号, "Identity document" a proof of identity.
    id_document_type = PlainTextField(
        label=pgettext_lazy("FOI form: applicant's identity document", "Identity document type"),
        widget=_select(IdDocumentType.choices),
    )
    id_document_number = _text(
        "id_document_number",
        label=pgettext_lazy("FOI form: applicant's identity document", "Identity document number"),
        help_text=_("Resident ID: 18 characters. Organizations: the unified social credit code."),
        attrs={"autocomplete": "off", "spellcheck": "false", "autocapitalize": "characters"},
    )
    contact_person = _text(
        "contact_person", label=_("Contact person"), help_text=_("Organizations: who we should contact.")
    )
    phone = _text(
        "phone",
        label=_("Phone"),
        help_text=_("A mobile number can receive the tracking code by SMS."),
        attrs={"autocomplete": "tel", "inputmode": "tel"},
        widget=forms.TextInput,
    )
    email = _text("email", label=_("Email"), attrs={"autocomplete": "email", "inputmode": "email"})
    postal_address = _text(
        "postal_address",
        label=_("Postal address"),
        help_text=_("Required when the answer is to be posted."),
        attrs={"autocomplete": "address-line1"},
    )
    postal_code = _text(
        "postal_code", label=_("Postal code"), attrs={"autocomplete": "postal-code", "inputmode": "numeric"}
    )
    description = _text(
        "description",
        label=_("Information sought"),
        help_text=_(
            "Describe the government information you ask for (name, subject, period) as precisely as you can; "
            "at most 5,000 characters."
        ),
        widget=forms.Textarea,
        attrs={"rows": 8},
    )
    document_number_hint = _text(
        "document_number_hint",
        label=_("Document number (if known)"),
        help_text=_("For example 焦应急〔2025〕12号."),
    )
    purpose = _text("purpose", label=_("Purpose (optional)"), widget=forms.Textarea, attrs={"rows": 3})
    delivery_form = PlainTextField(
        label=_("Form of the information"), widget=forms.RadioSelect(choices=DeliveryForm.choices)
    )
    delivery_channel = PlainTextField(
        label=_("How you want to receive it"), widget=forms.RadioSelect(choices=DeliveryChannel.choices)
    )
    attachments = MultipleFileField(
        label=_("Attachments (optional)"),
        help_text=_(
            "For example a copy of your ID or a power of attorney. Up to 5 files of at most 10 MB each: "
            "PDF, OFD, Word, Excel, text or images."
        ),
    )

    required_fields = frozenset(REQUIRED_FIELDS)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("client_token", uuid.uuid4())
        for name in self.required_fields:
            widget = self.fields[name].widget
            if not widget.use_fieldset:  # radio groups say "(required)" in their legend
                widget.attrs["aria-required"] = "true"

    def submission(self) -> dict:
        """The typed values for intake.submit_request (call after is_valid())."""
        return {
            name: self.cleaned_data.get(name, "") for name in self.fields if name not in ("client_token", "attachments")
        }

    def add_service_error(self, error) -> None:
        """Show a service's ValidationError: per field where the form has the field, on top otherwise."""
        if hasattr(error, "error_dict"):
            for field, errors in error.error_dict.items():
                self.add_error(field if field in self.fields else None, errors)
        else:
            self.add_error(None, error)


class TrackStartForm(forms.Form):
    tracking_number = PlainTextField(
        label=_("Tracking number"),
        help_text=_("On your receipt and in the acknowledgement, e.g. F20261128K7MQ2XWA."),
        widget=forms.TextInput(
            attrs={"maxlength": 40, "autocomplete": "off", "spellcheck": "false", "autocapitalize": "characters"}
        ),
    )
    via = forms.ChoiceField(
        label=_("Send the code to"),
        choices=[("email", _("the email address given in the request")), ("phone", _("the mobile number (SMS)"))],
        widget=forms.RadioSelect,
        initial="email",
    )


class TrackCodeForm(forms.Form):
    code = PlainTextField(
        label=_("One-time code"),
        help_text=_("6 digits, valid for 10 minutes."),
        widget=forms.TextInput(
            attrs={"maxlength": 8, "autocomplete": "one-time-code", "inputmode": "numeric", "pattern": "[0-9 ]*"}
        ),
    )


class SupplementForm(forms.Form):
    text = _text(
        "description",
        label=_("Your supplement"),
        help_text=_("Answer each point of the supplement notice; at most 5,000 characters."),
        widget=forms.Textarea,
        attrs={"rows": 8},
    )
    attachments = MultipleFileField(label=_("Attachments (optional)"))

    add_service_error = ApplyForm.add_service_error


class WithdrawForm(forms.Form):
    reason = _text("purpose", label=_("Reason (optional)"), widget=forms.Textarea, attrs={"rows": 3, "maxlength": 1000})
