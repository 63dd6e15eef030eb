"""Staff forms: one catalog item, the reviewer's decision, a workflow step's comment."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from gongkai.core.forms import ConfidentialityCheckForm

from .constants import CHANNELS, Audience, Domain, ItemSource, Level, Mode
from .services import ItemsInvalid
from .timelimits import TimeLimitError, parse_time_limit
from .types import CatalogItemData

TIME_LIMIT_HELP = _(
    "As published, e.g. “信息形成或变更之日起20个工作日内”, “按进展情况及时公开”, “提前一周发通知邀请”, "
    "“重大决策作出后及时公开”, “半年至少更新1次”."
)


class ItemForm(forms.Form):
    domain = forms.ChoiceField(label=_("Domain"), choices=Domain.choices)
    level1 = forms.CharField(label=_("Level-1 item"), max_length=100)
    level2 = forms.CharField(label=_("Level-2 item"), max_length=200)
    level3 = forms.CharField(label=_("Level-3 item"), max_length=200, required=False)
    content = forms.CharField(label=_("Content"), widget=forms.Textarea(attrs={"rows": 3}))
    legal_basis = forms.CharField(
        label=_("Legal basis"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One law, regulation or document per line."),
    )
    time_limit_text = forms.CharField(label=_("Time limit"), max_length=300, help_text=TIME_LIMIT_HELP)
    responsible_body = forms.CharField(label=_("Responsible body"), max_length=200)
    mode = forms.MultipleChoiceField(label=_("Mode"), choices=Mode.choices, widget=forms.CheckboxSelectMultiple)
    channels = forms.MultipleChoiceField(
        label=_("Channels"), choices=[(c, c) for c in CHANNELS], widget=forms.CheckboxSelectMultiple
    )
    audience = forms.MultipleChoiceField(
        label=_("Audience"), choices=Audience.choices, widget=forms.CheckboxSelectMultiple
    )
    levels = forms.MultipleChoiceField(label=_("Level"), choices=Level.choices, widget=forms.CheckboxSelectMultiple)
    responsible_office = forms.CharField(label=_("Responsible office"), max_length=100, required=False)
    source = forms.ChoiceField(label=_("Source"), choices=ItemSource.choices)
    notes = forms.CharField(label=_("Notes"), widget=forms.Textarea(attrs={"rows": 2}), required=False)

    def clean_legal_basis(self):
        lines = [line.strip() for line in self.cleaned_data["legal_basis"].splitlines() if line.strip()]
        if not lines:
            raise forms.ValidationError(_("Give at least one legal basis."), code="required")
        return lines

    def clean_time_limit_text(self):
        text = self.cleaned_data["time_limit_text"].strip()
        try:
            parse_time_limit(text)
        except TimeLimitError:
            raise forms.ValidationError(
                _("The time limit “%(value)s” cannot be understood."),
                code="unparsable_time_limit",
                params={"value": text},
            ) from None
        return text

    @classmethod
    def initial_from(cls, data: CatalogItemData) -> dict:
        initial = data.to_dict()
        initial["legal_basis"] = "\n".join(data.legal_basis)
        return initial

    def to_data(self, key: str = "", extra: dict | None = None) -> CatalogItemData:
        d = self.cleaned_data
        return CatalogItemData(
            domain=d["domain"],
            level1=d["level1"],
            level2=d["level2"],
            level3=d.get("level3", ""),
            content=d["content"],
            legal_basis=d["legal_basis"],
            time_limit_text=d["time_limit_text"],
            time_limit_rule={},
            responsible_body=d["responsible_body"],
            channels=d["channels"],
            audience=d["audience"],
            mode=d["mode"],
            levels=d["levels"],
            responsible_office=d.get("responsible_office", ""),
            source=d["source"],
            key=key,
            notes=d.get("notes", ""),
            extra=extra or {},
        )

    def add_item_errors(self, exc: ItemsInvalid) -> None:
        for error in exc.item_errors:
            self.add_error(error.field if error.field in self.fields else None, error.message)


class CommentForm(forms.Form):
    comment = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 2}), required=False)


class PublishForm(ConfidentialityCheckForm, CommentForm):
    """Publishing records the confidentiality check (保密审查); the service validates it."""


class ReviewForm(forms.Form):
    """The reviewer's decision: an overall opinion plus one optional opinion per item key."""

    DECISIONS = (("return", _("Return with opinions")), ("approve", _("Approve")))

    decision = forms.ChoiceField(choices=DECISIONS, widget=forms.HiddenInput, required=False)
    comment = forms.CharField(label=_("Overall opinion"), widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def __init__(self, *args, item_keys=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.item_keys = list(item_keys)
        for key in self.item_keys:
            self.fields[f"opinion-{key}"] = forms.CharField(
                label=_("Opinion on this item"), widget=forms.Textarea(attrs={"rows": 2}), required=False
            )

    def opinions(self) -> dict[str, str]:
        return {key: self.cleaned_data.get(f"opinion-{key}", "") for key in self.item_keys}

    def opinion_field(self, key):
        return self[f"opinion-{key}"]
