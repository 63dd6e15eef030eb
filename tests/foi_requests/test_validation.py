"""validation.py: the Art. 29 rules of a submission, ID numbers by type, text kept inert, attachments by content."""

import io

import pytest
from django.core.exceptions import ValidationError

from gongkai.foi_requests.validation import (
    ATTACHMENT_MAX_BYTES,
    check_file,
    check_files,
    clean_text,
    mask_id_number,
    validate_submission,
    validate_supplement_text,
)

ID18 = "410802198001011238"
USCC = "91410800MA4411111T"


def valid(**changes):
    data = {
        "applicant_type": "natural_person",
        "applicant_name": "张三",
        "id_document_type": "resident_id",
        "id_document_number": ID18,
        "phone": "13800138000",
        "email": "zhang@example.com",
        "description": "请公开2025年本局安全生产行政处罚决定书目录。",
        "delivery_form": "electronic",
        "delivery_channel": "online",
    }
    data.update(changes)
    return data


def codes(**changes) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as caught:
        validate_submission(valid(**changes))
    return {field: [e.code for e in errors] for field, errors in caught.value.error_dict.items()}


def test_valid_submission_is_cleaned():
    cleaned = validate_submission(
        valid(phone="+86 138-0013-8000", email="Zhang@Example.com", id_document_number=" 41080219800101123 8")
    )
    assert cleaned["phone"] == "13800138000"
    assert cleaned["email"] == "zhang@example.com"
    assert cleaned["id_document_number"] == ID18


def test_every_required_field_missing_is_reported_at_once():
    with pytest.raises(ValidationError) as caught:
        validate_submission({})
    errors = caught.value.error_dict
    for field in (
        "applicant_type",
        "applicant_name",
        "id_document_type",
        "id_document_number",
        "description",
        "delivery_form",
        "delivery_channel",
    ):
        assert [e.code for e in errors[field]] == ["required"], field
    assert [e.code for e in errors["phone"]] == ["contact_required"]


def test_blank_only_whitespace_counts_as_missing():
    assert codes(applicant_name="   \t ", description="\n\n")["applicant_name"] == ["required"]


@pytest.mark.parametrize(
    ("number", "code"),
    [
        ("410802198001011239", "id_number_checksum"),  # wrong check character
        ("41080219800101123", "id_number_format"),  # 17 characters
        ("41080219801301123X", "id_number_invalid"),  # month 13
        ("990802198001011238", "id_number_invalid"),  # no such province
        ("410802800101123", "id_number_obsolete"),  # valid first-generation 15-digit card
        ("ABCDEFGHIJKLMNOPQR", "id_number_format"),
    ],
)
def test_invalid_resident_id_number_is_refused_with_its_reason(number, code):
    assert codes(id_document_number=number) == {"id_document_number": [code]}


def test_fullwidth_resident_id_number_is_normalized():
    fullwidth = "".join(chr(ord(c) + 0xFEE0) for c in ID18)
    assert validate_submission(valid(id_document_number=fullwidth))["id_document_number"] == ID18


def test_organization_with_valid_uscc_is_accepted():
    cleaned = validate_submission(
        valid(applicant_type="org_commercial", id_document_type="uscc", id_document_number=USCC.lower())
    )
    assert cleaned["id_document_number"] == USCC


def test_invalid_uscc_is_refused():
    assert codes(applicant_type="org_research", id_document_type="uscc", id_document_number=USCC[:-1] + "0") == {
        "id_document_number": ["invalid_uscc"]
    }


def test_natural_person_may_not_use_uscc():
    assert codes(id_document_type="uscc", id_document_number=USCC) == {"id_document_type": ["uscc_for_person"]}


def test_organization_may_not_use_a_personal_id_card():
    assert codes(applicant_type="org_other") == {"id_document_type": ["org_document_type"]}


@pytest.mark.parametrize(
    ("document_type", "good", "bad"),
    [
        ("passport", "E12345678", "E1234-5678"),
        ("hk_macao_permit", "H12345678", "X12345678"),
        ("taiwan_permit", "12345678", "1234567"),
        ("foreign_permanent_residence", "USA123456789012", "US1234"),
    ],
)
def test_other_documents_are_checked_by_their_pattern(document_type, good, bad):
    assert validate_submission(valid(id_document_type=document_type, id_document_number=good))
    assert codes(id_document_type=document_type, id_document_number=bad) == {"id_document_number": ["id_format"]}


@pytest.mark.parametrize("phone", ["1380013800", "23800138000", "12345", "138-0013-800a"])
def test_malformed_phone_is_refused(phone):
    assert codes(phone=phone) == {"phone": ["phone_format"]}


