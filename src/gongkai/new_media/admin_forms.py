"""Forms of the new-media staff screens (the services validate; these only parse)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from gongkai.core.forms import ConfidentialityCheckForm

from .models import ApplicationKind, Platform


class ApplicationForm(forms.Form):
    bureau = forms.ModelChoiceField(label=_("Bureau"), queryset=None)
    kind = forms.ChoiceField(label=_("The application asks to"), choices=ApplicationKind.choices)
    account = forms.ModelChoiceField(label=_("Account (to change or close)"), queryset=None, required=False)
    platform = forms.ChoiceField(label=_("Platform"), choices=[("", "—"), *Platform.choices], required=False)
    name = forms.CharField(label=_("Account name"), max_length=100, required=False)
    handle = forms.CharField(label=_("Account id"), max_length=100, required=False)
    url = forms.URLField(label=_("Address"), required=False, assume_scheme="https")
    operator = forms.CharField(label=_("Operator"), max_length=100, required=False)
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))
    effective_on = forms.DateField(
        label=_("Effective on"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, bureaus, accounts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["bureau"].queryset = bureaus
        self.fields["account"].queryset = accounts

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        fields = {k: data[k] for k in ("platform", "name", "handle", "url", "operator") if data.get(k)}
        return {
            "bureau": data["bureau"],
            "kind": data["kind"],
            "account": data.get("account"),
            "fields": fields,
            "reason": data["reason"],
            "effective_on": data.get("effective_on"),
        }


class DecisionForm(ConfidentialityCheckForm):
    opinion = forms.CharField(label=_("Opinion"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class PostForm(forms.Form):
    account = forms.ModelChoiceField(label=_("Account"), queryset=None)
    posted_at = forms.DateTimeField(label=_("Posted at"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))
    title = forms.CharField(label=_("Title"), max_length=300)
    url = forms.URLField(label=_("Address"), required=False, assume_scheme="https")

    def __init__(self, *args, accounts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["account"].queryset = accounts


class ImportForm(forms.Form):
    bureau = forms.ModelChoiceField(label=_("Bureau"), queryset=None)
    file = forms.FileField(label=_("CSV file (account_id, posted_at, title, url)"))

    def __init__(self, *args, bureaus, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["bureau"].queryset = bureaus
