"""The review workflow of a bureau's catalog as an explicit transition table (pure, no I/O).

    draft        --submit-->    submitted     (to the county government reviewer; snapshots a version)
    submitted    --return-->    returned      (with an overall opinion and per-item opinions)
    returned     --resubmit-->  resubmitted   (revised, submitted for approval; snapshots a version)
    resubmitted  --return-->    returned      (another round of opinions)
    submitted or resubmitted --approve--> approved
    approved     --publish-->   published     (the approved version becomes the public one)
    published    --revise-->    draft         (a new revision cycle; the published version stays public)
    submitted    --withdraw-->  draft;  resubmitted --withdraw--> returned

Who may take each action is answered by the permission module: `ACTION_PERMISSIONS` names
the permission action each move needs. Services (services.py) wrap these moves with the
permission check, the version snapshot, the event row and the audit record.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .constants import CatalogStatus as S


class CatalogAction(models.TextChoices):
    CREATE = "create", _("Created")
    SUBMIT = "submit", _("Submitted for review")
    RETURN = "return", _("Returned with opinions")
    RESUBMIT = "resubmit", _("Revised and submitted for approval")
    APPROVE = "approve", _("Approved")
    PUBLISH = "publish", _("Published")
    WITHDRAW = "withdraw", _("Withdrawn from review")
    REVISE = "revise", _("New revision started")


A = CatalogAction

# (current status, action) -> new status. Anything not listed is not a legal move.
TRANSITIONS: dict[tuple[str, str], str] = {
    (S.DRAFT, A.SUBMIT): S.SUBMITTED,
    (S.SUBMITTED, A.RETURN): S.RETURNED,
    (S.SUBMITTED, A.APPROVE): S.APPROVED,
    (S.SUBMITTED, A.WITHDRAW): S.DRAFT,
    (S.RETURNED, A.RESUBMIT): S.RESUBMITTED,
    (S.RESUBMITTED, A.RETURN): S.RETURNED,
    (S.RESUBMITTED, A.APPROVE): S.APPROVED,
    (S.RESUBMITTED, A.WITHDRAW): S.RETURNED,
    (S.APPROVED, A.PUBLISH): S.PUBLISHED,
    (S.PUBLISHED, A.REVISE): S.DRAFT,
}

# The permission action (accounts.permissions) each move needs.
ACTION_PERMISSIONS: dict[str, str] = {
    A.SUBMIT: "catalogs.submit_catalog",
    A.RESUBMIT: "catalogs.submit_catalog",
    A.WITHDRAW: "catalogs.submit_catalog",
    A.RETURN: "catalogs.review_catalog",
    A.APPROVE: "catalogs.review_catalog",
    A.PUBLISH: "catalogs.publish_catalog",
    A.REVISE: "catalogs.change_catalog",
}

# Moves that hand the working copy to the reviewer: they snapshot a new CatalogVersion.
SNAPSHOT_ACTIONS = frozenset({A.SUBMIT, A.RESUBMIT})
# Statuses in which the editor may change the working copy. Editing a published catalog
# first starts a new revision (published → draft); the published version stays public.
EDITABLE = frozenset({S.DRAFT, S.RETURNED})
EDITABLE_AFTER_REVISE = frozenset({S.PUBLISHED})
# Statuses in which the catalog is with the government reviewer.
IN_REVIEW = frozenset({S.SUBMITTED, S.RESUBMITTED})


class TransitionNotAllowed(ValidationError):
    def __init__(self, status: str, action: str):
        super().__init__(
            gettext("“%(action)s” is not possible while the catalog is “%(status)s”.")
            % {"action": CatalogAction(action).label, "status": S(status).label},
            code="transition_not_allowed",
        )


def can_transition(status: str, action: str) -> bool:
    return (status, action) in TRANSITIONS


def next_status(status: str, action: str) -> str:
    try:
        return TRANSITIONS[(status, action)]
    except KeyError:
        raise TransitionNotAllowed(status, action) from None


def allowed_actions(status: str) -> list[str]:
    return [action for (current, action) in TRANSITIONS if current == status]


def is_editable(status: str) -> bool:
    return status in EDITABLE or status in EDITABLE_AFTER_REVISE
