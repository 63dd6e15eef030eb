"""The review declarations of the kinds that share `accounts.review_steps`: their audit events are named in
the admin's history, and their messages are translated (they are marked with gettext_noop and translated
when raised)."""

import pytest
from django.utils import translation
from wagtail.log_actions import registry

from gongkai.accounts.review_steps import Review
from gongkai.annual_reports import services as annual_reports
from gongkai.concerns import services as concerns
from gongkai.inquiries import services as inquiries
from gongkai.participation.services import publication
from gongkai.service_items import services as service_items
from gongkai.surveys.services import authoring as surveys

REVIEWS = [
    service_items.REVIEW,
    annual_reports.REVIEW,
    inquiries.REVIEW,
    surveys.REVIEW,
    concerns.REVIEW,
    *publication.REVIEWS.values(),
]


@pytest.mark.parametrize("review", REVIEWS, ids=lambda r: r.published_event)
def test_review_events_registered(review: Review):
    for event in (review.submitted_event, review.published_event, review.returned_event):
        assert registry.action_exists(event), event


@pytest.mark.parametrize("review", REVIEWS, ids=lambda r: r.published_event)
def test_review_messages_translated(review: Review):
    with translation.override("zh-hans"):
        for message in (review.not_draft, review.not_submitted, review.not_returnable, review.reason_required):
            assert translation.gettext(message) != message, message