@pytest.mark.parametrize("phone", ["13800138000", "0391-3561234", "03913561234", "010-12345678-123"])
def test_mobile_and_landline_numbers_are_accepted(phone):
    assert validate_submission(valid(phone=phone))


def test_malformed_email_is_refused():
    assert codes(email="not-an-email") == {"email": ["email_format"]}


def test_email_alone_is_enough_contact():
    assert validate_submission(valid(phone=""))


def test_post_delivery_needs_an_address_and_email_delivery_an_email():
    assert codes(delivery_channel="post") == {"postal_address": ["address_required"]}
    assert codes(delivery_channel="email", email="") == {"email": ["email_required"]}


def test_paper_cannot_be_sent_online():
    assert codes(delivery_form="paper", delivery_channel="online") == {"delivery_channel": ["paper_online"]}


def test_unknown_choice_is_refused():
    assert codes(applicant_type="robot") == {"applicant_type": ["invalid_choice"]}


def test_description_of_10000_characters_is_refused_with_the_limit():
    with pytest.raises(ValidationError) as caught:
        validate_submission(valid(description="应" * 10_000))
    (error,) = caught.value.error_dict["description"]
    assert error.code == "too_long"
    assert error.params == {"limit": 5000, "length": 10_000}


def test_description_of_5000_characters_is_accepted():
    assert len(validate_submission(valid(description="应" * 5000))["description"]) == 5000


def test_html_is_kept_as_plain_text_and_control_characters_are_removed():
    script = "<script>alert('x')</script><b>粗</b>"
    cleaned = validate_submission(valid(applicant_name=script, description=f"第一行\r\n{script}\x00\x07\u202e"))
    assert cleaned["applicant_name"] == script
    assert cleaned["description"] == f"第一行\n{script}"


def test_single_line_fields_lose_their_newlines():
    assert clean_text("张\n三\t", multiline=False) == "张 三"


def test_supplement_text_rules():
    assert validate_supplement_text(" 补充\x00说明 ") == "补充说明"
    with pytest.raises(ValidationError):
        validate_supplement_text("  ")
    with pytest.raises(ValidationError) as caught:
        validate_supplement_text("补" * 10_000)
    assert caught.value.error_dict["text"][0].code == "too_long"


# --- attachments -------------------------------------------------------------------------------

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000") + b"\x00" * 64


def test_text_file_is_accepted_with_its_type():
    checked = check_file("说明.txt", "申请说明".encode())
    assert (checked.kind, checked.content_type, checked.size) == ("text", "text/plain", 12)


def test_image_is_accepted():
    assert check_file("身份证.png", PNG).kind == "image"


def test_file_whose_content_is_not_its_extension_is_refused():
    with pytest.raises(ValidationError) as caught:
        check_file("scan.pdf", PNG)
    assert caught.value.code == "type_mismatch"


def test_executable_renamed_to_pdf_is_refused():
    with pytest.raises(ValidationError) as caught:
        check_file("report.pdf", b"MZ\x90\x00" + b"\x00" * 200)
    assert caught.value.code == "type_mismatch"


def test_unsupported_extension_is_refused():
    with pytest.raises(ValidationError) as caught:
        check_file("run.exe", b"MZ\x90\x00")
    assert caught.value.code == "unsupported_type"


def test_too_large_file_is_refused_without_reading_it():
    class Upload(io.BytesIO):
        name = "big.pdf"
        size = ATTACHMENT_MAX_BYTES + 1

    with pytest.raises(ValidationError) as caught:
        check_files([Upload(b"")])
    assert [e.code for e in caught.value.error_dict["attachments"]] == ["file_too_large"]


def test_every_bad_file_is_listed_and_file_names_are_made_safe():
    with pytest.raises(ValidationError) as caught:
        check_files([("../../etc/passwd.txt", b""), ("a.pdf", b"plain text"), ("ok.txt", b"ok")])
    assert [e.code for e in caught.value.error_dict["attachments"]] == ["empty_file", "type_mismatch"]
    assert check_files([("..\\..\\x<y>.txt", b"ok")])[0].name == "x<y>.txt"


def test_more_than_five_files_are_refused():
    with pytest.raises(ValidationError) as caught:
        check_files([("a.txt", b"a")] * 6)
    assert caught.value.error_dict["attachments"][0].code == "too_many_files"


def test_masked_id_numbers_keep_only_the_edges():
    assert mask_id_number("resident_id", ID18) == "410802********1238"
    assert mask_id_number("passport", "E12345678") == "E1*****78"
    assert mask_id_number("uscc", USCC) == "91**************1T"
