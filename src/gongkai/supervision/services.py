"""Use cases of supervision. Every function is keyword-only with `acting_user=`, asks the permission module,
changes the data in one transaction and writes one audit record `supervision.<entity>.<verb>`.

Counties (editors, reviewers, the leader: `rules.FILE`) write their work plan, quarterly reports, leader
activities and training records and submit plans and reports to the city; the city supervisor (`rules.REVIEW`,
`rules.MANAGE`) sets milestones, accepts or returns what the counties submit with comments, keeps the
evaluation scheme, manual scores, inspections and the self-check thresholds, and drafts bulletins, which a
reviewer or the leader of the city bureau publishes (four eyes, `bulletins.bulletin_publish`).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.accounts import permissions
from gongkai.accounts.models import Membership
from gongkai.accounts.roles import Role
from gongkai.core import audit
from gongkai.screening import pii
from gongkai.screening.extract import ExtractionError, extract

from . import indicators, schedule
from .models import (
    BureauDueDate,
    CampaignMilestone,
    EvaluationScheme,
    Finding,
    Inspection,
    LeaderActivity,
    ManualScore,
    MilestoneKind,
    QuarterlyReport,
    ReportAttachment,
    ReviewStatus,
    SchemeEntry,
    SelfCheckRule,
    TrainingAttendee,
    TrainingSession,
    WorkPlan,
    WorkPlanTask,
)
from .rules import FILE, MANAGE, REVIEW

EDITABLE = (ReviewStatus.DRAFT, ReviewStatus.RETURNED)
MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024
REPORT_TEXT_FIELDS = ("progress", "catalog_progress", "problems", "next_steps")


def _today(today):
    return today or timezone.localdate()


# ---- campaigns ------------------------------------------------------------------------------------------


@transaction.atomic
def milestone_add(*, campaign, kind: str, label: str, due: dt.date, acting_user, quarter=None, request=None):
    """A dated step of `campaign` beyond its catalog milestones (work plan, quarterly report, completion)."""
    permissions.require(acting_user, MANAGE, campaign.city)
    if kind not in MilestoneKind.values:
        raise ValidationError(_("Choose the kind of the step."), code="invalid_kind")
    if kind == MilestoneKind.QUARTERLY_REPORT and quarter not in (1, 2, 3, 4):
        raise ValidationError(_("A quarterly report step needs its quarter."), code="quarter_required")
    milestone = CampaignMilestone.objects.create(
        campaign=campaign,
        kind=kind,
        label=(label or "").strip(),
        due=due,
        year=due.year,
        quarter=quarter,
    )
    audit.record(
        "supervision.milestone.created",
        user=acting_user,
        instance=milestone,
        request=request,
        data={"kind": kind, "due": due.isoformat(), "campaign": campaign.pk},
    )
    return milestone


@transaction.atomic
def standard_milestones(*, campaign, year: int, work_plan_due: dt.date, completion_due: dt.date, acting_user):
    """The notice's steps: the work plan, the four quarter ends of `year`, completion (the catalog steps are the
    campaign's own dates)."""
    made = [
        milestone_add(
            campaign=campaign, kind=MilestoneKind.WORK_PLAN, label="", due=work_plan_due, acting_user=acting_user
        )
    ]
    made += [
        milestone_add(
            campaign=campaign,
            kind=MilestoneKind.QUARTERLY_REPORT,
            quarter=quarter,
            label="",
            due=schedule.quarter_end(year, quarter),
            acting_user=acting_user,
        )
        for quarter in (1, 2, 3, 4)
    ]
    made.append(
        milestone_add(
            campaign=campaign, kind=MilestoneKind.COMPLETION, label="", due=completion_due, acting_user=acting_user
        )
    )
    return made


@transaction.atomic
def bureau_due_set(*, milestone, bureau, due: dt.date, acting_user, request=None) -> BureauDueDate:
    """Give one bureau its own date for a step (an extension granted by the city)."""
    permissions.require(acting_user, MANAGE, bureau)
    row, _created = BureauDueDate.objects.update_or_create(milestone=milestone, bureau=bureau, defaults={"due": due})
    audit.record(
        "supervision.milestone.bureau_due",
        user=acting_user,
        instance=milestone,
        request=request,
        bureau_code=bureau.code,
        data={"bureau": bureau.code, "due": due.isoformat()},
    )
    return row


