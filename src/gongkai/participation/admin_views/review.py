"""The one submit step and the one review screen (four eyes) for everything participation publishes: a
decision catalog, a consultation, its adoption summary, a hearing and its minutes. The rules are in
`services/publication.py`; the screen's shape is `core.admin_screens.review_screen`.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gongkai.core.admin_screens import review_screen, show_errors

from .. import models
from ..actions import APPROVE, CHANGE
from ..services import publication
from .base import get, home, render

ENTITIES = {
    "catalog": models.DecisionCatalog,
    "consultation": models.Consultation,
    "summary": models.AdoptionSummary,
    "hearing": models.Hearing,
    "minutes": models.HearingMinutes,
}


def _entity(request, entity: str, pk: int, action: str):
    model = ENTITIES.get(entity)
    if model is None:
        raise Http404
    return get(request, model, pk, action)


@require_POST
def submit(request, entity: str, pk: int):
    obj = _entity(request, entity, pk, CHANGE)
    try:
        publication.submit(obj, acting_user=request.user, request=request)
    except ValidationError as exc:
        show_errors(request, exc)
    else:
        messages.success(request, _("Submitted for approval."))
    return redirect(home(obj))


def review(request, entity: str, pk: int):
    obj = _entity(request, entity, pk, APPROVE)
    common = {"acting_user": request.user, "request": request}
    return review_screen(
        request,
        waiting=obj.status == models.PubStatus.SUBMITTED,
        not_waiting=_("Nothing is waiting for approval here."),
        back=home(obj),
        allowed=True,
        approve=lambda **check: publication.approve(obj, **common, **check),
        send_back=lambda reason: publication.send_back(obj, **common, reason=reason),
        approved=_("Approved and published."),
        returned=_("Returned to the authors."),
        done=home(obj),
        render=lambda form: render(
            request,
            "participation/admin/review.html",
            _("Approve for publication: %(title)s") % {"title": str(obj)},
            {"obj": obj, "form": form, "may_approve": publication.may_approve(request.user, obj), "back": home(obj)},
        ),
    )
