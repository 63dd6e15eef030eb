import pytest
from django.core.exceptions import ValidationError

from gongkai.organizations.validators import is_valid_uscc, uscc_check_character, validate_uscc


@pytest.mark.parametrize("code", ["91350100M000100Y43", "91110000802100433B"])
def test_known_good_credit_codes_are_valid(code):
    assert is_valid_uscc(code)


def test_credit_code_with_wrong_check_character_is_rejected():
    good = "91350100M000100Y43"
    bad = good[:-1] + ("4" if good[-1] != "4" else "5")
    assert not is_valid_uscc(bad)
    with pytest.raises(ValidationError) as err:
        validate_uscc(bad)
    assert err.value.code == "invalid_uscc"


@pytest.mark.parametrize("code", ["", "123", "91350100M000100Y4I", "91350100M000100Y433"])
def test_malformed_credit_codes_are_rejected(code):
    assert not is_valid_uscc(code)


def test_check_character_round_trip():
    first17 = "11410821000000015"
    assert is_valid_uscc(first17 + uscc_check_character(first17))
