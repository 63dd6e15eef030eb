"""The look-up page's forms: the application number with its look-up code, and a subscription."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .constants import Channel


class LookupForm(forms.Form):
    number = forms.CharField(label=_("Application number"), max_length=64)
    code = forms.CharField(
        label=_("Look-up code"),
        max_length=32,
        help_text=_("The code you were given when the application was received."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["number"].widget.attrs.update({"autocomplete": "off", "spellcheck": "false"})
        self.fields["code"].widget.attrs.update({"autocomplete": "off", "spellcheck": "false"})

    @property
    def required_fields(self):
        return [name for name, field in self.fields.items() if field.required]


class SubscribeForm(forms.Form):
    channel = forms.ChoiceField(
        label=_("Send pushes by"), choices=Channel.choices, widget=forms.RadioSelect, initial=Channel.EMAIL
    )
    to = forms.CharField(label=_("Email address or mobile number"), max_length=254)

    @property
    def required_fields(self):
        return [name for name, field in self.fields.items() if field.required]
