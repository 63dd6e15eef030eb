"""Forms of the participation staff screens. They parse input; the services decide (the period through the
rules module: `ConsultationForm.clean` asks `periods.check_period` so the error shows next to the dates)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from gongkai.core.forms import ConfidentialityCheckForm

from . import models, rules
from .periods import check_period

DATE = forms.DateInput(attrs={"type": "date"})


class ConsultationForm(forms.Form):
    bureau = forms.ModelChoiceField(label=_("Bureau"), queryset=None)
    kind = forms.ChoiceField(label=_("Kind of draft"), choices=())
    title = forms.CharField(label=_("Title"), max_length=300)
    summary = forms.CharField(label=_("What is consulted on"), widget=forms.Textarea(attrs={"rows": 4}), required=False)
    draft_file = forms.FileField(label=_("Draft"), required=False)
    explanation_file = forms.FileField(label=_("Explanation (起草说明)"), required=False)
    channels = forms.CharField(label=_("Other channels (post, email, fax)"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
    opens = forms.DateField(label=_("Opens on"), widget=DATE)
    closes = forms.DateField(label=_("Closes on"), widget=DATE)
    urgent_reason = forms.CharField(
        label=_("Reason for a shortened period"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    moderation = forms.ChoiceField(label=_("Moderation"), choices=models.Moderation.choices)
    summary_due_days = forms.IntegerField(label=_("Adoption summary due (days after closing)"), min_value=1, max_value=365, initial=30)

    def __init__(self, *args, bureaus, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["bureau"].queryset = bureaus
        self.fields["kind"].choices = [(k, f"{rules.period_kind_label(k)} — {rules.rule_text(k)}") for k in rules.PERIOD_KINDS]

    def clean(self):
        data = super().clean()
        if data.get("kind") and data.get("opens") and data.get("closes"):
            result = check_period(
                kind=data["kind"], opens=data["opens"], closes=data["closes"], urgent_reason=data.get("urgent_reason", "")
            )
            if not result.ok:
                self.add_error("closes", result.reason)
        return data


class ReviewForm(ConfidentialityCheckForm):
    reason = forms.CharField(label=_("Reason for returning"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ClassifyForm(forms.Form):
    theme = forms.CharField(label=_("Theme"), max_length=100, required=False)
    adoption = forms.ChoiceField(label=_("Adoption"), choices=models.Adoption.choices, required=False)
    adoption_reason = forms.CharField(label=_("Reason"), required=False, widget=forms.Textarea(attrs={"rows": 1}))


class SummaryForm(forms.Form):
    body = forms.CharField(label=_("Summary"), widget=forms.Textarea(attrs={"rows": 5}), required=False)


class CatalogForm(forms.Form):
    bureau = forms.ModelChoiceField(label=_("Bureau"), queryset=None)
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    party_agreed_on = forms.DateField(label=_("Party committee agreed on"), widget=DATE, required=False)

    def __init__(self, *args, bureaus, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["bureau"].queryset = bureaus


class MatterForm(forms.ModelForm):
    class Meta:
        model = models.DecisionMatter
        fields = [
            "title",
            "department",
            "summary",
            "planned_on",
            "hearing_planned",
            *(name for name, _label in models.PROCEDURES),
        ]
        widgets = {"planned_on": DATE, "summary": forms.Textarea(attrs={"rows": 2})}


class PartyForm(forms.Form):
    party_agreed_on = forms.DateField(label=_("Party committee agreed on"), widget=DATE)


class HearingForm(forms.Form):
    bureau = forms.ModelChoiceField(label=_("Bureau"), queryset=None)
    kind = forms.ChoiceField(label=_("Kind"), choices=models.HearingKind.choices)
    title = forms.CharField(label=_("Title"), max_length=300)
    subject = forms.CharField(label=_("Subject"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    place = forms.CharField(label=_("Place"), max_length=300)
    held_at = forms.DateTimeField(label=_("Held at"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))
    selection_method = forms.CharField(label=_("Selection method"), widget=forms.Textarea(attrs={"rows": 2}))
    registration_closes = forms.DateField(label=_("Registration closes on"), widget=DATE)
    seats = forms.IntegerField(label=_("Seats for the public"), min_value=1, max_value=500, initial=10)

    def __init__(self, *args, bureaus, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["bureau"].queryset = bureaus


class MaterialsForm(forms.Form):
    materials_delivered_on = forms.DateField(label=_("Materials delivered on"), widget=DATE)


class HeldForm(forms.Form):
    signed_record = forms.FileField(label=_("Record signed by the participants"))


class MinutesForm(forms.Form):
    body = forms.CharField(label=_("Minutes or summary"), widget=forms.Textarea(attrs={"rows": 6}))
