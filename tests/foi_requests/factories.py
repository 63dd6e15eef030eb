"""Factories for FOI request tests."""

import datetime as dt

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from gongkai.foi_requests.constants import (
    ApplicantType,
    Channel,
    DeliveryChannel,
    DeliveryForm,
    IdDocumentType,
    State,
)
from gongkai.foi_requests.models import FoiRequest


class FoiRequestFactory(DjangoModelFactory):
    """A request received by `bureau` (pass one); `received_on` defaults to 2026-02-10 (spans 春节)."""

    class Meta:
        model = FoiRequest

    tracking_number = factory.Sequence(lambda n: f"T2026{n:010d}")
    state = State.RECEIVED
    channel = Channel.INTERNET
    applicant_type = ApplicantType.NATURAL_PERSON
    applicant_name = "张三"
    id_document_type = IdDocumentType.RESIDENT_ID
    id_document_number = "11010519491231002X"
    phone = "13800138000"
    email = "applicant@example.com"
    description = "请公开2025年本局安全生产行政处罚决定书目录。"
    delivery_form = DeliveryForm.ELECTRONIC
    delivery_channel = DeliveryChannel.ONLINE
    submitted_at = factory.LazyFunction(timezone.now)
    received_on = dt.date(2026, 2, 10)
