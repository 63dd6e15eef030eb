"""Demo records for the Jiaozuo demo (called by `manage.py load_demo` after the catalogs demo).

For every bureau whose catalog has a published version: several years of published records under its
catalog items (texts from `records_texts.Writer`: penalty decisions, inspection plans, licensing
results, relief fund notices, policies each paired with its interpretation, …), numbered with the
index-number scheme in publication order, a few withdrawn with a reason, some repealed or amended and
replaced, a handful of drafts and records in review whose time limit has passed (overdue) or is close
(due soon), and one record approved and scheduled for publication tomorrow. A bureau that already has
records is left unchanged, so loading twice changes nothing; the search index is rebuilt at the end.

Through the public services (`gongkai.records.services`, the calls the admin and the API make), with
the bureau's editor, reviewer and leader: the drafts and records in review (create, submit), the most
recent records of each bureau and the scheduled one (create, submit, approval by a second person with
the confidentiality check, publish — a policy with its interpretation together, 三同步), and every
withdrawal (withdraw, with its public reason).

Through the historical import (`records.services.history.import_past_publications`, what an operator
migrating a bureau's old site runs with `manage.py import_records`): the history before the most recent
records (about 5,200 published records since 2021), one batch per bureau as `CommandActor("load_demo")`.
The service validates every row as a record is validated before publication (the model's rules, the
catalog item, the dates, the personal-data screen), numbers them in publication order per year, gives
them their due dates, sets the repealed and amended marks with their successors, and writes one audit
record per bureau; the search index is rebuilt once at the end (`index=False`, cheaper than inserting
thousands of past documents one by one).
"""

from __future__ import annotations

import datetime as dt
import random

from django.db import transaction
from django.utils import timezone

from gongkai.core.confidentiality import ConfidentialityResult
from gongkai.organizations.models import Bureau
from gongkai.records import services
from gongkai.records.actors import CommandActor
from gongkai.records.catalog_access import publishable_items
from gongkai.records.constants import EDITABLE_FIELDS, Genre, RecordStatus, Validity
from gongkai.records.models import Record, SystemToken
from gongkai.records.services import history as history_service

from .foi_steps import Staff
from .records_texts import Draft, Writer

FIRST_YEAR = 2021
RECORDS_PER_YEAR = 60  # per bureau; with the interpretations about 5,000 published records in all
SEED = 20200715
RECENT_THROUGH_SERVICES = 2  # per bureau: the most recent records (a record, or a policy with its interpretation)
WITHDRAWAL_REASON = "该行政处罚决定经行政复议被依法撤销，根据《中华人民共和国行政处罚法》第四十八条撤回公开。"


def _day_in(year: int, today: dt.date, rng: random.Random) -> dt.date:
    start = dt.date(year, 1, 2)
    end = min(dt.date(year, 12, 28), today - dt.timedelta(days=1))
    return start + dt.timedelta(days=rng.randint(0, max((end - start).days, 0)))


def _at(day: dt.date, rng: random.Random) -> dt.datetime:
    return timezone.make_aware(dt.datetime(day.year, day.month, day.day, rng.randint(8, 17), rng.randint(0, 59)))


def _instance(bureau, draft: Draft, *, status, event_date, published_at=None) -> Record:
    record = Record(
        bureau=bureau,
        catalog_item=draft.item,
        title=draft.title,
        summary=draft.summary,
        body=draft.body,
        keywords=draft.keywords,
        document_number=draft.document_number,
        issuing_body=bureau.name,
        date_written=event_date,
        event_date=event_date,
        published_at=published_at,
        subject=draft.subject,
        genre=draft.genre,
        art20_item=draft.art20_item,
        is_policy=draft.is_policy,
        requires_interpretation=draft.requires_interpretation,
        interpretation_form=draft.interpretation_form,
        status=status,
        status_changed_at=published_at or timezone.now(),
        approved_at=published_at,
    )
    return record


def _fields(record: Record) -> dict:
    """What an editor types in for `record` (the editable fields it has), for `record_create_draft`."""
    names = EDITABLE_FIELDS - {"catalog_item", "title", "interprets", "replaced_by", "validity"}
    return {name: getattr(record, name) for name in sorted(names)}


def _draft(staff: Staff, record: Record, *, interprets=None) -> Record:
    """The editor writes `record` as a draft (`record_create_draft`)."""
    extra = {"interprets": interprets} if interprets is not None else {}
    return services.record_create_draft(
        acting_user=staff.editor,
        bureau=record.bureau,
        catalog_item=record.catalog_item,
        title=record.title,
        **_fields(record),
        **extra,
    )


