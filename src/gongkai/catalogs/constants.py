"""Vocabulary of the standard catalogs (应急厅函〔2019〕390号 guideline tables)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Domain(models.TextChoices):
    PRODUCTION_SAFETY = "production_safety", _("Production safety")
    DISASTER_RELIEF = "disaster_relief", _("Disaster relief")


class Audience(models.TextChoices):
    PUBLIC = "public", _("The public")  # 全社会
    SPECIFIC_GROUP = "specific_group", _("Specific group")  # 特定群体


class Mode(models.TextChoices):
    PROACTIVE = "proactive", _("Proactive")  # 主动
    ON_REQUEST = "on_request", _("On request")  # 依申请


class Level(models.TextChoices):
    COUNTY = "county", _("County")  # 县级
    TOWNSHIP = "township", _("Township")  # 乡级


class ItemSource(models.TextChoices):
    GUIDELINE = "guideline", _("Guideline catalog")
    DUTY_LIST = "duty_list", _("Duty list")  # 权责清单
    PUBLIC_SERVICE_LIST = "public_service_list", _("Public service list")  # 公共服务事项清单
    LOCAL = "local", _("Added by the bureau")


# The 2019 ministry checklist of channels (公开渠道和载体), 13 boxes, in table order.
CHANNELS = [
    "政府网站",
    "政府公报",
    "两微一端",
    "发布会/听证会",
    "广播电视",
    "纸质媒体",
    "公开查阅点",
    "政务服务中心",
    "便民服务站",
    "入户/现场",
    "社区/企事业单位/村公示栏（电子屏）",
    "精准推送",
    "其他",
]
# Spellings seen in republished tables that mean the same box.
CHANNEL_ALIASES = {
    "发布会": "发布会/听证会",
    "社区/企事业单位、村公示栏(电子屏)": "社区/企事业单位/村公示栏（电子屏）",
    "社区/企事业单位、村公示栏（电子屏）": "社区/企事业单位/村公示栏（电子屏）",
    "社区/企事业单位/村公示栏(电子屏)": "社区/企事业单位/村公示栏（电子屏）",
    "政务新媒体": "两微一端",
    "提供政务服务的场所": "政务服务中心",
}
AUDIENCE_LABELS = {"全社会": Audience.PUBLIC, "特定群体": Audience.SPECIFIC_GROUP, "特定群众": Audience.SPECIFIC_GROUP}
MODE_LABELS = {"主动": Mode.PROACTIVE, "依申请": Mode.ON_REQUEST}
LEVEL_LABELS = {"县级": Level.COUNTY, "乡级": Level.TOWNSHIP, "乡、村级": Level.TOWNSHIP, "镇级": Level.TOWNSHIP}


class CatalogStatus(models.TextChoices):
    """Where a bureau's catalog stands in the review workflow (notice 二.(一))."""

    NOT_STARTED = "not_started", _("Not started")
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted for review")  # to the county government reviewer
    RETURNED = "returned", _("Returned with opinions")
    RESUBMITTED = "resubmitted", _("Submitted for approval")  # revised, submitted for approval
    APPROVED = "approved", _("Approved")
    PUBLISHED = "published", _("Published")
