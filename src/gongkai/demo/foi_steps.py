"""One demo request told step by step through the FOI services, on past working days (foi_requests.py).

`Story` calls `foi_requests.services.intake.submit_request` and the functions of
`foi_requests.services.workflow` — the same calls the admin screens and the tracking page make — each
with `today=` the day the step happens, as the editor (handling), the reviewer (approvals: extensions,
Art. 35 deadlines, replies: never the drafter, four-eyes) or the applicant (supplement on the tracking
page, withdrawal). The services check the guards, write the register events, the audit entries and the
clock. A step dated after the day of loading raises `Stop`: the request stays where it is.
"""

from __future__ import annotations

import datetime as dt
import random
import uuid
from dataclasses import dataclass, field

from django.utils import timezone

from gongkai.accounts.roles import Role
from gongkai.foi_requests.constants import REPLY_TYPE_OUTCOMES, Channel, ConsultationKind, Outcome, ReplyType, State
from gongkai.foi_requests.models import FoiRequest
from gongkai.foi_requests.services import deadline, intake, workflow

from . import foi_texts as texts

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
    """One request: `data` (the applicant's form) until it is submitted, then `request`."""

    bureau: object
    data: dict
    staff: Staff
    cal: object
    today: dt.date
    rng: random.Random
    request: FoiRequest | None = None
    cursor: dt.date | None = None  # the day of the last step
    consultations: list = field(default_factory=list)

    # -- helpers -------------------------------------------------------------------------------
    def wd(self, day: dt.date, n: int) -> dt.date:
        return self.cal.add_working_days(day, n).date

    def later(self, low: int, high: int, after: dt.date | None = None) -> dt.date:
        return self.wd(after or self.cursor, self.rng.randint(low, high))

    def _on(self, day: dt.date) -> dt.date:
        if day > self.today:
            raise Stop
        self.cursor = day
        return day

    def _row(self, name: str):
        try:
            return getattr(self.request, name)
        except Exception:  # RelatedObjectDoesNotExist: not made yet
            return None

    @property
    def supplement(self):
        return self._row("supplement")

    @property
    def fee(self):
        return self._row("fee_notice")

    @property
    def extension(self):
        return self._row("extension")

    @property
    def reply(self):
        return self._row("reply")

    def due(self, day: dt.date) -> dt.date | None:
        """The due date on `day` (for planning the next steps), as the clock computes it."""
        return deadline.deadline_for(self.request, day).due_on

    # -- intake ----------------------------------------------------------------------------------
    def submit(self, day: dt.date, channel: str) -> None:
        """Internet: the applicant on the portal; letters, faxes and visits: the editor enters them."""
        self._on(day)
        at = timezone.make_aware(
            dt.datetime(day.year, day.month, day.day, self.rng.randint(8, 16), self.rng.randint(0, 59))
        )
        public = channel == Channel.INTERNET
        self.request, _created = intake.submit_request(
            bureau=self.bureau,
            data=self.data,
            channel=channel,
            client_token=uuid.UUID(int=self.rng.getrandbits(128), version=4) if public else None,
            acting_user=None if public else self.staff.editor,
            arrived_on=day if channel in (Channel.POST_SIGNED, Channel.POST_UNSIGNED, Channel.FAX) else None,
            now=at,
            acknowledge=False,  # past requests: no mail to fictitious applicants
        )

    # -- workflow (services.workflow) ----------------------------------------------------------
    def confirm_receipt(self, day: dt.date) -> None:
        note = self.rng.choice(texts.CONFIRMATION_NOTES)
        workflow.confirm_receipt(
            self.request, acting_user=self.staff.editor, received_on=self._on(day), note=note, today=day
        )

    def start_processing(self, day: dt.date) -> None:
        workflow.start_processing(self.request, acting_user=self.staff.editor, today=self._on(day))

    def request_supplement(self, day: dt.date) -> None:
        items = self.rng.choice(texts.SUPPLEMENT_ITEMS)
        workflow.request_supplement(self.request, acting_user=self.staff.editor, items=items, today=self._on(day))

    def receive_supplement(self, day: dt.date) -> None:
        by_applicant = self.rng.random() < 0.7  # on the tracking page; else a letter the editor records
        text = self.rng.choice(texts.SUPPLEMENT_ANSWERS).format(year=day.year - 1)
        actor = None if by_applicant else self.staff.editor
        workflow.receive_supplement(self.request, acting_user=actor, supplied_on=day, text=text, today=self._on(day))

    def close_no_supplement(self, day: dt.date) -> None:
        workflow.close_no_supplement(self.request, acting_user=self.staff.editor, today=self._on(day))

    def start_consultation(self, day: dt.date, kind: str) -> None:
        if kind == ConsultationKind.THIRD_PARTY:
            party = self.rng.choice(texts.THIRD_PARTIES).format(
                brand=self.rng.choice(texts.BRANDS), place=self.rng.choice(texts.PLACES)
            )
        else:
            party = self.rng.choice(texts.AGENCIES)
        workflow.start_consultation(
            self.request,
            acting_user=self.staff.editor,
            kind=kind,
            party=party,
            subject=texts.CONSULTATION_SUBJECTS[kind],
            today=self._on(day),
        )
        self.consultations.append(self.request.consultations.order_by("-pk").first())

    def end_consultation(self, day: dt.date, result: str) -> None:
        workflow.end_consultation(
            self.consultations[-1],
            acting_user=self.staff.editor,
            ended_on=day,
            result=result,
            note=texts.CONSULTATION_NOTES[result],
            today=self._on(day),
        )

    def request_extension(self, day: dt.date, working_days: int = 20) -> None:
        reason = self.rng.choice(texts.EXTENSION_REASONS)
        workflow.request_extension(
            self.request, acting_user=self.staff.editor, working_days=working_days, reason=reason, today=self._on(day)
        )

    def decide_extension(self, day: dt.date, approve: bool) -> None:
        note = "" if approve else texts.EXTENSION_REJECTION
        workflow.decide_extension(
            self.extension, acting_user=self.staff.approver, approve=approve, note=note, today=self._on(day)
        )

    def send_fee_notice(self, day: dt.date, method: str, quantity: int, amount: int = 0) -> None:
        workflow.send_fee_notice(
            self.request, acting_user=self.staff.editor, method=method, quantity=quantity, today=self._on(day)
        )

    def record_payment(self, day: dt.date) -> None:
        workflow.record_payment(self.fee, acting_user=self.staff.editor, paid_on=day, today=self._on(day))

    def close_fee_unpaid(self, day: dt.date) -> None:
        workflow.close_fee_unpaid(self.request, acting_user=self.staff.editor, today=self._on(day))

    def set_manual_deadline(self, day: dt.date, due_on: dt.date) -> None:
        workflow.set_manual_deadline(
            self.request,
            acting_user=self.staff.approver,
            due_on=due_on,
            basis=texts.MANUAL_DEADLINE_BASIS,
            today=self._on(day),
        )

    def draft_reply(self, day: dt.date, outcome: str, subject: str) -> None:
        reply_type = OUTCOME_TYPE[outcome]
        referral = texts.REFERRAL if outcome == Outcome.R4_1_NOT_HELD and self.rng.random() < 0.5 else ""
        workflow.draft_reply(
            self.request,
            acting_user=self.staff.editor,
            reply_type=reply_type,
            outcome=outcome,
            body=texts.REPLY_BODIES[outcome].format(subject=subject),
            withheld_reason=texts.WITHHELD_REASON if reply_type == ReplyType.PARTIAL else "",
            referral=referral,
            today=self._on(day),
        )

    def approve_reply(self, day: dt.date) -> None:
        workflow.approve_reply(self.reply, acting_user=self.staff.approver, today=self._on(day))

    def deliver(self, day: dt.date) -> None:
        note = texts.DELIVERY_NOTES[self.request.delivery_channel]
        workflow.deliver(self.request, acting_user=self.staff.editor, delivered_on=day, note=note, today=self._on(day))

    def archive(self, day: dt.date) -> None:
        workflow.archive(self.request, acting_user=self.staff.editor, today=self._on(day))

    def withdraw(self, day: dt.date) -> None:
        reason = self.rng.choice(texts.WITHDRAWAL_REASONS)
        workflow.withdraw(self.request, acting_user=None, reason=reason, today=self._on(day))

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