def _publish(staff: Staff, unit: list[Record], *, at: dt.datetime | None = None) -> None:
    """Write, submit, approve (a second person, with the confidentiality check) and publish or schedule
    `unit`: one record, or a policy with its interpretation (approved and published together)."""
    policy = _draft(staff, unit[0])
    drafts = [policy] + [_draft(staff, r, interprets=policy) for r in unit[1:]]
    for draft in drafts:
        services.record_submit(acting_user=staff.editor, record=draft)
    services.record_approve(
        acting_user=staff.approver, record=policy, confidentiality_result=ConfidentialityResult.PASSED
    )
    services.record_publish(acting_user=staff.editor, record=policy, at=at)


HISTORY_IMPORT = CommandActor("load_demo", allowed=("records.import_history",))


def _row(record: Record, *, ref="", interprets="", replaced=None, refs=None) -> dict:
    """A past publication as the import service takes it (the record's settable fields and date)."""
    row = {name: value for name, value in _fields(record).items() if value not in (None, "")}
    row.update(catalog_item=record.catalog_item, title=record.title, published_at=record.published_at)
    if ref:
        row["ref"] = ref
    if interprets:
        row["interprets"] = interprets
    if replaced is not None:
        validity, newer = replaced
        row.update(validity=validity, replaced_by=refs[id(newer)])
    return row


