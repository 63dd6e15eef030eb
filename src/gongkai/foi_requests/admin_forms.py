"""Staff forms of FOI requests (Wagtail admin). They only parse input: intake and workflow services decide."""

from __future__ import annotations

import uuid

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.widgets import AdminDateInput

from gongkai.accounts import permissions
from gongkai.organizations.models import Bureau

from .constants import (
    MAX_EXTENSION_WORKING_DAYS,
    PUBLIC_CHANNELS,
    REPLY_TYPE_OUTCOMES,
    ApplicantType,
    Channel,
    ConsultationKind,
    ConsultationResult,
    DeliveryChannel,
    DeliveryForm,
    FeeMethod,
    IdDocumentType,
    Outcome,
    ReplyType,
    State,
)

STAFF_CHANNELS = [(c.value, c.label) for c in Channel if c not in PUBLIC_CHANNELS]


def _blank(choices):
    return [("", "---------"), *choices]


def _date(label, *, required=True, help_text=""):
    return forms.DateField(label=label, required=required, widget=AdminDateInput(), help_text=help_text)


def _text(label, *, required=True, rows=3, max_length=None, help_text=""):
    return forms.CharField(
        label=label,
        required=required,
        max_length=max_length,
        widget=forms.Textarea(attrs={"rows": rows}),
        help_text=help_text,
    )


# ---- list filters ------------------------------------------------------------------------


class RequestFilterForm(forms.Form):
    DUE_CHOICES = [("", _("All")), ("soon", _("Due within 5 working days")), ("overdue", _("Overdue"))]

    q = forms.CharField(label=_("Tracking number"), required=False, max_length=40)
    state = forms.ChoiceField(label=_("State"), required=False, choices=[("", _("All")), *State.choices])
    due = forms.ChoiceField(label=_("Due"), required=False, choices=DUE_CHOICES)
    bureau = forms.ModelChoiceField(
        label=_("Bureau"), required=False, queryset=Bureau.objects.none(), to_field_name="code", empty_label=_("All")
    )
    year = forms.IntegerField(label=_("Year received"), required=False, min_value=2000, max_value=2100)
    channel = forms.ChoiceField(label=_("Channel"), required=False, choices=[("", _("All")), *Channel.choices])

    def __init__(self, *args, bureaus=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["bureau"].queryset = bureaus if bureaus is not None else Bureau.objects.none()


# ---- staff entry of letters, faxes and in-person requests (条例 Art. 31) -------------------


class StaffEntryForm(forms.Form):
    """The public form's fields plus the channel and the date the request reached the office."""

    client_token = forms.UUIDField(widget=forms.HiddenInput, required=False)
    bureau = forms.ModelChoiceField(label=_("Bureau"), queryset=Bureau.objects.none())
    channel = forms.ChoiceField(label=_("How the request arrived"), choices=_blank(STAFF_CHANNELS))
    arrived_on = _date(
        _("Date it arrived"),
        required=False,
        help_text=_(
            "In person: the day it was handed in (today if empty). Signed post: the day the office signed for it "
            "— that day is the receipt date. Ordinary post and fax: the day it reached the office; the receipt "
            "date is the day receipt is confirmed with the applicant."
        ),
    )
    applicant_type = forms.ChoiceField(label=_("Applicant type"), choices=_blank(ApplicantType.choices))
    applicant_name = forms.CharField(label=_("Name of the applicant (person or organization)"), max_length=100)
    id_document_type = forms.ChoiceField(label=_("ID document type"), choices=_blank(IdDocumentType.choices))
    id_document_number = forms.CharField(label=_("ID document number"), max_length=40)
    contact_person = forms.CharField(label=_("Contact person (organizations)"), max_length=50, required=False)
    phone = forms.CharField(label=_("Phone"), max_length=30, required=False)
    email = forms.CharField(label=_("Email"), max_length=254, required=False)
    postal_address = forms.CharField(label=_("Postal address"), max_length=200, required=False)
    postal_code = forms.CharField(label=_("Postal code"), max_length=6, required=False)
    description = _text(_("Information sought"), rows=6)
    document_number_hint = forms.CharField(label=_("Document number (if known)"), max_length=100, required=False)
    purpose = _text(_("Purpose (optional)"), required=False, rows=2)
    delivery_form = forms.ChoiceField(label=_("Form of delivery"), choices=_blank(DeliveryForm.choices))
    delivery_channel = forms.ChoiceField(label=_("Delivery channel"), choices=_blank(DeliveryChannel.choices))
    scan = forms.FileField(label=_("Scan of the letter or form (optional)"), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        bureaus = permissions.scope(user, "foi_requests.handle_request", Bureau.objects.disclosing())
        self.fields["bureau"].queryset = bureaus.order_by("sort_order", "code")
        if bureaus.count() == 1:
            self.fields["bureau"].initial = bureaus.first().pk
        if not self.is_bound:
            self.initial.setdefault("client_token", uuid.uuid4())

    def submission_data(self) -> dict:
        """What intake.submit_request validates (it is the one judge of the submission)."""
        from .services.intake import SUBMISSION_FIELDS

        return {name: self.cleaned_data.get(name) or "" for name in SUBMISSION_FIELDS}


# ---- workflow actions ------------------------------------------------------------------------


class ActionForm(forms.Form):
    """One workflow step. `foi` is the request; subclasses may offer its related rows."""

    def __init__(self, *args, foi=None, **kwargs):
        self.foi = foi
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        for field in self.fields.values():
            if isinstance(field, forms.DateField) and field.initial is None:
                field.initial = today


class ConfirmReceiptForm(ActionForm):
    received_on = _date(
        _("Receipt confirmed on"), help_text=_("The day receipt was confirmed with the applicant (Art. 31).")
    )
    note = forms.CharField(
        label=_("How receipt was confirmed"),
        max_length=300,
        help_text=_("For example: by phone with the applicant; by email reply; fax confirmation signed."),
    )


class SupplementForm(ActionForm):
    items = _text(
        _("Everything the applicant must supplement"),
        rows=5,
        help_text=_("One notice only (Art. 30): list every point that is unclear."),
    )
    period_working_days = forms.IntegerField(label=_("Period (working days)"), min_value=1, max_value=60)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["period_working_days"].initial = settings.GONGKAI.get("FOI_SUPPLEMENT_PERIOD_WORKING_DAYS", 15)


class ReceiveSupplementForm(ActionForm):
    supplied_on = _date(_("Supplement received on"))
    text = _text(_("Supplement"), rows=5, required=False)
    file = forms.FileField(label=_("Supplement file (optional)"), required=False)


class NoInputForm(ActionForm):
    """Steps that need nothing but the click (e.g. start processing, archive)."""


class ConsultationForm(ActionForm):
    kind = forms.ChoiceField(label=_("Kind"), choices=ConsultationKind.choices)
    party = forms.CharField(label=_("Consulted party"), max_length=200)
    subject = _text(_("What was asked"), required=False, rows=3)
    sent_on = _date(_("Letter sent on"))


class EndConsultationForm(ActionForm):
    consultation = forms.ModelChoiceField(label=_("Consultation"), queryset=None)
    ended_on = _date(_("Reply received / period ended on"))
    result = forms.ChoiceField(label=_("Result"), choices=ConsultationResult.choices)
    note = _text(_("Result note"), required=False, rows=2)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from .models import Consultation

        open_ones = Consultation.objects.filter(request=self.foi, ended_on__isnull=True) if self.foi else None
        self.fields["consultation"].queryset = open_ones if open_ones is not None else Consultation.objects.none()
        self.fields["consultation"].label_from_instance = lambda c: f"{c.party} ({c.sent_on:%Y-%m-%d})"
        if open_ones is not None and open_ones.count() == 1:
            self.fields["consultation"].initial = open_ones.first().pk


class ExtensionForm(ActionForm):
    working_days = forms.IntegerField(
        label=_("Extension (working days)"),
        min_value=1,
        initial=MAX_EXTENSION_WORKING_DAYS,
        help_text=_("At most 20 working days (Art. 33); the head of the disclosure office approves it."),
    )
    reason = _text(_("Reason"), rows=3)


class DecideExtensionForm(ActionForm):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("approve", _("Approve the extension")), ("reject", _("Reject the extension"))],
        widget=forms.RadioSelect,
    )
    note = _text(_("Decision note"), required=False, rows=2)