# ---- work plans ---------------------------------------------------------------------------------------


TASK_FIELDS = ("title", "responsible_unit", "responsible_person", "contact", "due")


def _clean_tasks(tasks) -> list[dict]:
    cleaned = []
    for number, task in enumerate(tasks or [], start=1):
        row = {name: task.get(name) for name in TASK_FIELDS}
        for name in TASK_FIELDS[:-1]:
            row[name] = (row[name] or "").strip()
        missing = [name for name in TASK_FIELDS if not row[name]]
        if missing:
            raise ValidationError(
                _("Task %(n)s needs a task, responsible unit, responsible person, contact and due date."),
                code="task_incomplete",
                params={"n": number},
            )
        row["done_on"] = task.get("done_on")
        cleaned.append(row)
    return cleaned


@transaction.atomic
def plan_save(*, bureau, year: int, title: str, summary: str = "", tasks, acting_user, request=None) -> WorkPlan:
    """Create or change the bureau's work plan of `year` (while a draft or returned)."""
    permissions.require(acting_user, FILE, bureau)
    title = (title or "").strip()
    if not title:
        raise ValidationError(_("The work plan needs a title."), code="title_required")
    rows = _clean_tasks(tasks)
    if not rows:
        raise ValidationError(_("List at least one task."), code="tasks_required")
    plan = WorkPlan.objects.select_for_update().filter(bureau=bureau, year=year).first()
    if plan is None:
        plan = WorkPlan.objects.create(bureau=bureau, year=year, title=title, summary=summary, created_by=acting_user)
    elif plan.status not in EDITABLE:
        raise ValidationError(_("A submitted or accepted plan cannot be changed."), code="not_editable")
    else:
        plan.title, plan.summary = title, summary
        plan.save(update_fields=["title", "summary", "updated_at"])
    plan.tasks.all().delete()
    WorkPlanTask.objects.bulk_create(WorkPlanTask(plan=plan, position=i, **row) for i, row in enumerate(rows))
    audit.record(
        "supervision.work_plan.changed", user=acting_user, instance=plan, request=request, data={"tasks": len(rows)}
    )
    return plan


@transaction.atomic
def task_done(*, task, done_on: dt.date, acting_user, request=None) -> WorkPlanTask:
    """Mark a task of an accepted plan done (the campaign's completion is the last task done)."""
    permissions.require(acting_user, FILE, task.plan.bureau)
    task.done_on = done_on
    task.save(update_fields=["done_on", "updated_at"])
    audit.record(
        "supervision.work_plan.task_done",
        user=acting_user,
        instance=task.plan,
        request=request,
        data={"task": task.pk, "done_on": done_on.isoformat()},
    )
    return task


def _submit(obj, *, acting_user, today, event, request):
    permissions.require(acting_user, FILE, obj.bureau)
    if obj.status not in EDITABLE:
        raise ValidationError(_("Only a draft or a returned one can be submitted."), code="not_editable")
    obj.status = ReviewStatus.SUBMITTED
    obj.submitted_at, obj.submitted_by = timezone.now(), acting_user
    obj.first_submitted_on = obj.first_submitted_on or _today(today)
    obj.save()
    audit.record(event, user=acting_user, instance=obj, request=request)
    return obj


def _review(obj, *, acting_user, accept: bool, comment: str, event_prefix: str, request):
    permissions.require(acting_user, REVIEW, obj.bureau)
    if obj.status != ReviewStatus.SUBMITTED:
        raise ValidationError(_("Only a submitted one can be reviewed."), code="not_submitted")
    comment = (comment or "").strip()
    if not accept and not comment:
        raise ValidationError(_("Say what must change."), code="comment_required")
    obj.status = ReviewStatus.ACCEPTED if accept else ReviewStatus.RETURNED
    obj.reviewed_at, obj.reviewed_by, obj.review_comment = timezone.now(), acting_user, comment
    obj.save()
    verb = "accepted" if accept else "returned"
    audit.record(f"{event_prefix}.{verb}", user=acting_user, instance=obj, request=request, data={"comment": comment})
    return obj


