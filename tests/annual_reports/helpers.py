"""Records and requests for annual-report tests, written straight to the tables (the services stamp today)."""

import datetime as dt

from django.utils import timezone

from gongkai.records.constants import Genre, RecordStatus
from tests.foi_requests.factories import FoiRequestFactory
from tests.records.factories import RecordFactory

D = dt.date


def record(item, day, *, genre=Genre.ANNOUNCEMENT, status=RecordStatus.PUBLISHED, **fields):
    published = fields.pop("published_at", None) or timezone.make_aware(dt.datetime.combine(day, dt.time(10)))
    return RecordFactory(
        catalog_item=item,
        date_written=day,
        event_date=day,
        genre=genre,
        status=status,
        published_at=published,
        **fields,
    )


def foi(bureau, received, closed=None, outcome="", applicant_type="natural_person"):
    from gongkai.foi_requests.constants import State

    return FoiRequestFactory(
        bureau=bureau,
        state=State.IN_PROGRESS if closed is None else State.ARCHIVED,
        received_on=received,
        closed_on=closed,
        outcome=outcome,
        applicant_type=applicant_type,
    )
