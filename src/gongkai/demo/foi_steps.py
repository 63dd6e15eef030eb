"""The workflow steps as the demo replays them on past days (demo.py), without the database.

`Story` holds one request and the rows its steps create, in memory. Each step method mirrors the service
of the same name in services/workflow.py (and `submit` services/intake.py): the same state change, the
same register event (action, states, effective date, public flag, note, data) and the same related rows
with the same field values, done on `day` instead of today. A step dated after today raises `Stop`.
tests/foi_requests/test_demo.py checks the result against the services' rules and clock.
"""

from __future__ import annotations

import datetime as dt
import random
import uuid
from dataclasses import dataclass, field

from django.conf import settings
from django.utils import timezone

from gongkai.accounts.roles import Role
from gongkai.foi_requests.clock import ClockFacts, Pause, answer_deadline
from gongkai.foi_requests.constants import (
    CONSULTATION_WORKING_DAYS,
    FEE_PAYMENT_WORKING_DAYS,
    OPEN_STATES,
    REPLY_TYPE_OUTCOMES,
    Channel,
    ConsultationKind,
    ExtensionStatus,
    Outcome,
    ReplyStatus,
    ReplyType,
    State,
)
from gongkai.foi_requests.models import (
    Consultation,
    Extension,
    FeeNotice,
    FoiRequest,
    Reply,
    RequestEvent,
    SupplementRequest,
)

from . import foi_texts as texts

TRACKING_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"  # as services.intake
APPLICANT_LABEL = "申请人"  # what workflow._actor_label stores for the applicant (zh-hans)
OUTCOME_TYPE = {o: t for t, outcomes in REPLY_TYPE_OUTCOMES.items() for o in outcomes}


class Stop(Exception):
    """The next step would happen after today: the request stays where it is."""


@dataclass
class Staff:
    editor: object
    approver: object  # reviewer (or leader): approves replies and extensions, sets Art. 35 deadlines

    @classmethod
    def of(cls, bureau) -> Staff | None:
        from gongkai.accounts.models import Membership

        by_role: dict[str, object] = {}
        memberships = (
            Membership.objects.filter(bureau=bureau, is_active=True, user__is_active=True)
            .select_related("user")
            .order_by("user__username")
        )
        for membership in memberships:
            by_role.setdefault(membership.role, membership.user)
        editor = by_role.get(Role.EDITOR)
        approver = by_role.get(Role.REVIEWER) or by_role.get(Role.LEADER)
        if editor is None or approver is None:
            return None
        return cls(editor, approver)


