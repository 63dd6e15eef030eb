"""The full transition matrix: every state × every action × every role, generated from the table below.

For each cell the action is tried on a fresh request in that state on TODAY (see states.py):
- "ok": it succeeds and the request ends in the expected state, with one event and one audit entry;
- "denied": PermissionDenied (the role may not do it on this bureau's requests);
- "refused": WorkflowError (the role may, but not in this state);
and a denied or refused call changes nothing (state, events, audit entries).
"""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from gongkai.accounts.roles import Role
from gongkai.core.models import AuditLogEntry
from gongkai.foi_requests.constants import (
    ConsultationKind,
    ConsultationResult,
    FeeMethod,
    ReplyType,
    State,
)
from gongkai.foi_requests.models import Consultation, Extension, FeeNotice, Reply
from gongkai.foi_requests.services import workflow
from gongkai.foi_requests.services.workflow import WorkflowError

from . import states as s

pytestmark = pytest.mark.django_db

# Who: the bureau's handlers, its approvers (head of the disclosure office), the applicant.
HANDLERS = {"editor", "reviewer", "leader"}
APPROVERS = {"reviewer", "leader"}
APPLICANT = {"applicant"}
ROLES = (
    "editor",
    "reviewer",
    "leader",
    "city_supervisor",
    "other_bureau_editor",
    "gov_reviewer",
    "system_admin",
    "applicant",
)

S = State
OPEN = {S.SUBMITTED, S.RECEIVED, S.SUPPLEMENT_REQUESTED, S.IN_PROGRESS, S.CONSULTING, S.EXTENDED, S.FEE_NOTIFIED}
WORKING = {S.RECEIVED, S.IN_PROGRESS, S.EXTENDED}

# action: (roles that may do it, states it is possible in, resulting state (None: unchanged))
MATRIX = {
    "confirm_receipt": (HANDLERS, {S.SUBMITTED}, S.RECEIVED),
    "request_supplement": (HANDLERS, {S.RECEIVED, S.IN_PROGRESS}, S.SUPPLEMENT_REQUESTED),
    "receive_supplement": (HANDLERS | APPLICANT, {S.SUPPLEMENT_REQUESTED}, S.IN_PROGRESS),
    "close_no_supplement": (HANDLERS, {S.SUPPLEMENT_REQUESTED}, S.CLOSED_ABANDONED_NO_SUPPLEMENT),
    "start_processing": (HANDLERS, {S.RECEIVED}, S.IN_PROGRESS),
    "start_consultation": (HANDLERS, {S.IN_PROGRESS, S.EXTENDED}, S.CONSULTING),
    "end_consultation": (HANDLERS, {S.CONSULTING}, S.IN_PROGRESS),
    "request_extension": (HANDLERS, {S.RECEIVED, S.IN_PROGRESS, S.CONSULTING}, None),
    "decide_extension": (APPROVERS, {S.RECEIVED, S.IN_PROGRESS, S.CONSULTING, S.FEE_NOTIFIED}, "extended_if_working"),
    "send_fee_notice": (HANDLERS, WORKING, S.FEE_NOTIFIED),
    "record_payment": (HANDLERS, {S.FEE_NOTIFIED}, S.IN_PROGRESS),
    "close_fee_unpaid": (HANDLERS, {S.FEE_NOTIFIED}, S.CLOSED_ABANDONED_NO_FEE),
    "set_manual_deadline": (APPROVERS, OPEN - {S.SUBMITTED}, None),
    "draft_reply": (HANDLERS, WORKING, None),
    "approve_reply": (APPROVERS, WORKING, S.ANSWERED),
    "deliver": (HANDLERS, {S.ANSWERED, S.CLOSED_NOT_HANDLED}, S.DELIVERED),
    "archive": (
        HANDLERS,
        {S.DELIVERED, S.CLOSED_ABANDONED_NO_SUPPLEMENT, S.CLOSED_ABANDONED_NO_FEE, S.WITHDRAWN},
        S.ARCHIVED,
    ),
    "withdraw": (HANDLERS | APPLICANT, OPEN, S.WITHDRAWN),
}

TODAY = s.TODAY


def _prepare(action, req, editor):
    """The row the action works on (created if the state does not imply one)."""
    if action == "decide_extension":
        return Extension.objects.filter(request=req).first() or s.add_pending_extension(req, editor)
    if action == "approve_reply":
        return Reply.objects.filter(request=req).first() or s.add_draft_reply(req, editor)
    if action == "end_consultation":
        return Consultation.objects.filter(request=req).first() or s.add_ended_consultation(req)
    if action == "record_payment":
        return FeeNotice.objects.filter(request=req).first() or s.add_paid_fee_notice(req, editor)
    return req


