"""Public forms: a comment on a consultation, a registration for a hearing. They parse input; the services
decide (and say what is wrong)."""

import uuid

from django import forms
from django.utils.translation import gettext_lazy as _


class CommentForm(forms.Form):
    client_token = forms.UUIDField(widget=forms.HiddenInput, initial=uuid.uuid4)
    body = forms.CharField(label=_("Your comment"), widget=forms.Textarea(attrs={"rows": 8}))
    name = forms.CharField(
        label=_("Your name (optional, not published)"), required=False, max_length=100
    )
    contact = forms.CharField(
        label=_("Phone or email (optional, not published)"),
        required=False,
        max_length=200,
        help_text=_("Only the bureau sees your name and contact, to ask you about your comment. They are never published."),
    )
    attachment = forms.FileField(
        label=_("Attachment (optional, at most 5 MB: PDF, Word, text or image)"), required=False
    )


class RegistrationForm(forms.Form):
    client_token = forms.UUIDField(widget=forms.HiddenInput, initial=uuid.uuid4)
    name = forms.CharField(label=_("Name"), max_length=100)
    organisation = forms.CharField(label=_("Organisation or group you represent"), required=False, max_length=200)
    contact = forms.CharField(
        label=_("Phone or email (not published)"),
        max_length=200,
        help_text=_("If you are selected, your name and organisation appear on the published participant list."),
    )
    statement = forms.CharField(label=_("Views you want to present"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
