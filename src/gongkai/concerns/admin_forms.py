from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Level, ResponseKind

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class ConcernForm(forms.Form):
    bureau = forms.ModelChoiceField(label=_("Bureau"), queryset=None)
    title = forms.CharField(label=_("Title"), max_length=200)
    summary = forms.CharField(label=_("What the public is concerned about"), widget=forms.Textarea(attrs={"rows": 4}))
    level = forms.ChoiceField(label=_("Level"), choices=Level.choices)
    detected_at = forms.DateTimeField(label=_("Detected at"), widget=DATETIME)

    def __init__(self, *args, bureaus, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["bureau"].queryset = bureaus
        if bureaus.count() == 1:
            self.fields["bureau"].initial = bureaus.first()


class ResponseForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=ResponseKind.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    text = forms.CharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 6}))
    occurred_at = forms.DateTimeField(label=_("Released or held at"), widget=DATETIME)