@transaction.atomic
def plan_submit(*, plan, acting_user, today=None, request=None) -> WorkPlan:
    plan = WorkPlan.objects.select_for_update().get(pk=plan.pk)
    return _submit(plan, acting_user=acting_user, today=today, event="supervision.work_plan.submitted", request=request)


@transaction.atomic
def plan_review(*, plan, acting_user, accept: bool, comment: str = "", request=None) -> WorkPlan:
    plan = WorkPlan.objects.select_for_update().get(pk=plan.pk)
    return _review(
        plan,
        acting_user=acting_user,
        accept=accept,
        comment=comment,
        event_prefix="supervision.work_plan",
        request=request,
    )


# ---- quarterly reports --------------------------------------------------------------------------------


class ReportHasPersonalData(ValidationError):
    def __init__(self, places: list[str]):
        self.places = places
        super().__init__(
            _("Personal data was found (%(places)s). Remove it before submitting."),
            code="pii_found",
            params={"places": "; ".join(places[:10])},
        )


def _hits(place: str, text: str) -> list[str]:
    return [f"{place}: {hit.masked}" for hit in pii.scan(text or "")]


@transaction.atomic
def report_save(*, bureau, year: int, quarter: int, acting_user, request=None, **fields) -> QuarterlyReport:
    """Create or change the bureau's report of (year, quarter) while a draft or returned."""
    permissions.require(acting_user, FILE, bureau)
    if quarter not in (1, 2, 3, 4):
        raise ValidationError(_("The quarter is 1 to 4."), code="invalid_quarter")
    allowed = {*REPORT_TEXT_FIELDS, "records_published"}
    unknown = set(fields) - allowed
    if unknown:
        raise ValidationError(
            _("Unknown fields: %(f)s"), code="unknown_fields", params={"f": ", ".join(sorted(unknown))}
        )
    if not (fields.get("progress") or "").strip():
        raise ValidationError(_("Describe the progress of the quarter."), code="progress_required")
    report = QuarterlyReport.objects.select_for_update().filter(bureau=bureau, year=year, quarter=quarter).first()
    if report is None:
        report = QuarterlyReport(bureau=bureau, year=year, quarter=quarter, created_by=acting_user)
    elif report.status not in EDITABLE:
        raise ValidationError(_("A submitted or accepted report cannot be changed."), code="not_editable")
    for name, value in fields.items():
        setattr(report, name, value if name == "records_published" else (value or "").strip())
    report.save()
    audit.record("supervision.report.changed", user=acting_user, instance=report, request=request)
    return report


@transaction.atomic
def report_attach(*, report, filename: str, data: bytes, acting_user, request=None) -> ReportAttachment:
    """Attach a file: its type is checked by content and its text screened for personal data."""
    permissions.require(acting_user, FILE, report.bureau)
    if report.status not in EDITABLE:
        raise ValidationError(_("A submitted or accepted report cannot be changed."), code="not_editable")
    if len(data) > MAX_ATTACHMENT_BYTES:
        raise ValidationError(_("The file is larger than 20 MB."), code="too_large")
    try:
        text = extract(data, filename).text
    except ExtractionError as exc:
        raise ValidationError(exc.message, code="unreadable") from exc
    places = _hits(filename, filename) + _hits(filename, text)
    if places:
        raise ReportHasPersonalData(places)
    attachment = ReportAttachment(report=report, filename=filename[:200], size=len(data), uploaded_by=acting_user)
    attachment.file.save(filename, ContentFile(data), save=False)
    attachment.save()
    audit.record(
        "supervision.report.attached",
        user=acting_user,
        instance=report,
        request=request,
        data={"file": filename, "size": len(data)},
    )
    return attachment


@transaction.atomic
def report_submit(*, report, acting_user, today=None, request=None) -> QuarterlyReport:
    """Submit to the city; every text field is screened for personal data first."""
    report = QuarterlyReport.objects.select_for_update().select_related("bureau").get(pk=report.pk)
    places = [p for name in REPORT_TEXT_FIELDS for p in _hits(name, getattr(report, name))]
    if places:
        raise ReportHasPersonalData(places)
    return _submit(report, acting_user=acting_user, today=today, event="supervision.report.submitted", request=request)


