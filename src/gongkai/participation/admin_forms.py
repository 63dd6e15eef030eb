"""Forms of the participation staff screens. They parse input; the services decide (the period through the
rules module: `ConsultationForm.clean` asks `periods.check_period` so the error shows next to the dates)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from . import models, rules
from .periods import check_period

DATE = forms.DateInput(attrs={"type": "date"})


def _bureau_choices(field, bureaus) -> None:
    field.queryset = bureaus
    if len(bureaus) == 1:
        field.empty_label = None  # the only bureau of the user: chosen already


def _matter_choices(form, bureaus) -> None:
    form.fields["matter"].queryset = models.DecisionMatter.objects.filter(catalog__bureau__in=bureaus).order_by(
        "-catalog__year", "position"
    )


MATTER = dict(label=_("Decision matter (major decision catalog)"), required=False, queryset=None)


class ConsultationForm(forms.Form):
    bureau = forms.ModelChoiceField(label=_("Bureau"), queryset=None)
    kind = forms.ChoiceField(label=_("Kind of draft"), choices=())
    matter = forms.ModelChoiceField(**MATTER)
    title = forms.CharField(label=_("Title"), max_length=300)
    summary = forms.CharField(label=_("What is consulted on"), widget=forms.Textarea(attrs={"rows": 4}), required=False)
    draft_file = forms.FileField(label=_("Draft"), required=False)
    explanation_file = forms.FileField(label=_("Explanation (起草说明)"), required=False)
    channels = forms.CharField(
        label=_("Other channels (post, email, fax)"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    opens = forms.DateField(label=_("Opens on"), widget=DATE)
    closes = forms.DateField(label=_("Closes on"), widget=DATE)
    urgent_reason = forms.CharField(
        label=_("Reason for a shortened period"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    moderation = forms.ChoiceField(label=_("Moderation"), choices=models.Moderation.choices)
    summary_due_days = forms.IntegerField(
        label=_("Adoption summary due (days after closing)"), min_value=1, max_value=365, initial=30
    )

    def __init__(self, *args, bureaus, **kwargs):
        super().__init__(*args, **kwargs)
        _bureau_choices(self.fields["bureau"], bureaus)
        _matter_choices(self, bureaus)
        self.fields["kind"].choices = [
            (k, f"{rules.period_kind_label(k)} — {rules.rule_text(k)}") for k in rules.PERIOD_KINDS
        ]

    def clean(self):
        data = super().clean()
        if data.get("kind") and data.get("opens") and data.get("closes"):
            result = check_period(
                kind=data["kind"],
                opens=data["opens"],
                closes=data["closes"],
                urgent_reason=data.get("urgent_reason", ""),
            )
            if not result.ok:
                self.add_error("closes", result.reason)
        return data


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
        _bureau_choices(self.fields["bureau"], bureaus)


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


class RecordLinkForm(forms.Form):
    matter = forms.ModelChoiceField(label=_("Decision matter"), queryset=None)
    record = forms.CharField(label=_("Index number (索引号) of the published decision record"), max_length=100)

    def __init__(self, *args, catalog, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["matter"].queryset = catalog.matters.all()


class PartyForm(forms.Form):
    party_agreed_on = forms.DateField(label=_("Party committee agreed on"), widget=DATE)


class HearingForm(forms.Form):
    bureau = forms.ModelChoiceField(label=_("Bureau"), queryset=None)
    kind = forms.ChoiceField(label=_("Kind"), choices=models.HearingKind.choices)
    matter = forms.ModelChoiceField(**MATTER)
    title = forms.CharField(label=_("Title"), max_length=300)
    subject = forms.CharField(label=_("Subject"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    place = forms.CharField(label=_("Place"), max_length=300)
    held_at = forms.DateTimeField(label=_("Held at"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))
    selection_method = forms.CharField(label=_("Selection method"), widget=forms.Textarea(attrs={"rows": 2}))
    registration_closes = forms.DateField(label=_("Registration closes on"), widget=DATE)
    seats = forms.IntegerField(label=_("Seats for the public"), min_value=1, max_value=500, initial=10)

    def __init__(self, *args, bureaus, **kwargs):
        super().__init__(*args, **kwargs)
        _bureau_choices(self.fields["bureau"], bureaus)
        _matter_choices(self, bureaus)


class MaterialsForm(forms.Form):
    materials_delivered_on = forms.DateField(label=_("Materials delivered on"), widget=DATE)


class HeldForm(forms.Form):
    signed_record = forms.FileField(label=_("Record signed by the participants"))


class MinutesForm(forms.Form):
    body = forms.CharField(label=_("Minutes or summary"), widget=forms.Textarea(attrs={"rows": 6}))
