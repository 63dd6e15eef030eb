"""Use cases of supervision. Every function is keyword-only with `acting_user=`, asks the permission module,
changes the data in one transaction and writes one audit record `supervision.<entity>.<verb>`.

Counties (editors, reviewers, the leader: `rules.FILE`) write their work plan, quarterly reports, leader
activities and training records and submit plans and reports to the city; the city supervisor (`rules.REVIEW`,
`rules.MANAGE`) sets milestones, accepts or returns what the counties submit with comments, keeps the
evaluation scheme, manual scores, inspections and the self-check thresholds, and drafts bulletins, which a
reviewer or the leader of the city bureau publishes (four eyes, `bulletins.bulletin_publish`).
"""

from __future__ import annotations

from .campaigns import bureau_due_set, milestone_add, standard_milestones
from .common import EDITABLE, MAX_ATTACHMENT_BYTES, REPORT_TEXT_FIELDS, filers_of
from .duties import leader_activity_add, training_add
from .evaluation import (
    finding_add,
    finding_rectify,
    finding_verify,
    inspection_create,
    inspection_delete,
    inspection_update,
    manual_score_set,
    scheme_save,
)
from .plans import plan_review, plan_save, plan_submit, task_done
from .reports import ReportHasPersonalData, report_attach, report_review, report_save, report_submit
from .thresholds import rule_update

__all__ = [
    "EDITABLE",
    "MAX_ATTACHMENT_BYTES",
    "REPORT_TEXT_FIELDS",
    "ReportHasPersonalData",
    "bureau_due_set",
    "filers_of",
    "finding_add",
    "finding_rectify",
    "finding_verify",
    "inspection_create",
    "inspection_delete",
    "inspection_update",
    "leader_activity_add",
    "manual_score_set",
    "milestone_add",
    "plan_review",
    "plan_save",
    "plan_submit",
    "report_attach",
    "report_review",
    "report_save",
    "report_submit",
    "rule_update",
    "scheme_save",
    "standard_milestones",
    "task_done",
    "training_add",
]
