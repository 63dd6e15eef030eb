"""The public survey form: the email address, the code, and one field per question."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import RATING_MAX, QuestionKind, VerifyBy

CONTACT_FIELDS = {
    VerifyBy.PHONE: (
        _("Your mobile number"),
        _("A code is sent there by SMS; one response per mobile number."),
        _("Code from the SMS"),
    ),
    VerifyBy.EMAIL: (
        _("Your email address"),
        _("A code is sent there by email; one response per email address."),
        _("Code from the email"),
    ),
}


class AnswerForm(forms.Form):
    """`email` holds the contact of the kind the survey takes (`Survey.verify_by`), email or mobile number."""

    email = forms.CharField(max_length=254)
    code = forms.CharField(max_length=10, required=False)

    def __init__(self, *args, survey, **kwargs):
        super().__init__(*args, **kwargs)
        label, help_text, code_label = CONTACT_FIELDS[VerifyBy(survey.verify_by)]
        self.fields["email"].label, self.fields["email"].help_text = label, help_text
        self.fields["code"].label = code_label
        self.questions = list(survey.questions.all())
        for q in self.questions:
            label = q.text
            if q.kind == QuestionKind.SINGLE:
                field = forms.ChoiceField(choices=[(c, c) for c in q.choices], widget=forms.RadioSelect)
            elif q.kind == QuestionKind.MULTIPLE:
                field = forms.MultipleChoiceField(
                    choices=[(c, c) for c in q.choices], widget=forms.CheckboxSelectMultiple
                )
            elif q.kind == QuestionKind.RATING:
                field = forms.TypedChoiceField(
                    choices=[(str(n), str(n)) for n in range(1, RATING_MAX + 1)],
                    coerce=int,
                    widget=forms.RadioSelect,
                    empty_value=None,
                )
            else:
                field = forms.CharField(max_length=2000, widget=forms.Textarea(attrs={"rows": 4}))
            field.label, field.required = label, False
            self.fields[q.field_name] = field
        self.required_fields = {"email"} | {q.field_name for q in self.questions if q.required}

    def question_fields(self):
        return [self[q.field_name] for q in self.questions]

    def answers(self) -> dict:
        return {str(q.pk): self.cleaned_data.get(q.field_name) for q in self.questions}

    def add_service_error(self, exc) -> None:
        if hasattr(exc, "error_dict"):
            for field, errors in exc.error_dict.items():
                self.add_error(field if field in self.fields else None, errors)
        else:
            self.add_error(None, exc)