@transaction.atomic
def report_review(*, report, acting_user, accept: bool, comment: str = "", request=None) -> QuarterlyReport:
    report = QuarterlyReport.objects.select_for_update().select_related("bureau").get(pk=report.pk)
    return _review(
        report,
        acting_user=acting_user,
        accept=accept,
        comment=comment,
        event_prefix="supervision.report",
        request=request,
    )


# ---- leader duties and training ----------------------------------------------------------------------


@transaction.atomic
def leader_activity_add(
    *, bureau, kind: str, on: dt.date, leader_name: str, title: str, notes: str = "", acting_user, request=None
) -> LeaderActivity:
    permissions.require(acting_user, FILE, bureau)
    if not (leader_name or "").strip() or not (title or "").strip():
        raise ValidationError(_("Name the leader and the subject."), code="required")
    activity = LeaderActivity.objects.create(
        bureau=bureau,
        kind=kind,
        on=on,
        leader_name=leader_name.strip(),
        title=title.strip(),
        notes=notes,
        created_by=acting_user,
    )
    audit.record(
        "supervision.leader_activity.created",
        user=acting_user,
        instance=activity,
        request=request,
        data={"kind": kind, "on": on.isoformat()},
    )
    return activity


@transaction.atomic
def training_add(
    *, bureau, on: dt.date, title: str, attendees, trainer: str = "", hours=0, acting_user, request=None
) -> TrainingSession:
    """A training session with its attendees [(name, unit), …]."""
    permissions.require(acting_user, FILE, bureau)
    people = [((name or "").strip(), (unit or "").strip()) for name, unit in attendees or []]
    people = [p for p in people if p[0]]
    if not (title or "").strip():
        raise ValidationError(_("The training needs a title."), code="title_required")
    if not people:
        raise ValidationError(_("List the attendees."), code="attendees_required")
    session = TrainingSession.objects.create(
        bureau=bureau, on=on, title=title.strip(), trainer=trainer, hours=hours, created_by=acting_user
    )
    TrainingAttendee.objects.bulk_create(TrainingAttendee(session=session, name=n, unit=u) for n, u in people)
    audit.record(
        "supervision.training.created",
        user=acting_user,
        instance=session,
        request=request,
        data={"attendees": len(people)},
    )
    return session


# ---- self-check rules ---------------------------------------------------------------------------------


def _require_supervisor(user):
    if not permissions.can(user, MANAGE):
        permissions.require(user, MANAGE)


@transaction.atomic
def rule_update(
    *,
    rule: SelfCheckRule,
    acting_user,
    warn_at: int,
    veto_at: int,
    window_days=None,
    enabled: bool = True,
    request=None,
) -> SelfCheckRule:
    """Change a threshold of the State Council's rules (the city supervisor)."""
    _require_supervisor(acting_user)
    if warn_at > veto_at:
        raise ValidationError(_("The warning comes before the veto."), code="warn_after_veto")
    before = {
        "warn_at": rule.warn_at,
        "veto_at": rule.veto_at,
        "window_days": rule.window_days,
        "enabled": rule.enabled,
    }
    rule.warn_at, rule.veto_at, rule.window_days, rule.enabled = warn_at, veto_at, window_days, enabled
    rule.save()
    audit.record(
        "supervision.rule.changed",
        user=acting_user,
        instance=rule,
        request=request,
        data={"before": before, "code": rule.code},
    )
    return rule


# ---- evaluation ---------------------------------------------------------------------------------------


def _points(value) -> Decimal:
    try:
        points = Decimal(str(value))
    except (InvalidOperation, TypeError) as exc:
        raise ValidationError(_("Points must be a number."), code="invalid_points") from exc
    if points < 0:
        raise ValidationError(_("Points cannot be negative."), code="invalid_points")
    return points


