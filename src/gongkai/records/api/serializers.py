"""Serializers of the records API: the public shape of a record (`RecordSerializer`, the lighter
`RecordListSerializer`), the business-system answer (`BusinessRecordSerializer`, with status and pending
change; `SubmittedForReviewSerializer` for 202) and what a business system sends (`RecordInSerializer`,
attachments base64-encoded). The index number is never accepted from a business system (code
"index_number_read_only"): it is assigned at publication.
"""

from __future__ import annotations

import base64
import binascii

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import exceptions, serializers

from ..constants import Genre, InterpretationForm, RecordStatus, Subject, Validity
from ..models import Attachment, Record


class AttachmentSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="original_name")
    type = serializers.CharField(source="detected_type")
    url = serializers.SerializerMethodField()

    class Meta:
        model = Attachment
        fields = ["name", "type", "size", "url"]

    def get_url(self, obj) -> str:
        return obj.get_absolute_url()


class RecordSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()
    bureau = serializers.CharField(source="bureau.code")
    catalog_item = serializers.UUIDField(source="catalog_item.key")
    publish_date = serializers.DateField(read_only=True)
    replaced_by = serializers.SerializerMethodField()
    interprets = serializers.SerializerMethodField()
    interpretations = serializers.SerializerMethodField()
    attachments = serializers.SerializerMethodField()

    class Meta:
        model = Record
        fields = [
            "id",
            "uuid",
            "url",
            "bureau",
            "catalog_item",
            "title",
            "summary",
            "body",
            "keywords",
            "index_number",
            "document_number",
            "issuing_body",
            "date_written",
            "publish_date",
            "published_at",
            "subject",
            "genre",
            "validity",
            "replaced_by",
            "art20_item",
            "is_policy",
            "interprets",
            "interpretations",
            "interpretation_form",
            "attachments",
        ]

    def get_url(self, obj) -> str:
        return obj.get_absolute_url()

    def get_replaced_by(self, obj) -> str | None:
        return str(obj.replaced_by.uuid) if obj.replaced_by_id else None

    def get_interprets(self, obj) -> str | None:
        return str(obj.interprets.uuid) if obj.interprets_id else None

    def get_interpretations(self, obj) -> list[str]:
        return [str(r.uuid) for r in obj.interpretations.all() if r.status == RecordStatus.PUBLISHED]

    @extend_schema_field(AttachmentSerializer(many=True))
    def get_attachments(self, obj):
        return AttachmentSerializer([a for a in obj.attachments.all() if a.removed_at is None], many=True).data


class RecordListSerializer(serializers.ModelSerializer):
    """A lighter shape for lists (no body, no attachments)."""

    url = serializers.SerializerMethodField()
    bureau = serializers.CharField(source="bureau.code")
    catalog_item = serializers.UUIDField(source="catalog_item.key")

    class Meta:
        model = Record
        fields = [
            "id",
            "uuid",
            "url",
            "bureau",
            "catalog_item",
            "title",
            "index_number",
            "document_number",
            "published_at",
            "subject",
            "genre",
            "validity",
        ]

    def get_url(self, obj) -> str:
        return obj.get_absolute_url()


class BusinessRecordSerializer(RecordSerializer):
    status = serializers.CharField()
    external_id = serializers.CharField()
    source_system = serializers.CharField()
    pending_change = serializers.SerializerMethodField()

    class Meta(RecordSerializer.Meta):
        fields = [*RecordSerializer.Meta.fields, "status", "external_id", "source_system", "pending_change"]

    def get_pending_change(self, obj) -> bool:
        """True while a change to the published record waits for a reviewer (the fields above are the live ones)."""
        return obj.pending_revision_id is not None


class SubmittedForReviewSerializer(BusinessRecordSerializer):
    code = serializers.ChoiceField(choices=["submitted_for_review", "change_submitted_for_review"])
    message = serializers.CharField()

    class Meta(BusinessRecordSerializer.Meta):
        fields = ["code", "message", *BusinessRecordSerializer.Meta.fields]


class AttachmentInSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=255, help_text="File name with its extension (pdf, ofd, docx, xlsx, …).")
    content = serializers.CharField(help_text="The file, base64-encoded.")

    def validate_content(self, value):
        try:
            return base64.b64decode(value, validate=True)
        except (binascii.Error, ValueError) as exc:
            raise serializers.ValidationError(_("Not valid base64."), code="invalid_base64") from exc


class RecordInSerializer(serializers.Serializer):
    """What a business system sends. The index number is never accepted: it is assigned at publication."""

    external_id = serializers.CharField(
        max_length=200, help_text="The record's id in the business system (idempotency key)."
    )
    catalog_item = serializers.UUIDField(help_text="Stable key of a catalog item of this bureau's published catalog.")
    title = serializers.CharField(max_length=300)
    summary = serializers.CharField(required=False, allow_blank=True, default="")
    body = serializers.CharField(required=False, allow_blank=True, default="", help_text="HTML; sanitized.")
    keywords = serializers.CharField(required=False, allow_blank=True, default="", max_length=200)
    document_number = serializers.CharField(required=False, allow_blank=True, default="", max_length=60)
    issuing_body = serializers.CharField(required=False, allow_blank=True, default="", max_length=200)
    date_written = serializers.DateField(required=False, allow_null=True, default=None)
    event_date = serializers.DateField(
        required=False,
        allow_null=True,
        default=None,
        help_text="The day the information was formed; the time limit counts from it.",
    )
    subject = serializers.ChoiceField(choices=Subject.choices, required=False, default=Subject.GENERAL_AFFAIRS)
    genre = serializers.ChoiceField(choices=Genre.choices, required=False, default=Genre.NOTICE)
    validity = serializers.ChoiceField(choices=Validity.choices, required=False, default=Validity.VALID)
    art20_item = serializers.IntegerField(required=False, allow_null=True, default=None, min_value=1, max_value=15)
    is_policy = serializers.BooleanField(required=False, default=False)
    requires_interpretation = serializers.BooleanField(required=False, default=False)
    interprets = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        help_text="For an interpretation: the external_id of the policy it interprets.",
    )
    interpretation_form = serializers.ChoiceField(
        choices=InterpretationForm.choices, required=False, allow_blank=True, default=""
    )
    attachments = AttachmentInSerializer(many=True, required=False)
    publish = serializers.BooleanField(
        required=False,
        default=False,
        help_text="Publish: at once in an auto-approved catalog item (records:publish scope), otherwise the record "
        "(or the change to a published record) is submitted for review (202, code submitted_for_review). "
        "Without it, a draft.",
    )

    def to_internal_value(self, data):
        if isinstance(data, dict) and any(k in data for k in ("index_number", "index_sequence")):
            raise exceptions.ValidationError(
                {
                    "index_number": [
                        exceptions.ErrorDetail(
                            _("The index number is assigned at publication."), code="index_number_read_only"
                        )
                    ]
                }
            )
        return super().to_internal_value(data)
