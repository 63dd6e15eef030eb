"""The kiosk's forms: the FOI request (the public form without file uploads) and a question."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gongkai.foi_requests.forms_public import ApplyForm

# The FOI form's fields shown at the kiosk, in order: no uploads (a kiosk has no files to give).
APPLY_GROUPS = (
    (_("About you"), ("applicant_type", "applicant_name", "id_document_type", "id_document_number")),
    (_("How to reach you"), ("phone", "email", "postal_address", "postal_code")),
    (_("The information you ask for"), ("description", "document_number_hint", "purpose")),
    (_("Receiving the information"), ("delivery_form", "delivery_channel")),
)


class KioskApplyForm(ApplyForm):
    """The public FOI form (one set of rules: validation.validate_submission), without attachments."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["attachments"]
        shown = {name for _title, names in APPLY_GROUPS for name in names}
        for name in list(self.fields):
            if name not in shown and name != "client_token":
                del self.fields[name]
        _no_autocomplete(self)


# HTML allows `autocomplete` on text-like inputs, selects and text areas only (not on check boxes or radios).
NO_AUTOCOMPLETE_TYPES = frozenset({"text", "email", "tel", "number", "search", "url", "password", "date", "select"})


def _no_autocomplete(form) -> None:
    """Nothing typed stays in the kiosk's browser."""
    for field in form.fields.values():
        widget = field.widget
        kind = getattr(widget, "input_type", None)
        if isinstance(widget, forms.Textarea) or kind in NO_AUTOCOMPLETE_TYPES:
            widget.attrs.setdefault("autocomplete", "off")


class AskForm(forms.Form):
    """A question to a bureau (政民互动), passed to the inquiries service."""

    bureau = forms.ChoiceField(label=_("Bureau"))
    name = forms.CharField(label=pgettext_lazy("person", "Name"), max_length=50)
    contact = forms.CharField(
        label=_("Phone or email"), max_length=100, help_text=_("Where the bureau can answer you.")
    )
    subject = forms.CharField(label=pgettext_lazy("a question's", "Subject"), max_length=100)
    body = forms.CharField(label=_("Your question"), max_length=2000, widget=forms.Textarea(attrs={"rows": 5}))
    consent_publish = forms.BooleanField(
        label=_("The question and its answer may be published (without my name and contact)"), required=False
    )

    required_fields = frozenset({"bureau", "name", "contact", "subject", "body"})

    def __init__(self, *args, bureaus=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["bureau"].choices = [("", _("— choose —")), *[(b.code, b.name) for b in bureaus]]
        _no_autocomplete(self)
