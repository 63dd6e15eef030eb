from django import forms
from django.utils.translation import gettext_lazy as _

from .models import QuestionKind, VerifyBy


class SurveyForm(forms.Form):
    bureau = forms.ModelChoiceField(label=_("Bureau"), queryset=None)
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    opens_on = forms.DateField(label=_("Opens on"), widget=forms.DateInput(attrs={"type": "date"}))
    closes_on = forms.DateField(label=_("Closes on"), widget=forms.DateInput(attrs={"type": "date"}))
    verify_by = forms.ChoiceField(
        label=_("Respondents are verified by"),
        choices=VerifyBy.choices,
        initial=VerifyBy.EMAIL,
        help_text=_(
            "One kind for all respondents, so that nobody answers twice. A mobile number is registered under "
            "the holder's real name: prefer it when the results weigh."
        ),
    )

    def __init__(self, *args, bureaus, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["bureau"].queryset = bureaus
        if bureaus.count() == 1:
            self.fields["bureau"].initial = bureaus.first()


class QuestionRowForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=QuestionKind.choices)
    text = forms.CharField(label=_("Question"), max_length=500)
    required = forms.BooleanField(label=_("Required"), required=False, initial=True)
    choices = forms.CharField(
        label=_("Choices (one per line)"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


QuestionFormSet = forms.formset_factory(QuestionRowForm, extra=2, can_delete=True)


def questions_from(formset) -> list[dict]:
    return [
        {"kind": r["kind"], "text": r["text"], "required": r["required"], "choices": r["choices"].splitlines()}
        for r in formset.cleaned_data
        if r and not r.get("DELETE")
    ]
