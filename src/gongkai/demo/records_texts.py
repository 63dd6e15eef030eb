"""The texts of the demo records: plausible titles and bodies per catalog item (`Writer`).

Penalty decisions, inspection plans and bulletins, licensing results, enforcement notices, reports on
complaints, law and standard notices, consultation drafts, meeting notices, relief fund notices and
policies each paired with its interpretation; document numbers in each bureau's style. Bodies are
written so that the personal-data screener finds nothing (`demo.records` checks it for every record).
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from gongkai.records.constants import Genre, InterpretationForm, Subject

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
