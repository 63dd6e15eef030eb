import pytest

from gongkai.core.models import SiteSetting


@pytest.fixture
def identity(db):
    """The platform settings with every identity field of the footer filled."""
    return SiteSetting.objects.create(
        platform_name="测试市应急管理政务公开平台",
        platform_name_en="Test City Disclosure Platform",
        organizer="测试市应急管理局",
        operator="测试市应急管理局办公室",
        contact_phone="0391-1234567",
        site_code="4108000001",
        icp_number="豫ICP备12345678号",
        public_security_number="豫公网安备41080002000001号",
        error_report_url="https://zfwzzc.www.gov.cn/",
    )
