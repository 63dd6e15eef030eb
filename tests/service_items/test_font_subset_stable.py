"""The embedded CJK subset must not carry the moment it was made: a published PDF rendered again in
another process (publish_site --check, a rebuild) must give the same bytes."""

import pytest
from fontTools.ttLib.tables import _h_e_a_d

from gongkai.service_items import fonts

pytestmark = pytest.mark.skipif(fonts.noto_path() is None, reason="fonts-noto-cjk is not installed")


def test_font_subset_has_the_same_bytes_whenever_it_is_made(monkeypatch):
    monkeypatch.setattr(_h_e_a_d, "timestampNow", lambda: 3_000_000_000)
    first = fonts.subset_truetype("应急管理局政务公开", "NotoSansSC-test")
    monkeypatch.setattr(_h_e_a_d, "timestampNow", lambda: 3_900_000_000)
    second = fonts.subset_truetype("应急管理局政务公开", "NotoSansSC-test")
    assert first == second
