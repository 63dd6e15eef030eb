"""Every public form, rendered in zh-hans, labels its fields with the words a citizen understands.

The labels are read from the rendered pages (<label> and <legend> in <main>, "(required)" left out) and
compared with the expected list, so a msgid reused in another sense (the applicant's identity document
number once showed the records' 发文字号) fails here. Ambiguous msgids carry a context (pgettext).
"""

import html
import re

import pytest
from django.urls import reverse

from gongkai.foi_requests.forms_public import SupplementForm, TrackCodeForm, WithdrawForm
from gongkai.kiosk import views as kiosk_views

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("default_language")]

FOI_APPLY = [
    "申请人信息",  # legends of the groups, then the fields
    "申请人类型",
    "姓名或名称",
    "身份证件类型",
    "身份证件号码",  # once 发文字号: the records' document number
    "联系人",
    "联系方式",
    "电话",
    "电子邮箱",
    "通信地址",
    "邮政编码",
    "所需政府信息",
    "所需政府信息的描述",
    "文号（如知道）",
    "用途（选填）",
    "信息的提供方式",  # once 获取信息的途径 twice (the group and its field)
    "信息的载体形式",
    "纸质",
    "电子",
    "获取信息的途径",
    "电子邮件",  # delivered by e-mail; the field above is the address (电子邮箱)
    "邮寄",
    "当面领取",
    "网上下载",
    "附件（选填）",
]
KIOSK_APPLY = [label for label in FOI_APPLY if label not in ("联系人", "附件（选填）")]
FOI_TRACK = ["申请编号", "验证码发送至", "申请中填写的电子邮箱", "手机号码（短信）"]
SEARCH = ["搜索词", "单位", "年份", "体裁分类", "有效性", "排序方式"]
HEADER_SEARCH = ["搜索公开信息"]
SIGN_UP = ["姓名", "电子邮箱", "手机号码（选填）", "密码", "再次输入密码"]
SIGN_IN = ["电子邮箱", "密码"]
KIOSK_ASK = ["单位", "姓名", "联系电话或电子邮箱", "标题", "咨询内容", "同意公开咨询内容及答复（不公开姓名和联系方式）"]
KIOSK_SEARCH = ["搜索词"]


def labels(page: str, part: str = "main") -> list[str]:
    """The text of every <label> and <legend> inside <main> (or the <header>)."""
    start = "<main" if part == "main" else '<header class="site-header">'
    end = "</main>" if part == "main" else "</header>"
    inside = page.split(start, 1)[1].split(end, 1)[0]
    found = []
    for match in re.finditer(r"<(label|legend)\b[^>]*>(.*?)</\1>", inside, re.S):
        text = re.sub(r'<span class="required">.*?</span>|<select\b.*?</select>', "", match.group(2), flags=re.S)
        found.append(re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", "", text))).strip())
    return found


def page(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def test_the_foi_form_labels_the_applicants_identity_document_not_a_document_number(client, xiuwu):
    found = labels(page(client, reverse("foi:apply", kwargs={"code": "xiuwu"})))
    assert found == FOI_APPLY
    assert "发文字号" not in found


def test_tracking_search_and_applicant_forms_in_zh_hans(client, xiuwu):
    assert labels(page(client, reverse("foi:track"))) == FOI_TRACK
    search = page(client, reverse("records:search"))
    assert labels(search) == SEARCH
    assert labels(search, "header") == HEADER_SEARCH
    assert labels(page(client, reverse("applicant:signup"))) == SIGN_UP
    assert labels(page(client, reverse("applicant:login"))) == SIGN_IN


def test_kiosk_forms_in_zh_hans(client, xiuwu, monkeypatch):
    assert labels(page(client, reverse("kiosk:apply_bureau", kwargs={"code": "xiuwu"}))) == KIOSK_APPLY
    assert labels(page(client, reverse("kiosk:search"))) == KIOSK_SEARCH
    monkeypatch.setattr(kiosk_views, "inquiries_available", lambda: True)
    assert labels(page(client, reverse("kiosk:ask"))) == KIOSK_ASK


def test_the_forms_of_the_applicants_status_page_in_zh_hans():
    # Rendered on pages that need a verified tracking session: their fields' labels, in zh-hans.
    assert [str(f.label) for f in TrackCodeForm().fields.values()] == ["动态验证码"]
    assert [str(f.label) for f in SupplementForm().fields.values()] == ["补正内容", "附件（选填）"]
    assert [str(f.label) for f in WithdrawForm().fields.values()] == ["理由（选填）"]
