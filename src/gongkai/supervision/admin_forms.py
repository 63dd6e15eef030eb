"""Forms of the supervision screens (they only parse; the services decide)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import LeaderActivity, QuarterlyReport


class ReportForm(forms.ModelForm):
    attachment = forms.FileField(label=_("Attach a file"), required=False)

    class Meta:
        model = QuarterlyReport
        fields = ["progress", "records_published", "catalog_progress", "problems", "next_steps"]
        widgets = {
            name: forms.Textarea(attrs={"rows": 4})
            for name in ("progress", "catalog_progress", "problems", "next_steps")
        }


class ReviewForm(forms.Form):
    comment = forms.CharField(label=_("Comments of the city"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class PlanForm(forms.Form):
    title = forms.CharField(label=_("title"), max_length=200)
    summary = forms.CharField(label=_("summary"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class TaskForm(forms.Form):
    title = forms.CharField(label=_("Task"), max_length=300)
    responsible_unit = forms.CharField(label=_("Responsible unit"), max_length=200)
    responsible_person = forms.CharField(label=_("Responsible person"), max_length=100)
    contact = forms.CharField(label=_("Contact"), max_length=100)
    due = forms.DateField(label=_("Due"), widget=DateInput())
    done_on = forms.DateField(required=False, widget=forms.HiddenInput())


TaskFormSet = forms.formset_factory(TaskForm, extra=2, max_num=100, validate_max=True)


def task_rows(formset) -> list[dict]:
    """The filled rows of a valid task formset (blank extra rows left out), in the order shown."""
    return [f.cleaned_data for f in formset.forms if f.cleaned_data and f.has_changed()]


class TaskDoneForm(forms.Form):
    done_on = forms.DateField(label=_("Done on"), widget=DateInput())


class LeaderActivityForm(forms.ModelForm):
    class Meta:
        model = LeaderActivity
        fields = ["kind", "on", "leader_name", "title", "notes"]
        widgets = {"on": DateInput(), "notes": forms.Textarea(attrs={"rows": 3})}


class TrainingForm(forms.Form):
    on = forms.DateField(label=_("date"), widget=DateInput())
    title = forms.CharField(label=_("title"), max_length=300)
    trainer = forms.CharField(label=_("trainer"), max_length=200, required=False)
    hours = forms.DecimalField(label=_("hours"), min_value=0, max_digits=5, decimal_places=1, initial=0)
    attendees = forms.CharField(
        label=_("Attendees"),
        help_text=_("One a line: name, unit (the unit may be left out)."),
        widget=forms.Textarea(attrs={"rows": 5}),
    )

    def clean_attendees(self) -> list[tuple[str, str]]:
        people = []
        for line in self.cleaned_data["attendees"].splitlines():
            name, _sep, unit = line.replace("，", ",").partition(",")
            if name.strip():
                if len(name.strip()) > 100 or len(unit.strip()) > 200:
                    raise forms.ValidationError(_("A name or unit is too long: %(line)s"), params={"line": line})
                people.append((name.strip(), unit.strip()))
        if not people:
            raise forms.ValidationError(_("List the attendees."))
        return people


class InspectionForm(forms.Form):
    title = forms.CharField(label=_("title"), max_length=300)
    on = forms.DateField(label=_("date"), widget=DateInput())


class FindingForm(forms.Form):
    bureau = forms.ModelChoiceField(label=_("bureau"), queryset=None)
    description = forms.CharField(label=_("finding"), widget=forms.Textarea(attrs={"rows": 3}))
    rectify_by = forms.DateField(label=_("rectify by"), widget=DateInput())

    def __init__(self, *args, bureaus, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["bureau"].queryset = bureaus


class RectifyForm(forms.Form):
    rectified_on = forms.DateField(label=_("rectified on"), widget=DateInput())
    rectification = forms.CharField(label=_("rectification"), widget=forms.Textarea(attrs={"rows": 3}))


class SchemeForm(forms.Form):
    """The scheme's name and the points of every registered indicator (one field `w_<code>` each)."""

    name = forms.CharField(label=_("name"), max_length=200, required=False)

    def __init__(self, *args, indicators, **kwargs):
        super().__init__(*args, **kwargs)
        self.codes = [i.code for i in indicators]
        for indicator in indicators:
            self.fields[f"w_{indicator.code}"] = forms.DecimalField(
                label=indicator.label, min_value=0, max_digits=6, decimal_places=2, required=False
            )

    def weights(self) -> dict:
        """{code: points} of the indicators given points (left empty: not in the scheme)."""
        return {c: self.cleaned_data[f"w_{c}"] for c in self.codes if self.cleaned_data.get(f"w_{c}") is not None}


class ManualScoreForm(forms.Form):
    points = forms.DecimalField(label=_("points"), min_value=0, max_digits=6, decimal_places=2)
    note = forms.CharField(label=_("note"), max_length=300, required=False)
