"""The fixed vocabularies of FOI requests (依申请公开), as the 条例 and the annual-report format define them.

Sources: ../shared/reference/foi-and-annual-report.md §2 (条例 Arts 27–45), §3 (费用办法), §4.5 (table 三).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

# 条例 Art. 33: 20 working days to answer, one extension of at most 20 more.
ANSWER_WORKING_DAYS = 20
MAX_EXTENSION_WORKING_DAYS = 20
# 条例 Art. 30: the one supplement notice must go out within 7 working days of receipt.
SUPPLEMENT_NOTICE_WORKING_DAYS = 7
# 条例 Arts 32, 34: a third party or another agency has 15 working days to answer a consultation.
CONSULTATION_WORKING_DAYS = 15
# 费用办法 (via the Sichuan notice, [P]): pay within 20 working days from the day after the notice arrives.
FEE_PAYMENT_WORKING_DAYS = 20
DESCRIPTION_MAX_LENGTH = 5000


class State(models.TextChoices):
    """§2.9 state machine, plus `delivered` (reply sent to the applicant) and `withdrawn` (by the applicant)."""

    SUBMITTED = "submitted", _("Submitted, awaiting confirmation of receipt")
    RECEIVED = "received", _("Received")
    SUPPLEMENT_REQUESTED = "supplement_requested", _("Supplement requested")
    IN_PROGRESS = "in_progress", _("In progress")
    CONSULTING = "consulting", _("Consulting a third party or agency")
    EXTENDED = "extended", _("Extended")
    FEE_NOTIFIED = "fee_notified", _("Fee notice sent")
    ANSWERED = "answered", _("Answered")
    CLOSED_NOT_HANDLED = "closed_not_handled", _("Closed: not handled")
    CLOSED_ABANDONED_NO_SUPPLEMENT = "closed_abandoned_no_correction", _("Closed: no supplement in time")
    CLOSED_ABANDONED_NO_FEE = "closed_abandoned_no_fee", _("Closed: fee not paid in time")
    WITHDRAWN = "withdrawn", _("Withdrawn by the applicant")
    DELIVERED = "delivered", _("Reply delivered")
    ARCHIVED = "archived", _("Archived")


# States in which the answer clock runs (or is paused but the request is still open).
OPEN_STATES = frozenset(
    {
        State.SUBMITTED,
        State.RECEIVED,
        State.SUPPLEMENT_REQUESTED,
        State.IN_PROGRESS,
        State.CONSULTING,
        State.EXTENDED,
        State.FEE_NOTIFIED,
    }
)
# States in which the bureau is working on the substance (a reply may be given from here).
WORKING_STATES = frozenset({State.RECEIVED, State.IN_PROGRESS, State.EXTENDED})
CLOSED_STATES = frozenset(set(State) - OPEN_STATES)


class Channel(models.TextChoices):
    """条例 Art. 31: how the request arrived decides its receipt date."""

    INTERNET = "internet", _("Internet (online form)")
    FAX = "fax", _("Fax to the disclosure office")
    POST_SIGNED = "post_signed", _("Post requiring signature")
    POST_UNSIGNED = "post_unsigned", _("Ordinary post (no signature)")
    IN_PERSON = "in_person", _("In person (incl. oral, form filled by staff)")
    # The self-service kiosk in a service hall's disclosure zone: the applicant fills the form alone, no
    # staff member takes it, so it is a data message (数据电文) like the online form: received on confirmation.
    KIOSK = "kiosk", _("Kiosk in the service hall (self-service, on site)")


# 条例 Art. 31: these channels need an explicit confirmation whose date is the receipt date.
CHANNELS_NEEDING_CONFIRMATION = frozenset({Channel.INTERNET, Channel.FAX, Channel.POST_UNSIGNED, Channel.KIOSK})
# The channels a member of the public files by alone (no staff user): rate-limited per address.
PUBLIC_CHANNELS = frozenset({Channel.INTERNET, Channel.KIOSK})


class ApplicantType(models.TextChoices):
    """Columns of annual-report table 三 (国办公开办函〔2021〕30号)."""

    NATURAL_PERSON = "natural_person", _("Natural person")
    ORG_COMMERCIAL = "org_commercial", _("Commercial enterprise")
    ORG_RESEARCH = "org_research", _("Research institution")
    ORG_PUBLIC_WELFARE = "org_public_welfare", _("Public-welfare organization")
    ORG_LEGAL_SERVICE = "org_legal_service", _("Legal-service organization")
    ORG_OTHER = "org_other", _("Other organization")


class IdDocumentType(models.TextChoices):
    RESIDENT_ID = "resident_id", _("Resident identity card")
    PASSPORT = "passport", _("Passport")
    HK_MACAO_PERMIT = "hk_macao_permit", _("Mainland travel permit for Hong Kong and Macao residents")
    TAIWAN_PERMIT = "taiwan_permit", _("Mainland travel permit for Taiwan residents")
    FOREIGN_PERMANENT_RESIDENCE = "foreign_permanent_residence", _("Foreign permanent residence ID card")
    USCC = "uscc", _("Unified social credit code (organizations)")
    OTHER = "other", _("Other document")


class DeliveryForm(models.TextChoices):
    """条例 Art. 29(3), Art. 40: the form the applicant wants the information in."""

    PAPER = "paper", _("Paper")
    ELECTRONIC = "electronic", _("Electronic")


class DeliveryChannel(models.TextChoices):
    EMAIL = "email", pgettext_lazy("delivered by", "Email")  # 电子邮件, not the address (电子邮箱)
    POST = "post", _("Post")
    PICKUP = "pickup", _("Pick up in person")
    ONLINE = "online", _("Download online")


class ReplyType(models.TextChoices):
    """条例 Arts 36–39 answer types, grouped as the rows of table 三 三、本年度办理结果."""

    GRANTED = "granted", _("Disclosed (予以公开)")
    PARTIAL = "partial", _("Partly disclosed (部分公开)")
    REFUSED = "refused", _("Not disclosed (不予公开)")
    CANNOT_PROVIDE = "cannot_provide", _("Cannot be provided (无法提供)")
    NOT_HANDLED = "not_handled", _("Not handled (不予处理)")


class Outcome(models.TextChoices):
    """The final outcome of a request = its row in table 三 (one row only, §4.5)."""

    R1_GRANTED = "r1_granted", _("(一)予以公开")
    R2_PARTIAL = "r2_partial", _("(二)部分公开")
    R3_1_STATE_SECRET = "r3_1_state_secret", _("1.属于国家秘密")
    R3_2_LAW_PROHIBITS = "r3_2_law_prohibits", _("2.其他法律行政法规禁止公开")
    R3_3_THREE_SECURITY = "r3_3_three_security_one_stability", _("3.危及“三安全一稳定”")
    R3_4_THIRD_PARTY = "r3_4_third_party", _("4.保护第三方合法权益")
    R3_5_INTERNAL_AFFAIRS = "r3_5_internal_affairs", _("5.属于三类内部事务信息")
    R3_6_PROCESS_INFO = "r3_6_process_info", _("6.属于四类过程性信息")
    R3_7_ENFORCEMENT_FILE = "r3_7_enforcement_file", _("7.属于行政执法案卷")
    R3_8_ADMIN_QUERY = "r3_8_admin_query", _("8.属于行政查询事项")
    R4_1_NOT_HELD = "r4_1_not_held", _("1.本机关不掌握相关政府信息")
    R4_2_NEEDS_CREATION = "r4_2_needs_creation", _("2.没有现成信息需要另行制作")
    R4_3_UNCLEAR_AFTER_FIX = "r4_3_unclear_after_fix", _("3.补正后申请内容仍不明确")
    R5_1_PETITION = "r5_1_petition_complaint", _("1.信访举报投诉类申请")
    R5_2_REPEAT = "r5_2_repeat", _("2.重复申请")
    R5_3_PUBLICATION = "r5_3_publication", _("3.要求提供公开出版物")
    R5_4_MASS_REPEAT = "r5_4_mass_repeat", _("4.无正当理由大量反复申请")
    R5_5_CONFIRM_REISSUE = "r5_5_confirm_reissue", _("5.要求行政机关确认或重新出具已获取信息")
    R6_1_NO_SUPPLEMENT = "r6_1_no_correction", _("1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请")
    R6_2_FEE_UNPAID = "r6_2_fee_unpaid", _("2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请")
    R6_3_OTHER = "r6_3_other", _("3.其他")


# Which sub-reasons each reply type takes (§2.8). A type with one outcome needs no sub-reason.
REPLY_TYPE_OUTCOMES: dict[str, tuple[str, ...]] = {
    ReplyType.GRANTED: (Outcome.R1_GRANTED,),
    ReplyType.PARTIAL: (Outcome.R2_PARTIAL,),
    ReplyType.REFUSED: tuple(o for o in Outcome if o.startswith("r3_")),
    ReplyType.CANNOT_PROVIDE: tuple(o for o in Outcome if o.startswith("r4_")),
    ReplyType.NOT_HANDLED: tuple(o for o in Outcome if o.startswith("r5_")),
}

# The legal basis printed on a reply for each outcome (§2.8 table; mappings marked [P] there).
OUTCOME_BASIS: dict[str, str] = {
    Outcome.R1_GRANTED: "《中华人民共和国政府信息公开条例》第三十六条第（一）（二）项",
    Outcome.R2_PARTIAL: "《中华人民共和国政府信息公开条例》第三十七条",
    Outcome.R3_1_STATE_SECRET: "《中华人民共和国政府信息公开条例》第十四条、第三十六条第（三）项",
    Outcome.R3_2_LAW_PROHIBITS: "《中华人民共和国政府信息公开条例》第十四条、第三十六条第（三）项",
    Outcome.R3_3_THREE_SECURITY: "《中华人民共和国政府信息公开条例》第十四条、第三十六条第（三）项",
    Outcome.R3_4_THIRD_PARTY: "《中华人民共和国政府信息公开条例》第十五条、第三十二条、第三十六条第（三）项",
    Outcome.R3_5_INTERNAL_AFFAIRS: "《中华人民共和国政府信息公开条例》第十六条第一款、第三十六条第（三）项",
    Outcome.R3_6_PROCESS_INFO: "《中华人民共和国政府信息公开条例》第十六条第二款、第三十六条第（三）项",
    Outcome.R3_7_ENFORCEMENT_FILE: "《中华人民共和国政府信息公开条例》第十六条第二款、第三十六条第（三）项",
    Outcome.R3_8_ADMIN_QUERY: "《中华人民共和国政府信息公开条例》第三十六条第（七）项",
    Outcome.R4_1_NOT_HELD: "《中华人民共和国政府信息公开条例》第三十六条第（四）（五）项",
    Outcome.R4_2_NEEDS_CREATION: "《中华人民共和国政府信息公开条例》第三十八条",
    Outcome.R4_3_UNCLEAR_AFTER_FIX: "《中华人民共和国政府信息公开条例》第三十条",
    Outcome.R5_1_PETITION: "《中华人民共和国政府信息公开条例》第三十九条第一款",
    Outcome.R5_2_REPEAT: "《中华人民共和国政府信息公开条例》第三十六条第（六）项",
    Outcome.R5_3_PUBLICATION: "《中华人民共和国政府信息公开条例》第三十九条第二款",
    Outcome.R5_4_MASS_REPEAT: "《中华人民共和国政府信息公开条例》第三十五条",
    Outcome.R5_5_CONFIRM_REISSUE: "《中华人民共和国政府信息公开条例》",
    Outcome.R6_1_NO_SUPPLEMENT: "《中华人民共和国政府信息公开条例》第三十条",
    Outcome.R6_2_FEE_UNPAID: "《政府信息公开信息处理费管理办法》",
    Outcome.R6_3_OTHER: "",
}


class ConsultationKind(models.TextChoices):
    THIRD_PARTY = "third_party", _("Third party (Art. 32)")
    AGENCY = "agency", _("Other agency (Arts 33, 34)")


class ConsultationResult(models.TextChoices):
    CONSENTED = "consented", _("Consented")
    OBJECTED = "objected", _("Objected with reasons")
    NO_REPLY = "no_reply", _("No reply within the period")


class FeeMethod(models.TextChoices):
    """费用办法 Art. 3: per item or per page, never both."""

    PER_ITEM = "per_item", _("Per item (per calendar month)")
    PER_PAGE = "per_page", _("Per page (per request)")


class ExtensionStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting approval")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


class ReplyStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    APPROVED = "approved", _("Approved and sent")