def _replacements(records: list[Record]) -> dict[int, tuple[str, Record]]:
    """Some older regulations repealed or amended by a newer one on the same item: id → (validity, newer)."""
    regulations = sorted((r for r in records if r.is_policy), key=lambda r: r.published_at)
    replaced = {}
    for old in regulations[: len(regulations) // 3 : 4]:
        newer = next(
            (r for r in regulations if r.published_at > old.published_at and r.catalog_item_id == old.catalog_item_id),
            None,
        )
        if newer is not None:
            replaced[id(old)] = (Validity.REPEALED if len(replaced) % 2 == 0 else Validity.AMENDED, newer)
    return replaced


def _units(published: list[tuple[Record, Record | None]]) -> list[list[Record]]:
    """The published records in publication order, a policy and its interpretation as one unit."""
    units: list[list[Record]] = []
    for record, policy in published:
        if policy is not None and units and units[-1][0] is policy:
            units[-1].append(record)
        else:
            units.append([record])
    return units


def _load_bureau(bureau, items, *, staff: Staff, today, rng) -> dict:
    writer = Writer(bureau, rng)
    by_name = {}
    for item in items:
        by_name.setdefault(item.level2, item)
    regular = [i for i in items if "解读" not in i.level2]
    interp_item = by_name.get("重大政策解读") or by_name.get("重大政策解读及回应")
    published: list[tuple[Record, Record | None]] = []  # (record, its policy when it is an interpretation)
    for year in range(FIRST_YEAR, today.year + 1):
        count = RECORDS_PER_YEAR if year < today.year else max(RECORDS_PER_YEAR * today.timetuple().tm_yday // 366, 10)
        for _ in range(count):
            item = rng.choice(regular)
            day = _day_in(year, today, rng)
            late = rng.random() < 0.07
            event = day - dt.timedelta(days=rng.randint(32, 60) if late else rng.randint(0, 14))
            draft = writer.record(item, event)
            at = _at(day, rng)
            record = _instance(bureau, draft, status=RecordStatus.PUBLISHED, event_date=event, published_at=at)
            published.append((record, None))
            if draft.is_policy:
                paired = writer.interpretation(interp_item or item, draft)
                interpretation = _instance(
                    bureau, paired, status=RecordStatus.PUBLISHED, event_date=event, published_at=at
                )
                published.append((interpretation, record))
    # Publication order; a policy's interpretation right after it. The most recent go through the services.
    published.sort(key=lambda pair: (pair[0].published_at, pair[1] is not None))
    units = _units(published)
    recent, history = units[-RECENT_THROUGH_SERVICES:], units[:-RECENT_THROUGH_SERVICES]
    # The history: imported as past publications (the operator migrating the bureau's old site), in one
    # batch through the service, policies first and then their interpretations; some older regulations
    # repealed or amended by a newer one on the same item.
    policies = [unit[0] for unit in history]
    interpretations = [(record, unit[0]) for unit in history for record in unit[1:]]
    replaced = _replacements(policies)
    refs = {id(record): str(n) for n, record in enumerate(policies, start=1)}
    rows = [_row(record, ref=refs[id(record)], replaced=replaced.get(id(record)), refs=refs) for record in policies]
    rows += [_row(record, interprets=refs[id(policy)]) for record, policy in interpretations]
    imported = history_service.import_past_publications(
        acting_user=HISTORY_IMPORT,
        bureau=bureau,
        rows=rows,
        index=False,  # one rebuild at the end (_reindex)
    ).imported
    policies = imported[: len(policies)]
    changed = len(replaced)
    for unit in recent:
        _publish(staff, unit)

    # A few withdrawn, with their public reason, by an approver.
    penalties = [r for r in policies if r.genre == Genre.PENALTY_DECISION]
    withdrawn = rng.sample(penalties, min(2, len(penalties)))
    for record in withdrawn:
        services.record_withdraw(acting_user=staff.approver, record=record, reason=WITHDRAWAL_REASON)
    # Work in progress: overdue and due-soon drafts and records in review, and one scheduled for tomorrow.
    pending = 0
    for k in range(4):
        item = rng.choice(regular)
        event = today - dt.timedelta(days=45 + 10 * k) if k < 3 else today - dt.timedelta(days=24)
        draft = writer.record(item, event)
        draft.is_policy = draft.requires_interpretation = False
        record = _draft(staff, _instance(bureau, draft, status=RecordStatus.DRAFT, event_date=event))
        if k % 2 == 1:
            services.record_submit(acting_user=staff.editor, record=record)
        pending += 1
    own = random.Random(f"{SEED}-{bureau.code}")  # not the shared generator: the other bureaus stay as they were
    draft = Writer(bureau, own).record(own.choice(regular), today)
    draft.is_policy = draft.requires_interpretation = False
    tomorrow = timezone.make_aware(dt.datetime.combine(today + dt.timedelta(days=1), dt.time(9)))
    _publish(staff, [_instance(bureau, draft, status=RecordStatus.DRAFT, event_date=today)], at=tomorrow)
    return {
        "published": len(published),
        "withdrawn": len(withdrawn),
        "replaced": changed,
        "pending": pending + 1,
        "services": sum(len(unit) for unit in recent) + len(withdrawn) + pending + 1,
    }


def load_demo(stdout=None) -> None:
    today = timezone.localdate()
    rng = random.Random(SEED)
    totals = {"bureaus": 0, "published": 0, "withdrawn": 0, "replaced": 0, "pending": 0, "services": 0, "skipped": 0}
    for bureau in Bureau.objects.disclosing().order_by("sort_order", "code"):
        items = list(publishable_items(bureau).order_by("domain", "position", "pk"))
        staff = Staff.of(bureau)
        if not items or staff is None:
            totals["skipped"] += 1  # no published catalog (nothing can be published yet) or no staff
            continue
        if Record.objects.filter(bureau=bureau).exists():
            continue
        with transaction.atomic():
            counts = _load_bureau(bureau, items, staff=staff, today=today, rng=rng)
        totals["bureaus"] += 1
        for key, value in counts.items():
            totals[key] += value
    token_line = _demo_token()
    problem = _reindex()
    if stdout is not None:
        stdout.write(
            "Records: {published} published in {bureaus} bureaus ({withdrawn} withdrawn, {replaced} repealed or amended), "
            "{pending} in progress; {services} of them written, reviewed, published or withdrawn through the "
            "services; {skipped} bureaus without a published catalog or staff skipped.".format(**totals)
        )
        if token_line:
            stdout.write(token_line)
        if problem:
            stdout.write(f"Records: the search index was not rebuilt ({problem}); rebuild it once search works.")


def _demo_token() -> str:
    """A business-system token for 修武县 (shown once), for trying the records API."""
    from gongkai.accounts.models import User
    from gongkai.records.services import system_token_create

    bureau = Bureau.objects.filter(code="xiuwu").first()
    leader = User.objects.filter(username="xiuwu-leader").first()
    if bureau is None or leader is None or SystemToken.objects.filter(bureau=bureau).exists():
        return ""
    _token, raw = system_token_create(
        acting_user=leader, bureau=bureau, name="执法信息系统（演示）", scopes=["records:write", "records:publish"]
    )
    return f"Records: demo business-system token of 修武县 (records:write, records:publish): {raw}"


def _reindex() -> str:
    """Rebuild the search index from the published records; returns a problem, or "" when done."""
    from django.db import DatabaseError

    from gongkai.records import indexing

    try:
        with transaction.atomic():
            indexing.reindex_all()
    except (DatabaseError, RuntimeError, AttributeError) as exc:  # the demo must load even if search is broken
        return f"{type(exc).__name__}: {exc}"
    return ""
