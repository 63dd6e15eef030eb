"""Jiaozuo demo data: the city bureau, its 11 county-level units and their review offices.

Sources: ../shared/data/standard-catalogs/jiaozuo.md (division list, 2020). Addresses, phone
numbers, leaders and credit codes are fictitious demo values (credit codes carry a valid check
character so that validation passes); nothing here is specific to the code base.
"""

from gongkai.organizations.validators import uscc_check_character

CITY = {
    "code": "jiaozuo",
    "name": "焦作市应急管理局",
    "short_name": "焦作市局",
    "division_code": "410800",
    "address": "焦作市解放区人民路（示例地址）",
    "leader_name": "王示例",
    "leader_title": "副局长（分管政务公开）",
}

# (code, division name, division code, kind label). The 示范区 is a functional zone, not an
# administrative division, so it carries the city's division code.
COUNTIES = [
    ("jiefang", "解放区", "410802"),
    ("zhongzhan", "中站区", "410803"),
    ("macun", "马村区", "410804"),
    ("shanyang", "山阳区", "410811"),
    ("xiuwu", "修武县", "410821"),
    ("boai", "博爱县", "410822"),
    ("wuzhi", "武陟县", "410823"),
    ("wenxian", "温县", "410825"),
    ("qinyang", "沁阳市", "410882"),
    ("mengzhou", "孟州市", "410883"),
    ("shifanqu", "焦作市城乡一体化示范区", "410800"),
]

SURNAMES = "李张刘陈杨赵黄周吴徐孙"


def demo_credit_code(division_code: str, index: int) -> str:
    # 1 = 机构编制 registration, 1 = 机关; then division code and a fictitious organization code.
    first17 = f"11{division_code}{index:09d}"
    return first17 + uscc_check_character(first17)


def bureau_name(division: str) -> str:
    if division.endswith("示范区"):
        return f"{division}应急管理局"
    return f"{division}应急管理局"


def government_name(division: str) -> str:
    if division.endswith("示范区"):
        return f"{division}管理委员会办公室"
    return f"{division}人民政府办公室"


def guide_html(bureau) -> str:
    return (
        f"<h2>一、主动公开</h2><p>{bureau.name}按照《中华人民共和国政府信息公开条例》和安全生产、救灾领域基层政务公开标准目录，"
        "通过本平台、政务新媒体、政务服务中心和公开查阅点主动公开政府信息。信息自形成或者变更之日起20个工作日内予以公开。</p>"
        "<h2>二、依申请公开</h2><p>公民、法人或者其他组织可以通过本平台在线申请、信函或者当面提交申请。"
        "本机关自收到申请之日起20个工作日内予以答复；需要延长答复期限的，经政府信息公开工作机构负责人同意并告知申请人，"
        "延长的期限最长不超过20个工作日。</p>"
        f"<h2>三、政府信息公开工作机构</h2><p>名称：{bureau.disclosure_office}<br>地址：{bureau.address}<br>"
        f"办公时间：{bureau.office_hours}<br>联系电话：{bureau.disclosure_phone}</p>"
        "<h2>四、监督和救济</h2><p>公民、法人或者其他组织认为本机关在政府信息公开工作中侵犯其合法权益的，"
        "可以向上一级行政机关或者政府信息公开工作主管部门投诉、举报，也可以依法申请行政复议或者提起行政诉讼。</p>"
    )


RULES_HTML = (
    "<p>本机关建立健全政府信息公开审查、发布、保密审查和更正制度：</p><ol>"
    "<li>信息发布前由信息员起草、科室负责人审核、分管领导审签（“先审后发”）；</li>"
    "<li>拟公开信息发布前进行保密审查和个人信息筛查，涉及个人隐私的依法处理；</li>"
    "<li>政策文件与解读材料同步组织、同步审签、同步部署；</li>"
    "<li>每年1月31日前报送上一年度政府信息公开工作年度报告。</li></ol>"
)
