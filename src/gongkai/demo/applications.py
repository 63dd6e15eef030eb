"""Demo data of application progress in 武陟县: a business system's token (scope applications:write), one
application of the bureau's first published service item with an applicant's email subscription, and three
status events reported through `applications.services` as the API does; the worker sends the pushes (the
push log shows them). The look-up code is fixed so that the demo can print it. Idempotent."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from gongkai.applications import services
from gongkai.applications.models import Application
from gongkai.organizations.models import Bureau
from gongkai.records.actors import CommandActor, SystemActor
from gongkai.records.models import SystemToken
from gongkai.records.services import system_token_create
from gongkai.service_items.models import ServiceItem

BUREAU = "wuzhi"
SYSTEM = "武陟县政务服务办件系统"
NUMBER = "WZ-2026-000123"
LOOKUP_CODE = "WZDEMO2026"
APPLICANT = "applicant@example.com"  # a reserved example domain: nothing is really delivered
EVENTS = [
    ("received", "网上申请已收到，请留意受理结果。", dt.timedelta(days=3, hours=5)),
    ("accepted", "材料齐全，符合法定形式，予以受理。", dt.timedelta(days=2, hours=1)),
    ("decided", "经审查，准予许可。", dt.timedelta(hours=3)),
]
TOKEN_MAKER = CommandActor("load_demo", allowed=("records.manage_token",))


def load_demo(stdout=None) -> int:
    bureau = Bureau.objects.filter(code=BUREAU).first()
    item = ServiceItem.objects.filter(bureau=bureau, live_guide__isnull=False).order_by("position", "code").first()
    if bureau is None or item is None or Application.objects.filter(bureau=bureau, number=NUMBER).exists():
        return 0
    token = SystemToken.objects.filter(bureau=bureau, name=SYSTEM, revoked_at__isnull=True).first()
    if token is None:
        token, _raw = system_token_create(
            acting_user=TOKEN_MAKER, bureau=bureau, name=SYSTEM, scopes=["applications:write"]
        )
    system = SystemActor(token)
    services.application_create(
        acting_user=system,
        bureau=bureau,
        number=NUMBER,
        service_item=item.code,
        applicant_email=APPLICANT,
        lookup_code=LOOKUP_CODE,
    )
    now = timezone.now()
    for status, note, before in EVENTS:
        services.event_record(
            acting_user=system, bureau=bureau, number=NUMBER, status=status, note=note, occurred_at=now - before
        )
    if stdout is not None:
        stdout.write(
            f"Application progress: {bureau.short_name} {NUMBER}, look-up code {LOOKUP_CODE} at /services/progress/."
        )
    return 1