@dataclass
class Story:
    """One request told step by step; each method mirrors the workflow service of the same name."""

    request: FoiRequest
    staff: Staff
    cal: object
    today: dt.date
    rng: random.Random
    events: list[RequestEvent] = field(default_factory=list)
    supplement: SupplementRequest | None = None
    consultations: list[Consultation] = field(default_factory=list)
    extension: Extension | None = None
    fee: FeeNotice | None = None
    reply: Reply | None = None
    cursor: dt.date | None = None  # the day of the last step
    last_at: dt.datetime | None = None

    # -- helpers -------------------------------------------------------------------------------
    def wd(self, day: dt.date, n: int) -> dt.date:
        return self.cal.add_working_days(day, n).date

    def later(self, low: int, high: int, after: dt.date | None = None) -> dt.date:
        return self.wd(after or self.cursor, self.rng.randint(low, high))

    def _at(self, day: dt.date) -> dt.datetime:
        if day > self.today:
            raise Stop
        at = timezone.make_aware(
            dt.datetime(day.year, day.month, day.day, self.rng.randint(8, 16), self.rng.randint(0, 59))
        )
        if self.last_at is not None and at <= self.last_at:
            at = self.last_at + dt.timedelta(minutes=self.rng.randint(3, 40))
        self.last_at = at
        self.cursor = day
        return at

    def _event(self, action, *, day, at=None, on=None, from_state, actor, public, note="", data=None, label=None):
        if label is None:
            label = APPLICANT_LABEL if actor is None else self.request.bureau.name
        self.events.append(
            RequestEvent(
                request=self.request,
                action=action,
                from_state=from_state,
                to_state=self.request.state,
                at=at or self._at(day),
                on=on or day,
                actor=actor,
                actor_label=label,
                note=note,
                public=public,
                data=data or {},
            )
        )

    def _move(self, state: str) -> str:
        before, self.request.state = self.request.state, state
        return before

    def _close(self, state: str, outcome: str, day: dt.date) -> str:
        before = self._move(state)
        self.request.outcome, self.request.closed_on = outcome, day
        return before

    def deadline(self, today: dt.date):
        """The clock as `workflow.deadline_for` computes it from these rows on `today` (same facts, same rules)."""
        req = self.request
        if req.state not in OPEN_STATES and req.closed_on:
            today = min(today, req.closed_on)
        pauses = []
        for c in self.consultations:  # workflow.clock_facts: the party's 15 working days at most
            end = c.ended_on
            if end is None and today > c.reply_due_on:
                end = c.reply_due_on
            elif end is not None and end > c.reply_due_on:
                end = c.reply_due_on
            pauses.append(Pause(c.sent_on, end, ""))
        if self.fee is not None and settings.GONGKAI.get("FOI_FEE_PAUSES_CLOCK", False):
            end = self.fee.paid_on
            if end is None and req.state != State.FEE_NOTIFIED:
                end = req.closed_on or self.fee.pay_due_on
            pauses.append(Pause(self.fee.sent_on, end, ""))
        extension = self.extension if self.extension and self.extension.status == ExtensionStatus.APPROVED else None
        facts = ClockFacts(
            received_on=req.received_on,
            supplement_sent_on=self.supplement.sent_on if self.supplement else None,
            supplement_supplied_on=self.supplement.supplied_on if self.supplement else None,
            pauses=tuple(pauses),
            extension_days=extension.working_days if extension else 0,
            extension_approved_on=extension.decided_on if extension else None,
            manual_due_on=req.manual_due_on,
            manual_due_basis=req.manual_due_basis,
        )
        return answer_deadline(facts, self.cal, today)

    def due(self, day: dt.date) -> dt.date | None:
        """The due date on `day` (for planning the next steps)."""
        return self.deadline(day).due_on

    def set_clock(self) -> None:
        """What `workflow.refresh_clock` stores, as of today."""
        deadline = self.deadline(self.today)
        self.request.due_on, self.request.due_provisional = deadline.due_on, deadline.provisional
        self.request.clock_paused = deadline.paused and self.request.state in OPEN_STATES

    # -- intake (services.intake._create) --------------------------------------------------------
    def submit(self, day: dt.date, channel: str) -> None:
        """Internet: the applicant on the portal; letters, faxes and visits: the editor enters them."""
        req = self.request
        at = self._at(day)
        staff = None if channel == Channel.INTERNET else self.staff.editor
        req.channel, req.submitted_at = channel, at
        if channel in (Channel.POST_SIGNED, Channel.POST_UNSIGNED, Channel.FAX):
            req.arrived_on = day
        received_on = {Channel.IN_PERSON: day, Channel.POST_SIGNED: day}.get(channel)
        req.received_on = received_on
        req.state = State.RECEIVED if received_on else State.SUBMITTED
        if channel == Channel.INTERNET:
            req.client_token = uuid.UUID(int=self.rng.getrandbits(128), version=4)
            req.submitter_ip = f"203.0.113.{self.rng.randint(1, 254)}"  # documentation range (RFC 5737)
        req.tracking_number = "F{:%Y%m%d}{}".format(day, "".join(self.rng.choices(TRACKING_ALPHABET, k=8)))
        self._event(
            "submitted",
            day=day,
            at=at,
            on=received_on or day,
            from_state="",
            actor=staff,
            public=True,
            data={"channel": channel, "attachments": 0},
        )

    # -- workflow (services.workflow) ----------------------------------------------------------------
    def confirm_receipt(self, day: dt.date) -> None:
        req = self.request
        note = self.rng.choice(texts.CONFIRMATION_NOTES)
        at = self._at(day)
        before = self._move(State.RECEIVED)
        req.received_on, req.receipt_confirmed_by, req.receipt_confirmation_note = day, self.staff.editor, note
        self._event(
            "confirm_receipt", day=day, at=at, from_state=before, actor=self.staff.editor, public=True, note=note
        )

    def start_processing(self, day: dt.date) -> None:
        at = self._at(day)
        before = self._move(State.IN_PROGRESS)
        self._event("start_processing", day=day, at=at, from_state=before, actor=self.staff.editor, public=True)

    def request_supplement(self, day: dt.date) -> None:
        at = self._at(day)
        period = int(settings.GONGKAI.get("FOI_SUPPLEMENT_PERIOD_WORKING_DAYS", 15))
        items = self.rng.choice(texts.SUPPLEMENT_ITEMS)
        due = self.wd(day, period)
        self.supplement = SupplementRequest(
            request=self.request,
            items=items,
            sent_on=day,
            period_working_days=period,
            supply_due_on=due,
            sent_by=self.staff.editor,
        )
        before = self._move(State.SUPPLEMENT_REQUESTED)
        self._event(
            "request_supplement",
            day=day,
            at=at,
            from_state=before,
            actor=self.staff.editor,
            public=True,
            note=items,
            data={"supplement": self.supplement, "period_working_days": period, "supply_due_on": due.isoformat()},
        )

    def receive_supplement(self, day: dt.date) -> None:
        at = self._at(day)
        by_applicant = self.rng.random() < 0.7  # on the tracking page; else a letter the editor records
        self.supplement.supplied_on = day
        self.supplement.supplied_text = self.rng.choice(texts.SUPPLEMENT_ANSWERS).format(year=day.year - 1)
        before = self._move(State.IN_PROGRESS)
        actor = None if by_applicant else self.staff.editor
        self._event(
            "receive_supplement", day=day, at=at, from_state=before, actor=actor, public=True, data={"files": 0}
        )

    def close_no_supplement(self, day: dt.date) -> None:
        at = self._at(day)
        before = self._close(State.CLOSED_ABANDONED_NO_SUPPLEMENT, Outcome.R6_1_NO_SUPPLEMENT, day)
        self._event("close_no_supplement", day=day, at=at, from_state=before, actor=self.staff.editor, public=True)

    def start_consultation(self, day: dt.date, kind: str) -> None:
        at = self._at(day)
        if kind == ConsultationKind.THIRD_PARTY:
            party = self.rng.choice(texts.THIRD_PARTIES).format(
                brand=self.rng.choice(texts.BRANDS), place=self.rng.choice(texts.PLACES)
            )
        else:
            party = self.rng.choice(texts.AGENCIES)
        due = self.wd(day, CONSULTATION_WORKING_DAYS)
        consultation = Consultation(
            request=self.request,
            kind=kind,
            party=party,
            subject=texts.CONSULTATION_SUBJECTS[kind],
            sent_on=day,
            reply_due_on=due,
            resume_state=self.request.state,
        )
        self.consultations.append(consultation)
        before = self._move(State.CONSULTING)
        self._event(
            "start_consultation",
            day=day,
            at=at,
            from_state=before,
            actor=self.staff.editor,
            public=True,
            data={"consultation": consultation, "kind": kind, "reply_due_on": due.isoformat()},
        )

    def end_consultation(self, day: dt.date, result: str) -> None:
        at = self._at(day)
        consultation = self.consultations[-1]
        consultation.ended_on, consultation.result = day, result
        consultation.result_note = texts.CONSULTATION_NOTES[result]
        before = self._move(consultation.resume_state)
        self._event(
            "end_consultation",
            day=day,
            at=at,
            from_state=before,
            actor=self.staff.editor,
            public=True,
            data={"consultation": consultation, "result": result},
        )

    def request_extension(self, day: dt.date, working_days: int = 20) -> None:
        at = self._at(day)
        reason = self.rng.choice(texts.EXTENSION_REASONS)
        self.extension = Extension(
            request=self.request,
            working_days=working_days,
            reason=reason,
            requested_by=self.staff.editor,
            requested_on=day,
        )
        state = self.request.state
        self._event(
            "request_extension",
            day=day,
            at=at,
            from_state=state,
            actor=self.staff.editor,
            public=False,
            note=reason,
            data={"extension": self.extension, "working_days": working_days},
        )

    def decide_extension(self, day: dt.date, approve: bool) -> None:
        at = self._at(day)
        ext = self.extension
        ext.status = ExtensionStatus.APPROVED if approve else ExtensionStatus.REJECTED
        ext.decided_by, ext.decided_on = self.staff.approver, day
        ext.decision_note = "" if approve else texts.EXTENSION_REJECTION
        before = self.request.state
        if approve:
            if before in (State.RECEIVED, State.IN_PROGRESS):
                self._move(State.EXTENDED)
            elif before == State.CONSULTING:
                for c in self.consultations:
                    if c.ended_on is None:
                        c.resume_state = State.EXTENDED
            elif before == State.FEE_NOTIFIED:
                self.fee.resume_state = State.EXTENDED
        self._event(
            "approve_extension" if approve else "reject_extension",
            day=day,
            at=at,
            from_state=before,
            actor=self.staff.approver,
            public=approve,
            note=ext.reason if approve else ext.decision_note,
            data={"extension": ext, "working_days": ext.working_days, "notified": approve},
        )

    def send_fee_notice(self, day: dt.date, method: str, quantity: int, amount: int) -> None:
        at = self._at(day)
        due = self.wd(day, FEE_PAYMENT_WORKING_DAYS)
        self.fee = FeeNotice(
            request=self.request,
            method=method,
            quantity=quantity,
            amount_yuan=amount,
            sent_on=day,
            pay_due_on=due,
            resume_state=self.request.state,
            sent_by=self.staff.editor,
        )
        before = self._move(State.FEE_NOTIFIED)
        self._event(
            "send_fee_notice",
            day=day,
            at=at,
            from_state=before,
            actor=self.staff.editor,
            public=True,
            data={
                "fee_notice": self.fee,
                "method": method,
                "quantity": quantity,
                "amount_yuan": amount,
                "pay_due_on": due.isoformat(),
            },
        )

    def record_payment(self, day: dt.date) -> None:
        at = self._at(day)
        self.fee.paid_on = day
        before = self._move(self.fee.resume_state)
        self._event(
            "record_payment",
            day=day,
            at=at,
            from_state=before,
            actor=self.staff.editor,
            public=True,
            data={"fee_notice": self.fee, "amount_yuan": self.fee.amount_yuan},
        )

    def close_fee_unpaid(self, day: dt.date) -> None:
        at = self._at(day)
        before = self._close(State.CLOSED_ABANDONED_NO_FEE, Outcome.R6_2_FEE_UNPAID, day)
        self._event("close_fee_unpaid", day=day, at=at, from_state=before, actor=self.staff.editor, public=True)

    def set_manual_deadline(self, day: dt.date, due_on: dt.date) -> None:
        at = self._at(day)
        req = self.request
        req.manual_due_on, req.manual_due_basis = due_on, texts.MANUAL_DEADLINE_BASIS
        self._event(
            "set_manual_deadline",
            day=day,
            at=at,
            from_state=req.state,
            actor=self.staff.approver,
            public=True,
            note=req.manual_due_basis,
            data={"due_on": due_on.isoformat()},
        )

    def draft_reply(self, day: dt.date, outcome: str, subject: str) -> None:
        at = self._at(day)
        reply_type = OUTCOME_TYPE[outcome]
        self.reply = Reply(
            request=self.request,
            reply_type=reply_type,
            outcome=outcome,
            body=texts.REPLY_BODIES[outcome].format(subject=subject),
            withheld_reason=texts.WITHHELD_REASON if reply_type == ReplyType.PARTIAL else "",
            referral=texts.REFERRAL if outcome == Outcome.R4_1_NOT_HELD and self.rng.random() < 0.5 else "",
            status=ReplyStatus.DRAFT,
            drafted_by=self.staff.editor,
        )
        self._event(
            "draft_reply",
            day=day,
            at=at,
            from_state=self.request.state,
            actor=self.staff.editor,
            public=False,
            data={"reply": self.reply, "reply_type": reply_type, "outcome": outcome},
        )

    def approve_reply(self, day: dt.date) -> None:
        at = self._at(day)
        reply = self.reply
        reply.status, reply.approved_by, reply.replied_on = ReplyStatus.APPROVED, self.staff.approver, day
        state = State.CLOSED_NOT_HANDLED if reply.reply_type == ReplyType.NOT_HANDLED else State.ANSWERED
        before = self._close(state, reply.outcome, day)
        self._event(
            "approve_reply",
            day=day,
            at=at,
            from_state=before,
            actor=self.staff.approver,
            public=True,
            data={"reply": reply, "reply_type": reply.reply_type, "outcome": reply.outcome},
        )

    def deliver(self, day: dt.date) -> None:
        at = self._at(day)
        note = texts.DELIVERY_NOTES[self.request.delivery_channel]
        self.reply.delivered_on, self.reply.delivery_note = day, note
        before = self._move(State.DELIVERED)
        self._event("deliver", day=day, at=at, from_state=before, actor=self.staff.editor, public=True, note=note)

    def archive(self, day: dt.date) -> None:
        at = self._at(day)
        before = self._move(State.ARCHIVED)
        self._event("archive", day=day, at=at, from_state=before, actor=self.staff.editor, public=False)

    def withdraw(self, day: dt.date) -> None:
        at = self._at(day)
        reason = self.rng.choice(texts.WITHDRAWAL_REASONS)
        before = self._close(State.WITHDRAWN, Outcome.R6_3_OTHER, day)
        self._event("withdraw", day=day, at=at, from_state=before, actor=None, public=True, note=reason)

    # -- composite paths -----------------------------------------------------------------------------
    def receive(self, day: dt.date, channel: str) -> dt.date:
        """Submission and, where Art. 31 needs it, the confirmation; returns the receipt date."""
        self.submit(day, channel)
        if self.request.state == State.SUBMITTED:
            # Unsigned post: confirmed on the day it arrives; internet and fax: the next working day at the latest.
            same_day = channel == Channel.POST_UNSIGNED or self.rng.random() < 0.5
            self.confirm_receipt(self.cal.next_working_day(day, inclusive=same_day))
        return self.request.received_on

    def reply_and_close(self, outcome: str, subject: str, *, late: bool = False, on: dt.date | None = None) -> None:
        due = self.due(self.cursor)
        if on is not None:
            draft_day = on
        elif late:
            draft_day = self.wd(due, self.rng.randint(1, 4))
        else:
            draft_day = self.wd(due, -self.rng.randint(1, 8))
        draft_day = max(draft_day, self.cursor)
        self.draft_reply(draft_day, outcome, subject)
        self.approve_reply(self.later(0, 1))
        remote = self.request.delivery_channel in ("email", "online")
        self.deliver(self.cursor if remote else self.later(1, 3))
        self.archive_maybe(0.85, 3, 30)

    def archive_maybe(self, probability: float, low: int, high: int) -> None:
        """Archive some time later; some closed requests are still waiting to be archived."""
        if self.rng.random() < probability:
            self.archive(self.later(low, high))