@transaction.atomic
def scheme_save(*, city, year: int, name: str, weights: dict[str, object], acting_user, request=None):
    """The evaluation scheme of `year`: points per registered indicator (automatic and manual)."""
    permissions.require(acting_user, MANAGE, city)
    unknown = [code for code in weights if indicators.get(code) is None]
    if unknown:
        raise ValidationError(
            _("Unknown indicators: %(c)s"), code="unknown_indicator", params={"c": ", ".join(unknown)}
        )
    scheme, _created = EvaluationScheme.objects.update_or_create(
        city=city, year=year, defaults={"name": (name or "").strip() or _("Evaluation %(year)s") % {"year": year}}
    )
    keep = []
    for position, (code, weight) in enumerate(weights.items()):
        entry, _c = SchemeEntry.objects.update_or_create(
            scheme=scheme, indicator=code, defaults={"weight": _points(weight), "position": position}
        )
        keep.append(entry.pk)
    scheme.entries.exclude(pk__in=keep).delete()
    audit.record(
        "supervision.scheme.changed",
        user=acting_user,
        instance=scheme,
        request=request,
        data={"weights": {k: str(v) for k, v in weights.items()}},
    )
    return scheme


@transaction.atomic
def manual_score_set(*, entry: SchemeEntry, bureau, points, note: str = "", acting_user, request=None):
    """Enter a manual indicator's points for a bureau (0 … the entry's weight)."""
    permissions.require(acting_user, MANAGE, bureau)
    indicator = indicators.get(entry.indicator)
    if indicator is None or not indicator.is_manual:
        raise ValidationError(_("Only a manual indicator takes entered points."), code="not_manual")
    points = _points(points)
    if points > entry.weight:
        raise ValidationError(_("At most %(w)s points."), code="too_many_points", params={"w": entry.weight})
    score, _c = ManualScore.objects.update_or_create(
        entry=entry, bureau=bureau, defaults={"points": points, "note": note, "entered_by": acting_user}
    )
    audit.record(
        "supervision.manual_score.entered",
        user=acting_user,
        instance=entry.scheme,
        request=request,
        bureau_code=bureau.code,
        data={"indicator": entry.indicator, "points": str(points)},
    )
    return score


@transaction.atomic
def inspection_create(*, city, title: str, on: dt.date, acting_user, request=None) -> Inspection:
    permissions.require(acting_user, MANAGE, city)
    inspection = Inspection.objects.create(city=city, title=title.strip(), on=on, created_by=acting_user)
    audit.record("supervision.inspection.created", user=acting_user, instance=inspection, request=request)
    return inspection


@transaction.atomic
def finding_add(*, inspection, bureau, description: str, rectify_by: dt.date, acting_user, request=None) -> Finding:
    permissions.require(acting_user, MANAGE, bureau)
    if not (description or "").strip():
        raise ValidationError(_("Describe the finding."), code="required")
    finding = Finding.objects.create(
        inspection=inspection, bureau=bureau, description=description.strip(), rectify_by=rectify_by
    )
    audit.record("supervision.finding.created", user=acting_user, instance=finding, request=request)
    return finding


@transaction.atomic
def finding_rectify(*, finding, rectified_on: dt.date, rectification: str, acting_user, request=None) -> Finding:
    """The county reports what it changed."""
    permissions.require(acting_user, FILE, finding.bureau)
    if not (rectification or "").strip():
        raise ValidationError(_("Say what was rectified."), code="required")
    finding.rectified_on, finding.rectification = rectified_on, rectification.strip()
    finding.verified_at = finding.verified_by = None
    finding.save()
    audit.record("supervision.finding.rectified", user=acting_user, instance=finding, request=request)
    return finding


@transaction.atomic
def finding_verify(*, finding, acting_user, request=None) -> Finding:
    """The city confirms the rectification."""
    permissions.require(acting_user, REVIEW, finding.bureau)
    if finding.rectified_on is None:
        raise ValidationError(_("Nothing to verify: the finding is not rectified yet."), code="not_rectified")
    finding.verified_at, finding.verified_by = timezone.now(), acting_user
    finding.save()
    audit.record("supervision.finding.verified", user=acting_user, instance=finding, request=request)
    return finding


def filers_of(bureau):
    """The people who file for `bureau` (reminder recipients): its editors, reviewers and leader."""
    return [
        m.user
        for m in Membership.objects.filter(
            bureau=bureau, is_active=True, role__in=(Role.EDITOR, Role.REVIEWER, Role.LEADER)
        )
        .select_related("user")
        .order_by("pk")
        if m.user.is_active and m.user.email
    ]
