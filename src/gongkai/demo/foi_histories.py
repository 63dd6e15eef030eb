"""The stories of the demo FOI requests: what happens to each request, step by step, through the services.

`_BureauDemo` tells one bureau's requests (`foi_steps.Story`: every step a call of the FOI intake or
workflow service with `today=` the day it happens): the history from January 2025 (`_random_plan`:
supplements, consultations, extensions, fees, Art. 35 deadlines, withdrawals, every reply outcome),
the requests received just before 春节 and 国庆, the mass applicant, and the open requests of every
kind (`OPEN_KINDS`). `foi_requests.load_demo` runs them per bureau and makes the documents.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from django.db import transaction

from gongkai.foi_requests import fees
from gongkai.foi_requests.constants import (
    CONSULTATION_WORKING_DAYS,
    REPLY_TYPE_OUTCOMES,
    ApplicantType,
    Channel,
    ConsultationKind,
    ConsultationResult,
    FeeMethod,
    Outcome,
    ReplyType,
)
from gongkai.foi_requests.services import intake

from . import foi_texts as texts
from .foi_steps import OUTCOME_TYPE, Staff, Stop, Story

SEED = 20190515  # the 条例 (2019 revision) came into force on 15 May 2019
FIRST_DAY = dt.date(2025, 1, 2)
HISTORY_PER_BUREAU = 24  # closed or nearly closed requests spread over the whole period
WALKTHROUGH_BUREAU = "mengzhou"
WALKTHROUGH_EXTRA_HISTORY = 8
MASS_APPLICANT_BUREAU = "wuzhi"

# Received just before 春节 (2025: 1-28…2-4; 2026: 2-15…2-23) and 国庆 (2025: 10-1…10-8; 2026: 10-1…10-7).
SPRING_FESTIVAL_RECEIPTS = [
    dt.date.fromisoformat(day)
    for day in ("2025-01-24", "2025-01-27", "2026-02-10", "2026-02-11", "2026-02-12", "2026-02-13")
]
NATIONAL_DAY_RECEIPTS = [
    dt.date.fromisoformat(day)
    for day in ("2025-09-26", "2025-09-30", "2026-09-24", "2026-09-28", "2026-09-29", "2026-09-30")
]
# Every reply outcome (table 三 rows (一)–(五)); bureau i is sure to answer outcomes i and i + 12 once.
REPLY_OUTCOMES = [o for outcomes in REPLY_TYPE_OUTCOMES.values() for o in outcomes]
REPLY_TYPE_WEIGHTS = {
    ReplyType.GRANTED: 46,
    ReplyType.PARTIAL: 14,
    ReplyType.REFUSED: 12,
    ReplyType.CANNOT_PROVIDE: 18,
    ReplyType.NOT_HANDLED: 10,
}


@dataclass
class _Plan:
    """What will happen to a request (each step is taken only if its day has come)."""

    channel: str = Channel.INTERNET
    withdraw_after: int | None = None  # working days after receipt
    supplement: str = ""  # "", "supplied", "abandoned"
    supplement_first: bool = False  # sent before processing starts
    consultation: str = ""  # "", ConsultationKind
    consultation_result: str = ConsultationResult.CONSENTED
    extension: str = ""  # "", "approved", "rejected"
    fee: str = ""  # "", "paid", "unpaid"
    manual_deadline: bool = False
    outcome: str = Outcome.R1_GRANTED
    late: bool = False


def _run_history(story: Story, day: dt.date, plan: _Plan, subject: str) -> None:
    """A request from submission to archive, along `plan`; stops at today."""
    rng = story.rng
    received = story.receive(day, plan.channel)
    if plan.withdraw_after is not None:
        story.withdraw(story.wd(received, plan.withdraw_after))
        story.archive_maybe(0.6, 1, 10)
        return
    if plan.supplement and plan.supplement_first:
        story.request_supplement(story.later(1, 5, received))
    else:
        story.start_processing(story.later(0, 1, received))
        if plan.supplement:
            story.request_supplement(story.later(1, 3))
    if plan.supplement:
        supply_due = story.supplement.supply_due_on
        if plan.supplement == "abandoned":
            story.close_no_supplement(story.wd(supply_due, rng.randint(1, 3)))
            story.archive_maybe(0.6, 1, 10)
            return
        story.receive_supplement(story.wd(story.cursor, rng.randint(2, story.supplement.period_working_days - 1)))
    if plan.manual_deadline:
        day = story.later(2, 5)
        story.set_manual_deadline(day, story.wd(story.request.received_on, 60))
    if plan.consultation:
        story.start_consultation(story.later(2, 6), plan.consultation)
        window_end = story.consultations[-1].reply_due_on
        if plan.consultation_result == ConsultationResult.NO_REPLY:
            story.end_consultation(story.wd(window_end, rng.randint(1, 2)), plan.consultation_result)
        else:
            story.end_consultation(story.later(3, CONSULTATION_WORKING_DAYS - 1), plan.consultation_result)
    if plan.fee:
        pages = rng.randint(35, 320)
        story.send_fee_notice(story.later(1, 4), FeeMethod.PER_PAGE, pages, fees.fee_per_page(pages).total_yuan)
        if plan.fee == "unpaid":
            story.close_fee_unpaid(story.wd(story.fee.pay_due_on, rng.randint(1, 3)))
            story.archive_maybe(0.6, 1, 10)
            return
        story.record_payment(story.later(2, 15))
    if plan.extension:
        due = story.due(story.cursor)
        story.request_extension(max(story.cursor, story.wd(due, -rng.randint(2, 5))), rng.choice((20, 20, 20, 15, 10)))
        story.decide_extension(story.later(0, 1), plan.extension == "approved")
    story.reply_and_close(plan.outcome, subject, late=plan.late)


def _random_plan(rng: random.Random, outcome: str) -> _Plan:
    plan = _Plan(outcome=outcome)
    plan.channel = rng.choices(
        [Channel.INTERNET, Channel.IN_PERSON, Channel.POST_SIGNED, Channel.POST_UNSIGNED, Channel.FAX],
        weights=[60, 15, 11, 7, 7],
    )[0]
    roll = rng.random()
    if roll < 0.04:
        plan.withdraw_after = rng.randint(1, 8)
    if rng.random() < 0.16 or outcome == Outcome.R4_3_UNCLEAR_AFTER_FIX:
        plan.supplement = "supplied" if rng.random() < 0.7 or outcome == Outcome.R4_3_UNCLEAR_AFTER_FIX else "abandoned"
        plan.supplement_first = rng.random() < 0.5
    if rng.random() < 0.12 or outcome == Outcome.R3_4_THIRD_PARTY:
        third_party = outcome == Outcome.R3_4_THIRD_PARTY or rng.random() < 0.7
        plan.consultation = ConsultationKind.THIRD_PARTY if third_party else ConsultationKind.AGENCY
        if outcome == Outcome.R3_4_THIRD_PARTY:
            plan.consultation_result = ConsultationResult.OBJECTED
        else:
            plan.consultation_result = rng.choice([ConsultationResult.CONSENTED, ConsultationResult.NO_REPLY])
    if rng.random() < 0.13:
        plan.extension = "approved" if rng.random() < 0.85 else "rejected"
    if rng.random() < 0.05:
        plan.fee = "paid" if rng.random() < 0.6 else "unpaid"
    plan.manual_deadline = rng.random() < 0.02
    plan.late = rng.random() < 0.06 and not plan.manual_deadline
    return plan


def _random_outcome(rng: random.Random) -> str:
    reply_type = rng.choices(list(REPLY_TYPE_WEIGHTS), weights=list(REPLY_TYPE_WEIGHTS.values()))[0]
    return rng.choice(REPLY_TYPE_OUTCOMES[reply_type])


class _BureauDemo:
    """The demo requests of one bureau."""

    def __init__(self, bureau, staff: Staff, index: int, *, cal, today: dt.date):
        self.bureau, self.staff, self.index, self.cal, self.today = bureau, staff, index, cal, today
        self.rng = random.Random(f"{SEED}-{bureau.code}")
        self.stories: list[Story] = []
        self.short = (bureau.short_name or bureau.name).removesuffix("局")
        self.abbr = self.short[0]

    def ago(self, n: int) -> dt.date:
        return self.cal.add_working_days(self.today, -n).date

    def new_story(self, *, applicant_type: str | None = None, data: dict | None = None, year: int) -> tuple:
        rng = self.rng
        number = self.index * 1000 + len(self.stories)
        if data is None:
            if applicant_type is None:
                types, weights = list(texts.APPLICANT_TYPE_WEIGHTS), list(texts.APPLICANT_TYPE_WEIGHTS.values())
                applicant_type = rng.choices(types, weights=weights)[0]
            data = texts.applicant(
                rng, applicant_type, division_code=self.bureau.division_code, number=number, short_name=self.short
            )
        description, hint = texts.information_sought(rng, year=year - 1, short_name=self.short, abbr=self.abbr)
        form = {**data, "description": description, "document_number_hint": hint}
        story = Story(self.bureau, form, self.staff, self.cal, self.today, rng)
        self.stories.append(story)
        subject = description.removeprefix("请公开").removesuffix("。")
        return story, subject

    def tell(self, story: Story, path) -> None:
        with transaction.atomic():
            try:
                path()
            except Stop:
                pass
        if story.request is None:  # nothing happened yet (submission after today): no request
            self.stories.remove(story)

    # -- the kinds of requests ---------------------------------------------------------------------------
    def history(self, count: int, forced: list[str]) -> None:
        """Requests received from FIRST_DAY until about two months ago, mostly closed by now."""
        rng = self.rng
        last = self.today - dt.timedelta(days=60)
        if last <= FIRST_DAY:
            return
        days = sorted(FIRST_DAY + dt.timedelta(days=rng.randint(0, (last - FIRST_DAY).days)) for _ in range(count))
        for k, day in enumerate(days):
            outcome = forced[k] if k < len(forced) else _random_outcome(rng)
            plan = _random_plan(rng, outcome)
            if k < len(forced):  # make sure it reaches its reply
                plan.withdraw_after, plan.fee, plan.late = None, "", False
                if plan.supplement == "abandoned":
                    plan.supplement = "supplied"
            if plan.channel != Channel.INTERNET:
                day = self.cal.next_working_day(day, inclusive=True)  # letters and visits on working days
            story, subject = self.new_story(year=day.year)
            self.tell(story, lambda s=story, d=day, p=plan, t=subject: _run_history(s, d, p, t))

    def holidays(self) -> None:
        """Received on the last working days before 春节 and 国庆: the due dates skip the holidays."""
        picks = [
            SPRING_FESTIVAL_RECEIPTS[self.index % len(SPRING_FESTIVAL_RECEIPTS)],
            NATIONAL_DAY_RECEIPTS[self.index % len(NATIONAL_DAY_RECEIPTS)],
        ]
        if self.bureau.code == WALKTHROUGH_BUREAU:
            picks = [dt.date(2026, 2, 12), dt.date(2026, 9, 30), dt.date(2025, 9, 30)]
        for k, day in enumerate(picks):
            if day >= self.today:
                continue
            plan = _Plan(channel=Channel.IN_PERSON, outcome=_random_outcome(self.rng))
            plan.extension = "approved" if k == 1 else ""
            if plan.outcome == Outcome.R4_3_UNCLEAR_AFTER_FIX:
                plan.outcome = Outcome.R1_GRANTED
            if plan.outcome == Outcome.R3_4_THIRD_PARTY:
                plan.consultation, plan.consultation_result = ConsultationKind.THIRD_PARTY, ConsultationResult.OBJECTED
            story, subject = self.new_story(year=day.year)
            self.tell(story, lambda s=story, d=day, p=plan, t=subject: _run_history(s, d, p, t))

    def open_requests(self, kinds: list[str]) -> None:
        """Requests still being handled today, by kind (see OPEN_KINDS)."""
        for kind in kinds:
            story, subject = self.new_story(year=self.today.year)
            self.tell(story, lambda s=story, k=kind, t=subject: self._open(s, k, t))

    def _open(self, s: Story, kind: str, subject: str) -> None:
        ago, rng = self.ago, self.rng
        if kind == "submitted":
            s.submit(self.today - dt.timedelta(days=rng.randint(0, 1)), rng.choice([Channel.INTERNET, Channel.FAX]))
            return
        if kind == "received":
            s.receive(ago(1), Channel.IN_PERSON)
            return
        start = {
            "supplement_requested": 4,
            "supplement_overdue": 24,
            "in_progress": 6,
            "due_soon": 17,
            "overdue": 26,
            "consulting": 12,
            "extended": 21,
            "extended_overdue": 46,
            "fee_notified": 10,
            "answered": 14,
            "not_handled": 8,
            "delivered": 19,
            "art35": 15,
            "draft_reply": 12,
        }[kind]
        s.receive(ago(start), rng.choice([Channel.INTERNET, Channel.IN_PERSON, Channel.POST_SIGNED]))
        if kind == "supplement_requested":
            s.request_supplement(ago(2))
            return
        if kind == "supplement_overdue":  # the period has ended; the editor has yet to close it
            s.request_supplement(ago(start - 2))
            return
        s.start_processing(ago(start - 1))
        if kind == "consulting":
            s.start_consultation(ago(3), rng.choice(list(ConsultationKind)))
        elif kind in ("extended", "extended_overdue"):
            s.request_extension(ago(start - 18))
            s.decide_extension(ago(start - 19), approve=True)
        elif kind == "fee_notified":
            pages = rng.randint(40, 260)
            s.send_fee_notice(ago(2), FeeMethod.PER_PAGE, pages, fees.fee_per_page(pages).total_yuan)
        elif kind == "art35":
            s.set_manual_deadline(ago(5), self.cal.add_working_days(self.today, 25).date)
        elif kind == "draft_reply":
            s.draft_reply(ago(1), Outcome.R2_PARTIAL, subject)
        elif kind in ("answered", "not_handled", "delivered"):
            outcome = Outcome.R5_1_PETITION if kind == "not_handled" else _random_outcome(rng)
            if OUTCOME_TYPE[outcome] == ReplyType.NOT_HANDLED and kind != "not_handled":
                outcome = Outcome.R1_GRANTED
            s.draft_reply(ago(3 if kind == "delivered" else 2), outcome, subject)
            s.approve_reply(ago(2 if kind == "delivered" else 1))
            if kind == "delivered":
                s.deliver(ago(1))

    def mass_applicant(self) -> None:
        """One company files 12 requests in June 2025: repeats, not handled, one per-item fee (费用办法 Art. 4)."""
        days = [self.cal.add_working_days(dt.date(2025, 6, 3), k).date for k in range(12)]
        if days[-1] + dt.timedelta(days=90) > self.today:
            return
        data = texts.applicant(
            self.rng,
            ApplicantType.ORG_COMMERCIAL,
            division_code=self.bureau.division_code,
            number=self.index * 1000 + 999,
            short_name=self.short,
        )
        outcomes = [Outcome.R1_GRANTED, Outcome.R1_GRANTED, Outcome.R4_1_NOT_HELD, Outcome.R5_2_REPEAT]
        outcomes += [Outcome.R5_4_MASS_REPEAT] * 4
        outcomes += [Outcome.R5_2_REPEAT, Outcome.R1_GRANTED, Outcome.R4_2_NEEDS_CREATION]
        for k, day in enumerate(days):
            story, subject = self.new_story(data=data, year=day.year)
            last = k == len(days) - 1

            def path(s=story, d=day, o=outcomes[k] if not last else Outcome.R1_GRANTED, t=subject, last=last):
                s.receive(d, Channel.INTERNET)
                s.start_processing(s.later(0, 1))
                if last:
                    # Art. 4: items 11 and 12 of the month cost 100 yuan each; nothing was charged before.
                    s.send_fee_notice(
                        s.later(1, 2), FeeMethod.PER_ITEM, len(days), fees.fee_per_item(len(days)).total_yuan
                    )
                    s.record_payment(s.later(2, 5))
                s.reply_and_close(o, t)

            self.tell(story, path)


_SUBMISSION_FIELDS = intake.SUBMISSION_FIELDS
OPEN_KINDS = [
    "submitted",
    "received",
    "supplement_requested",
    "supplement_overdue",
    "in_progress",
    "due_soon",
    "overdue",
    "consulting",
    "extended",
    "extended_overdue",
    "fee_notified",
    "art35",
    "draft_reply",
    "answered",
    "not_handled",
    "delivered",
]