class FeeNoticeForm(ActionForm):
    method = forms.ChoiceField(
        label=_("Method"), choices=FeeMethod.choices, help_text=_("Per item or per page, never both.")
    )
    quantity = forms.IntegerField(
        label=_("Quantity"),
        min_value=1,
        help_text=_("Per item: the applicant's requests this calendar month. Per page: the pages of this request."),
    )
    sent_on = _date(_("Notice sent on"))


class PaymentForm(ActionForm):
    paid_on = _date(_("Paid on"))


class ManualDeadlineForm(ActionForm):
    due_on = _date(_("Deadline"))
    basis = forms.CharField(
        label=_("Basis"),
        max_length=300,
        initial="《中华人民共和国政府信息公开条例》第三十五条",
        help_text=_("Art. 35: a reasonable deadline for a request of unreasonable number or frequency."),
    )


def outcome_choices():
    """Sub-reasons grouped by reply type (a type with one outcome needs none)."""
    groups = [("", _("— none (types with one outcome) —"))]
    for reply_type in ReplyType:
        outcomes = REPLY_TYPE_OUTCOMES[reply_type]
        if len(outcomes) > 1:
            groups.append((reply_type.label, [(o, Outcome(o).label) for o in outcomes]))
    return groups


class DraftReplyForm(ActionForm):
    # Not required here: the workflow refuses a reply without a type with its own message.
    reply_type = forms.ChoiceField(label=_("Reply type"), choices=_blank(ReplyType.choices), required=False)
    outcome = forms.ChoiceField(label=_("Sub-reason"), choices=outcome_choices, required=False)
    body = _text(_("Reply text"), rows=8, max_length=20000)
    withheld_reason = _text(
        _("Reasons for what is withheld"), required=False, rows=3, help_text=_("Partial disclosure (Art. 37).")
    )
    referral = forms.CharField(
        label=_("Responsible agency and contact"),
        max_length=300,
        required=False,
        help_text=_("Art. 36(5): the agency that holds the information, if known."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        reply = getattr(self.foi, "reply", None) if self.foi is not None else None
        if reply is not None and not self.is_bound:
            for name in ("reply_type", "outcome", "body", "withheld_reason", "referral"):
                self.initial.setdefault(name, getattr(reply, name))


class DeliverForm(ActionForm):
    delivered_on = _date(_("Delivered on"))
    note = forms.CharField(
        label=_("How it was delivered"), max_length=300, required=False, help_text=_("E.g. registered post number.")
    )


class WithdrawForm(ActionForm):
    reason = _text(_("Withdrawal as stated by the applicant"), required=False, rows=2)
