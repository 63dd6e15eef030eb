"""Demo records for the Jiaozuo demo (called by `manage.py load_demo` after the catalogs demo).

For every bureau whose catalog has a published version: several years of published records
under its catalog items (penalty decisions, inspection plans, licensing results, relief fund
notices, policies each paired with its interpretation, …), numbered with the index-number
scheme in publication order, a few withdrawn with a reason, some repealed or amended and
replaced, and a handful of drafts and records in review whose time limit has passed (overdue)
or is close (due soon). Bulk-created for speed (no per-record revisions); the search index is
rebuilt at the end. A bureau that already has records is left unchanged, so loading twice
changes nothing. Bodies are written so that the personal-data screener finds nothing.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from gongkai.organizations.models import Bureau
from gongkai.records import deadlines, numbering
from gongkai.records.catalog_access import publishable_items
from gongkai.records.constants import Genre, InterpretationForm, RecordStatus, Subject, Validity
from gongkai.records.models import IndexCounter, Record, SystemToken

FIRST_YEAR = 2021
RECORDS_PER_YEAR = 60  # per bureau; with the interpretations about 5,000 published records in all
SEED = 20200715

COMPANIES = [
    "建材有限公司",
    "化工有限责任公司",
    "煤业有限公司",
    "机械制造有限公司",
    "物流有限公司",
    "食品有限公司",
    "矿业有限公司",
    "新材料科技有限公司",
    "烟花爆竹经营部",
    "加油站",
    "铸造有限公司",
    "纸业有限公司",
]
PLACES = ["城关镇", "七贤镇", "郇封镇", "周庄镇", "五里源乡", "西村乡", "王屯乡", "岸上乡", "云台山镇", "方庄镇"]
VIOLATIONS = [
    ("未按规定对从业人员进行安全生产教育和培训", "《中华人民共和国安全生产法》第九十七条第三项", "罚款人民币二万元"),
    (
        "未在有较大危险因素的生产经营场所设置明显的安全警示标志",
        "《中华人民共和国安全生产法》第九十九条第一项",
        "责令限期改正，罚款人民币一万五千元",
    ),
    ("未建立安全风险分级管控制度", "《中华人民共和国安全生产法》第一百零一条第四项", "罚款人民币三万元"),
    (
        "特种作业人员未按照规定经专门的安全作业培训并取得相应资格上岗作业",
        "《中华人民共和国安全生产法》第九十七条第七项",
        "罚款人民币二万五千元",
    ),
    ("未如实记录安全生产教育和培训情况", "《中华人民共和国安全生产法》第九十七条第四项", "罚款人民币一万元"),
]
POLICY_TOPICS = [
    "安全生产举报奖励实施办法",
    "安全生产约谈实施办法",
    "自然灾害救助资金管理办法",
    "安全生产责任保险实施细则",
    "生产安全事故应急预案管理办法",
    "防汛抗旱应急预案",
    "安全生产“双重预防”体系建设实施方案",
    "应急物资储备管理办法",
    "安全生产专项整治三年行动实施方案",
    "森林防灭火工作实施意见",
    "危险化学品安全专项整治实施方案",
    "基层应急管理能力提升实施意见",
]
STANDARDS = [
    "危险化学品重大危险源辨识",
    "生产经营单位生产安全事故应急预案编制导则",
    "企业职工伤亡事故分类",
    "避难场所设置规范",
]
FORMS = list(InterpretationForm.values)


def _p(*paragraphs: str) -> str:
    return "".join(f"<p>{p}</p>" for p in paragraphs)


@dataclass
class Draft:
    item: object
    title: str
    body: str
    genre: str
    subject: str
    art20_item: int | None
    document_number: str = ""
    is_policy: bool = False
    requires_interpretation: bool = False
    interpretation_form: str = ""
    summary: str = ""
    keywords: str = ""


class Writer:
    """Writes plausible records for the items of one bureau."""

    def __init__(self, bureau, rng: random.Random):
        self.bureau, self.rng = bureau, rng
        self.short = bureau.short_name.replace("焦作市城乡一体化示范区", "示范区")
        self.abbr = self.short[0] if not self.short.endswith("局") else "焦"
        self.counter: dict[str, int] = {}

    def number(self, kind: str, year: int) -> str:
        key = f"{kind}{year}"
        self.counter[key] = self.counter.get(key, 0) + 1
        return f"{self.abbr}{kind}〔{year}〕{self.counter[key]}号"

    def place(self) -> str:
        return self.rng.choice(PLACES)

    def record(self, item, day: dt.date) -> Draft:
        name, year, month = item.level2, day.year, day.month
        r = self.rng
        if name == "行政处罚":
            violation, basis, penalty = r.choice(VIOLATIONS)
            company = f"{self.short}{r.choice(['宏达', '鑫源', '恒信', '华润', '永安', '昌盛', '金鼎', '瑞丰'])}{r.choice(COMPANIES)}"
            number = self.number("应急罚", year)
            return Draft(
                item,
                f"{self.bureau.name}行政处罚决定书（{number}）",
                _p(
                    f"当事人：{company}，地址：{self.short}{self.place()}工业园区。",
                    f"经查，当事人{violation}。以上事实有现场检查记录、询问笔录等证据为证。",
                    f"当事人的上述行为违反了{basis.replace('第九十七条第三项', '第二十八条').split('第')[0]}的有关规定，依据{basis}的规定，决定给予{penalty}的行政处罚。",
                    "当事人如不服本处罚决定，可以在收到本决定书之日起六十日内依法申请行政复议，或者在六个月内依法向人民法院提起行政诉讼。",
                ),
                Genre.PENALTY_DECISION,
                Subject.LAW_ENFORCEMENT,
                6,
                number,
                keywords="行政处罚 安全生产",
            )
        if name == "行政检查":
            if month <= 2:
                return Draft(
                    item,
                    f"{self.bureau.name}{year}年度安全生产监督检查计划",
                    _p(
                        f"为贯彻落实《中华人民共和国安全生产法》，结合本辖区实际，制定{year}年度安全生产监督检查计划。",
                        "检查对象包括危险化学品、非煤矿山、烟花爆竹、工贸等行业领域生产经营单位，重点检查安全生产责任制落实、隐患排查治理和应急预案管理情况。",
                    ),
                    Genre.PLAN,
                    Subject.PRODUCTION_SAFETY,
                    13,
                    self.number("应急", year),
                )
            return Draft(
                item,
                f"{year}年{month}月安全生产执法检查情况通报",
                _p(
                    f"{month}月，我局共检查生产经营单位{r.randint(18, 60)}家次，发现一般事故隐患{r.randint(40, 180)}处，已整改{r.randint(30, 170)}处。",
                    f"对{self.place()}等地区存在的突出问题，已责令相关单位限期整改，并将适时组织复查。",
                ),
                Genre.BULLETIN,
                Subject.PRODUCTION_SAFETY,
                13,
            )
        if name == "行政许可":
            return Draft(
                item,
                f"{year}年{month}月危险化学品经营许可证核发情况公示",
                _p(
                    f"根据《危险化学品经营许可证管理办法》，现将{year}年{month}月危险化学品经营许可证核发情况予以公示。",
                    f"本月共受理申请{r.randint(2, 9)}件，准予许可{r.randint(1, 8)}件，均在法定时限内办结。",
                ),
                Genre.ANNOUNCEMENT,
                Subject.ADMINISTRATIVE_LICENSING,
                5,
            )
        if name == "行政强制":
            return Draft(
                item,
                f"关于对{self.place()}部分生产经营单位采取查封扣押措施的公告",
                _p(
                    "因相关生产经营单位存在重大事故隐患且拒不整改，依据《中华人民共和国安全生产法》第七十条，我局依法采取查封、扣押措施。",
                    "当事人对行政强制措施不服的，可依法申请行政复议或者提起行政诉讼。",
                ),
                Genre.ANNOUNCEMENT,
                Subject.LAW_ENFORCEMENT,
                6,
            )
        if name == "安全生产举报受理":
            quarter = (month - 1) // 3 + 1
            return Draft(
                item,
                f"{year}年第{quarter}季度安全生产举报受理及办理情况",
                _p(
                    f"{year}年第{quarter}季度，我局通过12350举报电话、网络平台等渠道共受理安全生产举报{r.randint(5, 40)}件，已全部按规定办结。",
                    f"经核查属实{r.randint(1, 12)}件，已依法处理并兑现举报奖励。",
                ),
                Genre.REPORT,
                Subject.PRODUCTION_SAFETY,
                13,
            )
        if name == "法律法规":
            law = r.choice(
                [
                    "《中华人民共和国安全生产法》",
                    "《中华人民共和国突发事件应对法》",
                    "《自然灾害救助条例》",
                    "《生产安全事故应急条例》",
                ]
            )
            return Draft(
                item,
                f"关于认真学习贯彻{law}的通知",
                _p(
                    f"各乡镇（街道）、各有关单位：为深入学习贯彻{law}，现就有关事项通知如下。",
                    "一、提高思想认识。二、抓好宣传培训。三、严格贯彻落实。",
                ),
                Genre.NOTICE,
                Subject.GENERAL_AFFAIRS,
                1,
                self.number("应急", year),
            )
        if name == "标准":
            return Draft(
                item,
                f"{r.choice(STANDARDS)}标准文本（{year}年版）",
                _p(
                    "现将有关国家标准、行业标准文本予以公开，供生产经营单位和社会公众查阅。",
                ),
                Genre.OTHER,
                Subject.PRODUCTION_SAFETY,
                15,
            )
        if name == "重大决策草案":
            topic = r.choice(POLICY_TOPICS)
            return Draft(
                item,
                f"关于公开征求《{self.short}{topic}（征求意见稿）》意见的公告",
                _p(
                    f"为提高决策的科学性和透明度，现将《{self.short}{topic}（征求意见稿）》向社会公开征求意见。",
                    "征求意见期限为30日，公众可通过电子邮件或信函方式提出意见建议。",
                ),
                Genre.ANNOUNCEMENT,
                Subject.PLANNING,
                3,
            )
        if name == "重要会议":
            return Draft(
                item,
                f"关于召开{year}年第{r.randint(1, 4)}次安全生产委员会全体会议的预告",
                _p(
                    "会议将听取全县安全生产形势分析，研究部署下一阶段安全生产重点工作，并邀请公众代表列席。",
                ),
                Genre.NOTICE,
                Subject.GENERAL_AFFAIRS,
                15,
            )
        if name == "自然灾害生活救助":
            season = "冬春" if month in (11, 12, 1, 2, 3) else "过渡期"
            return Draft(
                item,
                f"{year}年{season}生活救助资金发放情况公示",
                _p(
                    f"根据《自然灾害救助条例》，现将{year}年{season}受灾群众生活救助资金发放情况予以公示。",
                    f"共救助受灾群众{r.randint(300, 3000)}人次，发放救助资金{r.randint(30, 300)}万元，资金已通过“一卡通”发放到户。",
                ),
                Genre.ANNOUNCEMENT,
                Subject.DISASTER_RELIEF,
                11,
            )
        if name == "救灾款物使用情况":
            return Draft(
                item,
                f"{year}年度救灾捐赠款物接收及使用情况",
                _p(
                    f"{year}年，我局共接收救灾捐赠款{r.randint(10, 200)}万元、物资折价{r.randint(5, 80)}万元，已按捐赠意愿全部用于受灾群众救助。",
                ),
                Genre.REPORT,
                Subject.DISASTER_RELIEF,
                7,
            )
        if name == "综合减灾示范社区":
            return Draft(
                item,
                f"{year}年度综合减灾示范社区创建名单",
                _p(
                    f"经评审，{self.place()}等{r.randint(2, 6)}个社区达到综合减灾示范社区创建标准，现予公布。",
                ),
                Genre.ANNOUNCEMENT,
                Subject.DISASTER_RELIEF,
                12,
            )
        # 其他政策文件, 部门和地方规章, and anything else: a policy document (paired with its interpretation).
        topic = r.choice(POLICY_TOPICS)
        number = self.number("应急", year)
        return Draft(
            item,
            f"关于印发《{self.short}{topic}》的通知",
            _p(
                f"各乡镇（街道）、各有关单位：现将《{self.short}{topic}》印发给你们，请认真贯彻执行。",
                "第一条 为规范工作程序，明确工作职责，根据有关法律法规，结合本地实际，制定本办法。",
                "第二条 本办法适用于本行政区域内的相关工作。",
            ),
            Genre.REGULATION,
            Subject.PRODUCTION_SAFETY if "灾" not in topic else Subject.DISASTER_RELIEF,
            1,
            number,
            is_policy=True,
            requires_interpretation=True,
            summary=f"{self.short}{topic}全文。",
        )

    def interpretation(self, item, policy: Draft) -> Draft:
        name = policy.title.split("《")[1].split("》")[0] if "《" in policy.title else policy.title
        form = self.rng.choice(FORMS)
        return Draft(
            item,
            f"《{name}》政策解读",
            _p(
                f"一、制定背景。为贯彻落实上级部署，{self.bureau.name}制定了《{name}》。",
                "二、主要内容。明确了适用范围、职责分工、工作程序和保障措施。",
                "三、创新举措。建立了闭环管理机制，强化了监督考核。",
            ),
            Genre.INTERPRETATION,
            policy.subject,
            1,
            interpretation_form=form,
        )


def _day_in(year: int, today: dt.date, rng: random.Random) -> dt.date:
    start = dt.date(year, 1, 2)
    end = min(dt.date(year, 12, 28), today - dt.timedelta(days=1))
    return start + dt.timedelta(days=rng.randint(0, max((end - start).days, 0)))


def _at(day: dt.date, rng: random.Random) -> dt.datetime:
    return timezone.make_aware(dt.datetime(day.year, day.month, day.day, rng.randint(8, 17), rng.randint(0, 59)))


def _instance(bureau, draft: Draft, *, status, event_date, published_at=None, cal=None) -> Record:
    record = Record(
        bureau=bureau,
        catalog_item=draft.item,
        title=draft.title,
        summary=draft.summary,
        body=draft.body,
        keywords=draft.keywords,
        document_number=draft.document_number,
        issuing_body=bureau.name,
        date_written=event_date,
        event_date=event_date,
        published_at=published_at,
        subject=draft.subject,
        genre=draft.genre,
        art20_item=draft.art20_item,
        is_policy=draft.is_policy,
        requires_interpretation=draft.requires_interpretation,
        interpretation_form=draft.interpretation_form,
        status=status,
        status_changed_at=published_at or timezone.now(),
        approved_at=published_at,
    )
    key = (draft.item.pk, event_date)
    if key not in _DUE_CACHE:  # the calendar walk is the slow part; a demo has few distinct dates
        due = deadlines.record_due(record, cal)
        _DUE_CACHE[key] = (due.date, due.provisional)
    record.due_date, record.due_provisional = _DUE_CACHE[key]
    return record


_DUE_CACHE: dict = {}


def _load_bureau(bureau, items, *, today, cal, rng) -> dict:
    writer = Writer(bureau, rng)
    by_name = {}
    for item in items:
        by_name.setdefault(item.level2, item)
    regular = [i for i in items if "解读" not in i.level2]
    interp_item = by_name.get("重大政策解读") or by_name.get("重大政策解读及回应")
    published: list[tuple[Record, Record | None]] = []  # (record, its policy when it is an interpretation)
    for year in range(FIRST_YEAR, today.year + 1):
        count = RECORDS_PER_YEAR if year < today.year else max(RECORDS_PER_YEAR * today.timetuple().tm_yday // 366, 10)
        for _ in range(count):
            item = rng.choice(regular)
            day = _day_in(year, today, rng)
            late = rng.random() < 0.07
            event = day - dt.timedelta(days=rng.randint(32, 60) if late else rng.randint(0, 14))
            draft = writer.record(item, event)
            at = _at(day, rng)
            record = _instance(bureau, draft, status=RecordStatus.PUBLISHED, event_date=event, published_at=at, cal=cal)
            published.append((record, None))
            if draft.is_policy:
                paired = writer.interpretation(interp_item or item, draft)
                published.append(
                    (
                        _instance(
                            bureau, paired, status=RecordStatus.PUBLISHED, event_date=event, published_at=at, cal=cal
                        ),
                        record,
                    )
                )
    # Index numbers in publication order, per year; a policy's interpretation right after it.
    published.sort(key=lambda pair: (pair[0].published_at, pair[1] is not None))
    sequences: dict[int, int] = {}
    for record, _policy in published:
        year = timezone.localdate(record.published_at).year
        sequences[year] = sequences.get(year, 0) + 1
        record.index_year, record.index_sequence = year, sequences[year]
        record.index_number = numbering.format_index_number(bureau, year, sequences[year])
    policies = [r for r, p in published if p is None]
    Record.objects.bulk_create(policies, batch_size=500)
    interpretations = []
    for record, policy in published:
        if policy is not None:
            record.interprets_id = policy.pk
            interpretations.append(record)
    Record.objects.bulk_create(interpretations, batch_size=500)
    IndexCounter.objects.bulk_create(
        [IndexCounter(bureau=bureau, year=y, last_sequence=n) for y, n in sequences.items()]
    )

    # Some older regulations repealed or amended by a newer one on the same item.
    regulations = sorted((r for r in policies if r.is_policy), key=lambda r: r.published_at)
    changed = 0
    for old in regulations[: len(regulations) // 3 : 4]:
        newer = next(
            (r for r in regulations if r.published_at > old.published_at and r.catalog_item_id == old.catalog_item_id),
            None,
        )
        if newer is not None:
            Record.objects.filter(pk=old.pk).update(
                validity=Validity.REPEALED if changed % 2 == 0 else Validity.AMENDED, replaced_by=newer
            )
            changed += 1
    # A few withdrawn, with their public reason.
    withdrawn = 0
    penalties = [r for r in policies if r.genre == Genre.PENALTY_DECISION]
    for record in rng.sample(penalties, min(2, len(penalties))):
        Record.objects.filter(pk=record.pk).update(
            status=RecordStatus.WITHDRAWN,
            withdrawn_at=record.published_at + dt.timedelta(days=12),
            withdrawal_reason="该行政处罚决定经行政复议被依法撤销，根据《中华人民共和国行政处罚法》第四十八条撤回公开。",
        )
        withdrawn += 1
    # Work in progress: overdue and due-soon drafts and records in review.
    pending = []
    for k in range(4):
        item = rng.choice(regular)
        event = today - dt.timedelta(days=45 + 10 * k) if k < 3 else today - dt.timedelta(days=24)
        draft = writer.record(item, event)
        draft.is_policy = draft.requires_interpretation = False
        status = RecordStatus.DRAFT if k % 2 == 0 else RecordStatus.IN_REVIEW
        pending.append(_instance(bureau, draft, status=status, event_date=event, cal=cal))
    Record.objects.bulk_create(pending)
    return {"published": len(published), "withdrawn": withdrawn, "replaced": changed, "pending": len(pending)}


def load_demo(stdout=None) -> None:
    today = timezone.localdate()
    rng = random.Random(SEED)
    cal = deadlines.calendar(range(FIRST_YEAR - 1, today.year + 2))
    totals = {"bureaus": 0, "published": 0, "withdrawn": 0, "replaced": 0, "pending": 0, "skipped": 0}
    for bureau in Bureau.objects.disclosing().order_by("sort_order", "code"):
        items = list(publishable_items(bureau).order_by("domain", "position", "pk"))
        if not items:
            totals["skipped"] += 1  # no published catalog: nothing can be published yet
            continue
        if Record.objects.filter(bureau=bureau).exists():
            continue
        with transaction.atomic():
            counts = _load_bureau(bureau, items, today=today, cal=cal, rng=rng)
        totals["bureaus"] += 1
        for key, value in counts.items():
            totals[key] += value
    token_line = _demo_token()
    problem = _reindex()
    if stdout is not None:
        stdout.write(
            "Records: {published} published in {bureaus} bureaus ({withdrawn} withdrawn, {replaced} repealed or amended), "
            "{pending} in progress; {skipped} bureaus without a published catalog skipped.".format(**totals)
        )
        if token_line:
            stdout.write(token_line)
        if problem:
            stdout.write(f"Records: the search index was not rebuilt ({problem}); rebuild it once search works.")


def _demo_token() -> str:
    """A business-system token for 修武县 (shown once), for trying the records API."""
    from gongkai.accounts.models import User
    from gongkai.records.services import system_token_create

    bureau = Bureau.objects.filter(code="xiuwu").first()
    leader = User.objects.filter(username="xiuwu-leader").first()
    if bureau is None or leader is None or SystemToken.objects.filter(bureau=bureau).exists():
        return ""
    _token, raw = system_token_create(
        acting_user=leader, bureau=bureau, name="执法信息系统（演示）", scopes=["records:write", "records:publish"]
    )
    return f"Records: demo business-system token of 修武县 (records:write, records:publish): {raw}"


def _reindex() -> str:
    """Rebuild the search index from the published records; returns a problem, or "" when done."""
    from django.db import DatabaseError

    from gongkai.records import indexing

    try:
        with transaction.atomic():
            indexing.reindex_all()
    except (DatabaseError, RuntimeError, AttributeError) as exc:  # the demo must load even if search is broken
        return f"{type(exc).__name__}: {exc}"
    return ""
