"""Staff forms of records (the Wagtail admin screens). They only parse input; services save."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.rich_text import get_rich_text_editor_widget
from wagtail.admin.widgets import AdminDateInput, AdminDateTimeInput

from gongkai.accounts import permissions
from gongkai.catalogs.models import CatalogItem
from gongkai.core.forms import ConfidentialityCheckForm
from gongkai.organizations.models import Bureau

from .catalog_access import publishable_items
from .constants import EDITABLE_FIELD_ORDER, TOKEN_SCOPES, RecordStatus
from .models import Record

FORM_FIELDS = list(EDITABLE_FIELD_ORDER)


class CatalogItemChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return " / ".join(p for p in (obj.level1, obj.level2, obj.level3) if p)


class RecordForm(forms.ModelForm):
    """Create or edit a record. The catalog item chooser offers the bureau's published catalog items only."""

    bureau = forms.ModelChoiceField(queryset=Bureau.objects.none(), label=_("Bureau"))

    class Meta:
        model = Record
        fields = FORM_FIELDS
        widgets = {
            "body": get_rich_text_editor_widget(),
            "date_written": AdminDateInput(),
            "event_date": AdminDateInput(),
            "summary": forms.Textarea(attrs={"rows": 3}),
        }
        field_classes = {"catalog_item": CatalogItemChoiceField}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        if self.instance.pk:
            bureaus = Bureau.objects.filter(pk=self.instance.bureau_id)
        else:
            bureaus = permissions.scope(user, "records.add_record", Bureau.objects.disclosing()).order_by(
                "sort_order", "code"
            )
        self.fields["bureau"].queryset = bureaus
        if self.instance.pk:
            self.fields["bureau"].initial = self.instance.bureau_id
            self.fields["bureau"].disabled = True
        elif bureaus.count() == 1:
            self.fields["bureau"].initial = bureaus.first().pk
            self.fields["bureau"].widget = forms.HiddenInput()
        item_ids: set[int] = set()
        for bureau in bureaus:
            item_ids |= set(publishable_items(bureau).values_list("pk", flat=True))
        if self.instance.pk and self.instance.catalog_item_id:
            item_ids.add(self.instance.catalog_item_id)
        self.fields["catalog_item"].queryset = CatalogItem.objects.filter(pk__in=item_ids).order_by(
            "catalog_id", "domain", "position", "pk"
        )
        bureau_ids = list(bureaus.values_list("pk", flat=True))
        self.fields["replaced_by"].queryset = Record.objects.filter(
            bureau_id__in=bureau_ids, status=RecordStatus.PUBLISHED
        ).order_by("-published_at")
        interprets = Record.objects.filter(bureau_id__in=bureau_ids, is_policy=True).exclude(
            status=RecordStatus.WITHDRAWN
        )
        if self.instance.pk:
            interprets = interprets.exclude(pk=self.instance.pk)
        self.fields["interprets"].queryset = interprets.order_by("-updated_at")
        self.fields["catalog_item"].help_text = _("Only items of the bureau's published catalog can carry records.")

    def clean(self):
        # Model validation runs in the services (with the bureau); skip ModelForm's instance validation here.
        return self.cleaned_data

    def _post_clean(self):
        pass

    def service_fields(self) -> dict:
        return {name: self.cleaned_data.get(name) for name in FORM_FIELDS if name in self.cleaned_data}

    def changed_service_fields(self) -> dict:
        return {name: value for name, value in self.service_fields().items() if name in self.changed_data}


class AttachmentForm(forms.Form):
    file = forms.FileField(
        label=_("File"), help_text=_("PDF, OFD, Word, Excel, text or an image; the type is checked from the content.")
    )


class PublishForm(forms.Form):
    at = forms.DateTimeField(
        label=_("Publish at"), required=False, widget=AdminDateTimeInput(), help_text=_("Leave empty to publish now.")
    )


class ApprovalForm(ConfidentialityCheckForm):
    """The confidentiality check (保密审查) recorded with an approval (required)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["confidentiality_result"].required = True


class RejectChangeForm(forms.Form):
    notes = forms.CharField(label=_("Why the change is rejected"), widget=forms.Textarea(attrs={"rows": 2}))


class AutoApprovalForm(forms.Form):
    item = forms.ModelChoiceField(queryset=CatalogItem.objects.none(), label=_("Catalog item"))
    enabled = forms.BooleanField(label=_("Auto-approved"), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        bureaus = permissions.scope(user, "records.set_auto_approval", Bureau.objects.disclosing())
        self.fields["item"].queryset = CatalogItem.objects.filter(
            catalog__bureau__in=bureaus, removed_at__isnull=True
        ).order_by("catalog__bureau__sort_order", "position")


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("Public reason"), widget=forms.Textarea(attrs={"rows": 3}), help_text=_("Shown on the record's page.")
    )


class TokenForm(forms.Form):
    bureau = forms.ModelChoiceField(queryset=Bureau.objects.none(), label=_("Bureau"))
    name = forms.CharField(label=_("Business system"), max_length=100)
    scopes = forms.MultipleChoiceField(
        label=_("Scopes"),
        choices=[(s, s) for s in TOKEN_SCOPES],
        widget=forms.CheckboxSelectMultiple,
        initial=[TOKEN_SCOPES[0]],
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["bureau"].queryset = permissions.scope(
            user, "records.manage_token", Bureau.objects.disclosing()
        ).order_by("sort_order", "code")
