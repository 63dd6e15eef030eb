"""The FOI request workflow: every step by name, for the screens, the tracking page and the tests (ADR 0002).

One service function per transition, keyword-only with `acting_user` (None: the applicant on the
tracking page, for `receive_supplement` and `withdraw`) and `today` (default: the local date). Each
locks the request, checks the transition table, validates its input, changes the state in one
transaction, writes a register event and an audit entry and refreshes the clock; a refused step raises
`PermissionDenied` or `WorkflowError` and saves nothing. Where each rule lives:

- who may do which step in which state, and the extra guards: `transitions.py` (TRANSITIONS, `check`,
  `available_actions`);
- what every step shares (WorkflowError, input checks, the register event and audit names): `steps.py`;
- the steps: `lifecycle.py` (receipt, processing, Art. 35 deadline, withdrawal, archiving),
  `supplement.py` (Art. 30), `consultation.py` (Arts 32–34), `extension.py` (Art. 33 para 2),
  `fee_notice.py` (费用办法), `reply.py` (Arts 36–39, approval, delivery);
- the deadline and the periods: `foi_requests/clock.py` (pure), stored by `deadline.py`.
"""

from .consultation import end_consultation, start_consultation
from .extension import decide_extension, request_extension
from .fee_notice import close_fee_unpaid, record_payment, send_fee_notice
from .lifecycle import archive, confirm_receipt, set_manual_deadline, start_processing, withdraw
from .reply import approve_reply, deliver, draft_reply
from .steps import WorkflowError
from .supplement import close_no_supplement, receive_supplement, request_supplement
from .transitions import ACTIONS, available_actions

__all__ = [
    "ACTIONS",
    "WorkflowError",
    "approve_reply",
    "archive",
    "available_actions",
    "close_fee_unpaid",
    "close_no_supplement",
    "confirm_receipt",
    "decide_extension",
    "deliver",
    "draft_reply",
    "end_consultation",
    "receive_supplement",
    "record_payment",
    "request_extension",
    "request_supplement",
    "send_fee_notice",
    "set_manual_deadline",
    "start_consultation",
    "start_processing",
    "withdraw",
]