CALLS = {
    "confirm_receipt": lambda o, a: workflow.confirm_receipt(
        o, acting_user=a, received_on=TODAY, note="已电话确认", today=TODAY
    ),
    "request_supplement": lambda o, a: workflow.request_supplement(o, acting_user=a, items="请补充文号", today=TODAY),
    "receive_supplement": lambda o, a: workflow.receive_supplement(
        o, acting_user=a, text="文号为焦应急〔2025〕1号", today=TODAY
    ),
    "close_no_supplement": lambda o, a: workflow.close_no_supplement(o, acting_user=a, today=TODAY),
    "start_processing": lambda o, a: workflow.start_processing(o, acting_user=a, today=TODAY),
    "start_consultation": lambda o, a: workflow.start_consultation(
        o, acting_user=a, kind=ConsultationKind.THIRD_PARTY, party="某公司", subject="是否同意公开", today=TODAY
    ),
    "end_consultation": lambda o, a: workflow.end_consultation(
        o, acting_user=a, ended_on=TODAY, result=ConsultationResult.CONSENTED, note="同意", today=TODAY
    ),
    "request_extension": lambda o, a: workflow.request_extension(
        o, acting_user=a, working_days=20, reason="档案多", today=TODAY
    ),
    "decide_extension": lambda o, a: workflow.decide_extension(
        o, acting_user=a, approve=True, note="同意", today=TODAY
    ),
    "send_fee_notice": lambda o, a: workflow.send_fee_notice(
        o, acting_user=a, method=FeeMethod.PER_PAGE, quantity=50, today=TODAY
    ),
    "record_payment": lambda o, a: workflow.record_payment(o, acting_user=a, paid_on=TODAY, today=TODAY),
    "close_fee_unpaid": lambda o, a: workflow.close_fee_unpaid(o, acting_user=a, today=TODAY),
    "set_manual_deadline": lambda o, a: workflow.set_manual_deadline(
        o, acting_user=a, due_on=TODAY + dt.timedelta(days=60), basis="条例第三十五条", today=TODAY
    ),
    "draft_reply": lambda o, a: workflow.draft_reply(
        o, acting_user=a, reply_type=ReplyType.GRANTED, body="予以公开。", today=TODAY
    ),
    "approve_reply": lambda o, a: workflow.approve_reply(o, acting_user=a, today=TODAY),
    "deliver": lambda o, a: workflow.deliver(o, acting_user=a, delivered_on=TODAY, note="邮寄", today=TODAY),
    "archive": lambda o, a: workflow.archive(o, acting_user=a, today=TODAY),
    "withdraw": lambda o, a: workflow.withdraw(o, acting_user=a, reason="申请人书面撤回", today=TODAY),
}


def expected(action, state, role):
    roles, states, _ = MATRIX[action]
    if role not in roles:
        return "denied"
    return "ok" if state in states else "refused"


def expected_state(action, state):
    target = MATRIX[action][2]
    if target is None:
        return state
    if target == "extended_if_working":
        return S.EXTENDED if state in (S.RECEIVED, S.IN_PROGRESS) else state
    return target


@pytest.fixture
def actors(people):
    return {
        "editor": people[Role.EDITOR],
        "reviewer": people[Role.REVIEWER],
        "leader": people[Role.LEADER],
        "city_supervisor": people[Role.CITY_SUPERVISOR],
        "other_bureau_editor": people["wenxian_editor"],
        "gov_reviewer": people[Role.GOV_REVIEWER],
        "system_admin": people[Role.SYSTEM_ADMIN],
        "applicant": None,
    }


def test_the_matrix_covers_every_state_action_and_role():
    assert set(MATRIX) == set(workflow.ACTIONS) == set(CALLS)
    assert len(ROLES) == 8 and len(State) == 14


@pytest.mark.parametrize("state", list(State), ids=str)
@pytest.mark.parametrize("action", workflow.ACTIONS)
def test_transition(action, state, actors, xiuwu):
    mismatches = []
    req = None
    for role in ROLES:
        if req is None:  # a refused step changes nothing, so the request is rebuilt only after a success
            req = s.build(state, xiuwu, actors["editor"])
            target = _prepare(action, req, actors["editor"])
        events, audits = req.events.count(), AuditLogEntry.objects.count()
        want = expected(action, state, role)
        try:
            CALLS[action](target, actors[role])
            got = "ok"
        except PermissionDenied:
            got = "denied"
        except WorkflowError:
            got = "refused"
        req.refresh_from_db()
        if got != want:
            mismatches.append(f"{role}: expected {want}, got {got}")
        elif got == "ok":
            if req.state != expected_state(action, state):
                mismatches.append(f"{role}: ended in {req.state}")
            if req.events.count() != events + 1 or AuditLogEntry.objects.count() != audits + 1:
                mismatches.append(f"{role}: not exactly one event and one audit entry")
            req = None
        elif req.state != state or req.events.count() != events or AuditLogEntry.objects.count() != audits:
            mismatches.append(f"{role}: a refused step changed something")
    assert not mismatches, f"{action} in {state}: " + "; ".join(mismatches)


@pytest.mark.parametrize("state", list(State), ids=str)
def test_available_actions_agree_with_the_matrix(state, actors, xiuwu):
    for role in ROLES:
        req = s.build(state, xiuwu, actors["editor"])
        for action in ("decide_extension", "approve_reply"):
            _prepare(action, req, actors["editor"]) if state in WORKING | {S.CONSULTING, S.FEE_NOTIFIED} else None
        allowed = set(workflow.available_actions(req, actors[role], TODAY))
        want = {a for a in workflow.ACTIONS if expected(a, state, role) == "ok"}
        if state in (S.CONSULTING, S.FEE_NOTIFIED):
            want.discard("approve_reply")  # a draft exists, but replies are approved from working states only
        if state in (S.RECEIVED, S.IN_PROGRESS, S.CONSULTING):
            want.discard("request_extension")  # the pending extension added above is the one extension
        assert allowed == want, f"{role} in {state}"
