"""Vocabulary of published records: states, metadata choices and the index-number scheme."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class RecordStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    IN_REVIEW = "in_review", _("In review")
    APPROVED = "approved", _("Approved")
    SCHEDULED = "scheduled", _("Scheduled")
    PUBLISHED = "published", _("Published")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Validity(models.TextChoices):
    """有效性."""

    VALID = "valid", _("Valid")
    AMENDED = "amended", _("Amended")
    REPEALED = "repealed", _("Repealed")


class Subject(models.TextChoices):
    """主题分类, the subject tree used by emergency-management bureaus (one level)."""

    GENERAL_AFFAIRS = "general_affairs", _("General government affairs")  # 综合政务
    ORGANIZATION = "organization", _("Organization and staff")  # 机构职能、人事
    PRODUCTION_SAFETY = "production_safety", _("Production safety")  # 安全生产
    DISASTER_RELIEF = "disaster_relief", _("Disaster prevention, mitigation and relief")  # 防灾减灾救灾
    EMERGENCY_RESPONSE = "emergency_response", _("Emergency plans and response")  # 应急预案与处置
    FIRE_AND_RESCUE = "fire_and_rescue", _("Fire fighting and rescue")  # 消防救援
    LAW_ENFORCEMENT = "law_enforcement", _("Law enforcement")  # 行政执法
    ADMINISTRATIVE_LICENSING = "administrative_licensing", _("Administrative licensing")  # 行政许可
    STATISTICS = "statistics", _("Statistics")  # 统计信息
    FINANCE = "finance", _("Budgets and finance")  # 财政资金
    PLANNING = "planning", _("Plans and programmes")  # 规划计划
    OTHER = "other", _("Other")


class Genre(models.TextChoices):
    """体裁分类."""

    REGULATION = "regulation", _("Rules and normative documents")  # 规章、规范性文件
    NOTICE = "notice", _("Notice")  # 通知
    ANNOUNCEMENT = "announcement", _("Announcement")  # 公告、通告
    OPINION = "opinion", _("Opinion")  # 意见
    MEASURES = "measures", _("Measures")  # 办法、规定
    DECISION = "decision", _("Decision")  # 决定
    PLAN = "plan", _("Plan or programme")  # 方案、规划、预案
    REPORT = "report", _("Report")  # 报告
    BULLETIN = "bulletin", _("Bulletin")  # 通报
    REPLY = "reply", _("Reply")  # 批复、函
    PENALTY_DECISION = "penalty_decision", _("Administrative penalty decision")  # 行政处罚决定
    STATISTICS = "statistics", _("Statistical information")  # 统计信息
    WORK_UPDATE = "work_update", _("Work update")  # 工作动态
    INTERPRETATION = "interpretation", _("Policy interpretation")  # 政策解读
    OTHER = "other", _("Other")


class InterpretationForm(models.TextChoices):
    """Forms of a policy interpretation (政策解读)."""

    TEXT_QA = "text_qa", _("Text or Q&A")  # 文字、问答
    CHART = "chart", _("Chart")  # 图解
    VIDEO = "video", _("Video")  # 视频
    AUDIO = "audio", _("Audio")  # 音频
    PRESS_CONFERENCE = "press_conference", _("Press conference")  # 新闻发布会
    INTERVIEW = "interview", _("Interview")  # 在线访谈
    CASE_STUDY = "case_study", _("Case study")  # 案例解读


# 条例 Art. 20: the fifteen categories an agency must disclose proactively.
ART20_ITEMS = [
    (1, _("Administrative regulations, rules and normative documents")),
    (2, _("Functions, organization, address, office hours, contact and heads")),
    (3, _("Development plans, special plans, regional plans and related policies")),
    (4, _("Economic and social development statistics")),
    (5, _("Basis, conditions, procedures and results of administrative licensing and other services")),
    (6, _("Basis, conditions and procedures of penalties and enforcement, and penalty decisions of social impact")),
    (7, _("Budgets and final accounts")),
    (8, _("Administrative fees, their basis and rates")),
    (9, _("Centralized government procurement: catalog, standards and implementation")),
    (10, _("Approval and implementation of major construction projects")),
    (
        11,
        _(
            "Policies, measures and implementation for poverty relief, education, health, social security and employment"
        ),
    ),
    (12, _("Emergency plans, warnings and response to public emergencies")),
    (
        13,
        _(
            "Supervision and inspection of environment, public health, production safety, food, drugs and product quality"
        ),
    ),
    (14, _("Civil servant recruitment: posts, numbers, requirements and results")),
    (15, _("Other information that laws, regulations and state rules require to be disclosed proactively")),
]

# Records whose state shows on the portal.
PUBLIC_STATUSES = (RecordStatus.PUBLISHED, RecordStatus.WITHDRAWN)

# Attachments: accepted kinds and the size limit (bytes).
ATTACHMENT_MAX_BYTES = 50 * 1024 * 1024
ATTACHMENT_KINDS = ("pdf", "ofd", "doc", "docx", "xls", "xlsx", "png", "jpg", "jpeg", "txt")

# Scopes a business-system token may carry.
TOKEN_SCOPE_WRITE = "records:write"
TOKEN_SCOPE_PUBLISH = "records:publish"
# Application progress (gongkai.applications): create applications and report their status events.
TOKEN_SCOPE_APPLICATIONS = "applications:write"
TOKEN_SCOPES = (TOKEN_SCOPE_WRITE, TOKEN_SCOPE_PUBLISH, TOKEN_SCOPE_APPLICATIONS)

# Fields a user or a business system may set, in the order of the record form. The index number
# is never one of them.
EDITABLE_FIELD_ORDER = (
    "catalog_item",
    "title",
    "summary",
    "body",
    "keywords",
    "document_number",
    "issuing_body",
    "date_written",
    "event_date",
    "subject",
    "genre",
    "art20_item",
    "validity",
    "replaced_by",
    "is_policy",
    "requires_interpretation",
    "interprets",
    "interpretation_form",
    "given_by_leader",
)
EDITABLE_FIELDS = frozenset(EDITABLE_FIELD_ORDER)
READ_ONLY_FIELDS = frozenset(
    {"index_number", "index_year", "index_sequence", "published_at", "status", "uuid", "bureau"}
)
EDITABLE_STATES = (RecordStatus.DRAFT, RecordStatus.IN_REVIEW, RecordStatus.APPROVED, RecordStatus.SCHEDULED)
