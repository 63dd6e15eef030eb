"""The fee notice (收费通知) and its payment: what may be charged, by when it is paid, closing when it is not.

政府信息公开信息处理费管理办法 (费用办法) Art. 3: a request is charged per item or per page, never both;
Art. 4: per item counts the applicant's requests at the bureau in one calendar month, so the notice
charges the fee for the month's count less what was already charged per item that month; nothing is
charged within the free allowance (the amounts are `fees.py`'s, pure). The applicant pays within 20
working days (`clock.fee_payment_due`); after that the request is closed (table 三 (六)2). Whether the
fee period stops the answer clock is a setting (`FOI_FEE_PAUSES_CLOCK`, see services/deadline.py).
"""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.workdays.services import calendar_for

from .. import fees
from ..clock import fee_payment_due
from ..constants import FeeMethod, Outcome
from ..models import FeeNotice, FoiRequest
from .steps import WorkflowError, check_date, close, finish, move, sent_date, whole_number
from .transitions import step, target


def _same_applicant_this_month(request: FoiRequest):
    received = request.received_on or timezone.localdate()
    return FoiRequest.objects.filter(
        bureau_id=request.bureau_id,
        id_document_type=request.id_document_type,
        id_document_number=request.id_document_number,
        received_on__year=received.year,
        received_on__month=received.month,
    )


def items_this_month(request: FoiRequest) -> int:
    """The applicant's requests at this bureau received in the calendar month of this one (费用办法 Art. 4).

    A suggestion for the fee notice's quantity: staff may count more items when one request
    bundles several matters (一事一申请), never fewer.
    """
    return _same_applicant_this_month(request).filter(received_on__isnull=False).count() or 1


def _already_charged_per_item(request: FoiRequest) -> int:
    return sum(
        FeeNotice.objects.filter(
            request__in=_same_applicant_this_month(request).exclude(pk=request.pk), method=FeeMethod.PER_ITEM
        ).values_list("amount_yuan", flat=True)
    )


def _fee_method(method) -> str:
    if isinstance(method, (list, tuple, set, frozenset)):
        methods = set(method)
        if len(methods) > 1:
            raise WorkflowError(
                _("Charge either per item or per page, never both (fee measures, Art. 3)."),
                code="both_fee_methods",
                field="method",
            )
        method = next(iter(methods), "")
    if method not in FeeMethod.values:
        raise WorkflowError(_("Choose per item or per page."), code="invalid_choice", field="method")
    return method


def _amount(req: FoiRequest, method: str, quantity: int) -> int:
    """What this notice charges: per item, the month's fee less what was charged per item already."""
    if method == FeeMethod.PER_PAGE:
        return fees.fee_per_page(quantity).total_yuan
    counted = items_this_month(req)
    if quantity < counted:
        raise WorkflowError(
            _("The applicant has already made %(n)d requests this month; count at least that many items."),
            code="too_few_items",
            field="quantity",
            params={"n": counted},
        )
    return fees.fee_per_item(quantity).total_yuan - _already_charged_per_item(req)


@step("send_fee_notice")
def send_fee_notice(req, *, acting_user, today, method, quantity, sent_on=None):
    """→ fee_notified: one fee notice by one method (费用办法 Arts 3–5); payment within 20 working days.

    Per item, `quantity` is the applicant's cumulative items this calendar month including this
    request (see `items_this_month`); the notice charges the fee for that count less what was
    already charged per item this month. Per page, it is the pages of this request.
    """
    method = _fee_method(method)
    quantity = whole_number(quantity)
    if quantity < 1:
        raise WorkflowError(_("Enter a whole number of at least 1."), code="invalid_quantity", field="quantity")
    sent_on = sent_date(req, sent_on, today)
    amount = _amount(req, method, quantity)
    if amount <= 0:
        raise WorkflowError(
            _("This is within the free allowance of the fee measures: there is no fee to charge."),
            code="no_fee",
            field="quantity",
        )
    due = fee_payment_due(sent_on, calendar_for([sent_on.year]))
    notice = FeeNotice.objects.create(
        request=req,
        method=method,
        quantity=quantity,
        amount_yuan=amount,
        sent_on=sent_on,
        pay_due_on=due,
        resume_state=req.state,
        sent_by=acting_user,
    )
    from_state = move(req, target("send_fee_notice"))
    finish(
        req,
        "send_fee_notice",
        acting_user=acting_user,
        from_state=from_state,
        on=sent_on,
        today=today,
        public=True,
        data={
            "fee_notice": notice.pk,
            "method": method,
            "quantity": quantity,
            "amount_yuan": amount,
            "pay_due_on": due.isoformat(),
        },
    )


@step("record_payment", on_row=True)
def record_payment(req, fee_notice, *, acting_user, today, paid_on):
    """fee_notified → the state before the notice."""
    notice = FeeNotice.objects.select_for_update().get(pk=fee_notice.pk)
    paid_on = check_date(
        paid_on or today, "paid_on", today=today, not_before=notice.sent_on, before_label=_("the fee notice")
    )
    notice.paid_on = paid_on
    notice.save(update_fields=["paid_on", "updated_at"])
    from_state = move(req, notice.resume_state)
    finish(
        req,
        "record_payment",
        acting_user=acting_user,
        from_state=from_state,
        on=paid_on,
        today=today,
        public=True,
        data={"fee_notice": notice.pk, "amount_yuan": notice.amount_yuan},
    )


@step("close_fee_unpaid")
def close_fee_unpaid(req, *, acting_user, today):
    """fee_notified → closed_abandoned_no_fee after the payment period (费用办法; table 三 (六)2)."""
    from_state = close(req, target("close_fee_unpaid"), Outcome.R6_2_FEE_UNPAID, today)
    finish(req, "close_fee_unpaid", acting_user=acting_user, from_state=from_state, on=today, today=today, public=True)
