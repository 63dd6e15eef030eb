"""Forms of the staff screens of service items: a new item, the guide with its materials and FAQ, approval."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import GUIDE_CONTENT_FIELDS, ItemType, MaterialForm, ServiceGuide


class ItemCreateForm(forms.Form):
    bureau = forms.ModelChoiceField(label=_("Bureau"), queryset=None)
    code = forms.CharField(label=_("Item code"), max_length=64)
    name = forms.CharField(label=_("Item name"), max_length=200)
    item_type = forms.ChoiceField(label=_("Type"), choices=ItemType.choices)

    def __init__(self, *args, bureaus, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["bureau"].queryset = bureaus
        if bureaus.count() == 1:
            self.fields["bureau"].initial = bureaus.first()


class GuideForm(forms.ModelForm):
    class Meta:
        model = ServiceGuide
        fields = GUIDE_CONTENT_FIELDS
        widgets = {
            name: forms.Textarea(attrs={"rows": 3})
            for name in ("legal_basis", "conditions", "steps", "fees", "fee_basis")
        }


class MaterialRowForm(forms.Form):
    name = forms.CharField(label=_("Material"), max_length=300)
    form = forms.ChoiceField(label=_("Original or copy"), choices=MaterialForm.choices, initial=MaterialForm.ORIGINAL)
    count = forms.IntegerField(label=_("Copies"), min_value=1, initial=1)
    required = forms.BooleanField(label=_("Required"), required=False, initial=True)
    condition = forms.CharField(label=_("When required"), max_length=300, required=False)
    template_id = forms.IntegerField(widget=forms.HiddenInput, required=False)
    template_file = forms.FileField(label=_("Form template (upload to add or replace)"), required=False)
    remove_template = forms.BooleanField(label=_("Remove the form template"), required=False)


class FaqRowForm(forms.Form):
    question = forms.CharField(label=_("Question"), max_length=300)
    answer = forms.CharField(label=_("Answer"), widget=forms.Textarea(attrs={"rows": 2}))


MaterialFormSet = forms.formset_factory(MaterialRowForm, extra=2, can_delete=True)
FaqFormSet = forms.formset_factory(FaqRowForm, extra=1, can_delete=True)


class CatalogLinkForm(forms.Form):
    catalog_items = forms.ModelMultipleChoiceField(
        label=_("Catalog items that publish this item"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, queryset, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["catalog_items"].queryset = queryset
