"""One mask per kind of personal data (gongkai.screening.masking), used by the screen and by
the FOI screens, receipts and notification logs alike."""

import pytest

from gongkai.core import messaging as notifications
from gongkai.foi_requests.admin_views import mask_name
from gongkai.foi_requests.validation import mask_id_number
from gongkai.screening.masking import BANK_CARD, DOCUMENT, EMAIL, ID_NUMBER, MOBILE, NAME, PHONE, mask_value
from gongkai.screening.pii import mask

ID = "410823198503121236"


@pytest.mark.parametrize(
    ("kind", "value", "masked"),
    [
        (ID_NUMBER, ID, "410823********1236"),
        (ID_NUMBER, "410823850312123", "410823*****2123"),
        (ID_NUMBER, "４１０８２３１９８５０３１２１２３６", "410823********1236"),
        (DOCUMENT, "E12345678", "E1*****78"),
        (DOCUMENT, "1234", "****"),
        (MOBILE, "138-1234-5678", "138****5678"),
        (PHONE, "0391-3561234", "039****1234"),
        (PHONE, "12", "**"),
        (BANK_CARD, "6222 0202 0011 2233 445", "6222****3445"),
        (NAME, "张三", "张某"),
        (NAME, "张三丰", "张某某"),
        (NAME, "欧阳娜娜", "欧阳某某"),
        (NAME, "焦作市宏达化工有限公司", "焦某某"),
        (EMAIL, "zhangsan@example.com", "zh***@example.com"),
        (EMAIL, "ab@example.com", "a***@example.com"),
        (NAME, "", ""),
    ],
)
def test_one_mask_per_kind(kind, value, masked):
    assert mask_value(kind, value) == masked


def test_foi_screens_and_logs_use_the_screening_masks():
    assert mask_name("王小明") == mask_value(NAME, "王小明") == "王某某"
    assert mask("申请人：王小明，男") == "申请人：王某某，男"  # the screen's mask of the same name
    assert notifications.mask_phone("13800138000") == mask_value(MOBILE, "13800138000") == "138****8000"
    assert notifications.mask_email("zhangsan@example.com") == mask_value(EMAIL, "zhangsan@example.com")
    assert mask_id_number("resident_id", ID) == mask_value(ID_NUMBER, ID)
    assert mask_id_number("passport", "E12345678") == mask_value(DOCUMENT, "E12345678")


def test_unknown_kind_is_an_error():
    with pytest.raises(ValueError):
        mask_value("address", "焦作市")
