"""Check an FOI request submission (条例 Art. 29) and its attachments. No database.

`validate_submission(data, channel=...)` returns the cleaned fields or raises a `ValidationError`
whose `error_dict` maps each field to its errors (each with a stable `code`). Everything typed is
kept as plain text: control characters are removed, HTML is neither stripped nor interpreted (the
templates escape it), so what the applicant wrote is stored exactly and is inert on every page.

`check_file(name, data)` checks an attachment by its content (the same checks as records'
attachments: `gongkai.screening.extract`) and returns a `CheckedFile`.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import PurePosixPath

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from gongkai.organizations.validators import is_valid_uscc
from gongkai.screening import masking, pii

from .constants import (
    DESCRIPTION_MAX_LENGTH,
    ApplicantType,
    Channel,
    DeliveryChannel,
    DeliveryForm,
    IdDocumentType,
)

ORGANIZATION_TYPES = frozenset(t for t in ApplicantType if t != ApplicantType.NATURAL_PERSON)
# Identity documents of natural persons; organizations prove identity with their USCC (or another document).
PERSON_DOCUMENTS = frozenset(set(IdDocumentType) - {IdDocumentType.USCC})
ORGANIZATION_DOCUMENTS = frozenset({IdDocumentType.USCC, IdDocumentType.OTHER})

# field -> maximum length (the model's column sizes; longer input is refused, never cut).
MAX_LENGTHS = {
    "applicant_name": 100,
    "id_document_number": 40,
    "contact_person": 50,
    "phone": 30,
    "email": 254,
    "postal_address": 200,
    "postal_code": 6,
    "description": DESCRIPTION_MAX_LENGTH,
    "document_number_hint": 100,
    "purpose": 1000,
}
MULTILINE_FIELDS = frozenset({"description", "purpose", "postal_address"})
TEXT_FIELDS = tuple(MAX_LENGTHS)
CHOICE_FIELDS = {
    "applicant_type": ApplicantType,
    "id_document_type": IdDocumentType,
    "delivery_form": DeliveryForm,
    "delivery_channel": DeliveryChannel,
}
REQUIRED_FIELDS = (
    "applicant_type",
    "applicant_name",
    "id_document_type",
    "id_document_number",
    "description",
    "delivery_form",
    "delivery_channel",
)

ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024
ATTACHMENT_MAX_COUNT = 5

_MOBILE_RE = re.compile(r"^1[3-9]\d{9}$")
_LANDLINE_RE = re.compile(r"^0\d{2,3}-?\d{7,8}(-\d{1,6})?$")
_POSTAL_CODE_RE = re.compile(r"^\d{6}$")
_DOCUMENT_PATTERNS = {
    # Ordinary passports of the PRC (E/G + 8) and foreign passports: letters and digits.
    IdDocumentType.PASSPORT: re.compile(r"^[A-Z0-9]{5,17}$"),
    # 港澳居民来往内地通行证: H (Hong Kong) or M (Macao) + 8 digits (older cards: + 10 digits).
    IdDocumentType.HK_MACAO_PERMIT: re.compile(r"^[HM]\d{8}(\d{2})?$"),
    # 台湾居民来往大陆通行证: 8 digits since 2015; older cards 10 digits and a letter.
    IdDocumentType.TAIWAN_PERMIT: re.compile(r"^\d{8}$|^\d{10}[A-Z]?$"),
    # 外国人永久居留身份证: 3 letters + 12 digits (2004 card) or 18 characters starting with 9 (2023 card).
    IdDocumentType.FOREIGN_PERMANENT_RESIDENCE: re.compile(r"^[A-Z]{3}\d{12}$|^9\d{16}[0-9X]$"),
    IdDocumentType.OTHER: re.compile(r"^\S(.*\S)?$"),
}


def clean_text(value, *, multiline: bool = False) -> str:
    """Plain text: control characters removed (newlines kept where the field has lines), trimmed."""
    text = "" if value is None else str(value)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    kept = []
    for ch in text:
        if ch in "\n\t":
            kept.append(ch if multiline else " ")
        elif unicodedata.category(ch) in ("Cc", "Cf") and ch not in "\u200d":
            continue  # control and format characters (incl. bidi overrides, zero-width spaces)
        else:
            kept.append(ch)
    return "".join(kept).strip()


def normalize_phone(value: str) -> str:
    """Digits and dashes only; the +86 / 0086 country prefix removed."""
    compact = re.sub(r"[\s()（）]", "", pii.normalize(value))
    compact = re.sub(r"^(\+86|0086)-?", "", compact)
    digits = compact.replace("-", "")
    return digits if _MOBILE_RE.match(digits) else compact


def normalize_id_number(value: str) -> str:
    return re.sub(r"\s", "", pii.normalize(value)).upper()


def _resident_id_error(number: str) -> ValidationError | None:
    if pii.is_valid_id18(number):
        return None
    if pii.is_valid_id15(number):
        return ValidationError(
            _("First-generation 15-digit ID cards are no longer valid; enter the 18-character number."),
            code="id_number_obsolete",
        )
    if not re.fullmatch(r"\d{17}[\dX]", number):
        return ValidationError(
            _("A resident ID number has 18 characters: 17 digits and a last digit or X."), code="id_number_format"
        )
    if pii.looks_like_id18(number):
        return ValidationError(
            _("The check character of this ID number is wrong; please check the number."), code="id_number_checksum"
        )
    return ValidationError(
        _("This ID number has an invalid region code or date of birth; please check the number."),
        code="id_number_invalid",
    )


def check_id_document(applicant_type: str, document_type: str, number: str) -> dict[str, ValidationError]:
    """Errors by field for an applicant type, document type and (normalized) number."""
    errors: dict[str, ValidationError] = {}
    is_org = applicant_type in ORGANIZATION_TYPES
    if document_type == IdDocumentType.USCC and not is_org:
        errors["id_document_type"] = ValidationError(
            _("The unified social credit code is for organizations; choose an organization as applicant type."),
            code="uscc_for_person",
        )
    elif is_org and document_type not in ORGANIZATION_DOCUMENTS:
        errors["id_document_type"] = ValidationError(
            _("An organization identifies itself by its unified social credit code (or another document)."),
            code="org_document_type",
        )
    if not number or "id_document_type" in errors:
        return errors
    if document_type == IdDocumentType.RESIDENT_ID:
        error = _resident_id_error(number)
    elif document_type == IdDocumentType.USCC:
        error = (
            None
            if is_valid_uscc(number)
            else ValidationError(
                _("This is not a valid unified social credit code (18 characters with a check character)."),
                code="invalid_uscc",
            )
        )
    else:
        pattern = _DOCUMENT_PATTERNS[document_type]
        error = (
            None
            if pattern.match(number)
            else ValidationError(_("This document number does not have the form of the chosen document."), "id_format")
        )
    if error is not None:
        errors["id_document_number"] = error
    return errors


def _check_phone(phone: str) -> ValidationError | None:
    if _MOBILE_RE.match(phone) or _LANDLINE_RE.match(phone):
        return None
    return ValidationError(
        _("Enter a mobile number (11 digits) or a landline with its area code, e.g. 0391-1234567."),
        code="phone_format",
    )


def is_mobile(phone: str) -> bool:
    return bool(_MOBILE_RE.match(phone or ""))


def validate_submission(data: Mapping, *, channel: str = Channel.INTERNET) -> dict:
    """The cleaned submission, or ValidationError({field: [errors]}). Art. 29: who, what, in what form."""
    errors: dict[str, list[ValidationError]] = {}

    def add(field: str, error: ValidationError) -> None:
        errors.setdefault(field, []).append(error)

    cleaned: dict = {}
    for field in TEXT_FIELDS:
        cleaned[field] = clean_text(data.get(field), multiline=field in MULTILINE_FIELDS)
    for field in CHOICE_FIELDS:
        cleaned[field] = clean_text(data.get(field))
    cleaned["phone"] = normalize_phone(cleaned["phone"])
    cleaned["id_document_number"] = normalize_id_number(cleaned["id_document_number"])
    cleaned["email"] = cleaned["email"].lower() if cleaned["email"].isascii() else cleaned["email"]

    for field in REQUIRED_FIELDS:
        if not cleaned[field]:
            add(field, ValidationError(_("This field is required."), code="required"))
    for field, choices in CHOICE_FIELDS.items():
        if cleaned[field] and cleaned[field] not in choices.values:
            add(field, ValidationError(_("Choose one of the options."), code="invalid_choice"))
    for field, limit in MAX_LENGTHS.items():
        length = len(cleaned[field])
        if length > limit:
            add(
                field,
                ValidationError(
                    _("At most %(limit)d characters (you entered %(length)d)."),
                    code="too_long",
                    params={"limit": limit, "length": length},
                ),
            )
    if channel not in Channel.values:
        add("channel", ValidationError(_("Choose one of the options."), code="invalid_choice"))

    if "applicant_type" not in errors and "id_document_type" not in errors and "id_document_number" not in errors:
        for field, error in check_id_document(
            cleaned["applicant_type"], cleaned["id_document_type"], cleaned["id_document_number"]
        ).items():
            add(field, error)

    # Art. 29(1): contact details — a phone or an email, and the address when the answer is posted.
    if not cleaned["phone"] and not cleaned["email"]:
        add("phone", ValidationError(_("Give a phone number or an email address (or both)."), code="contact_required"))
    if cleaned["phone"] and "phone" not in errors:
        error = _check_phone(cleaned["phone"])
        if error:
            add("phone", error)
    if cleaned["email"] and "email" not in errors:
        try:
            validate_email(cleaned["email"])
        except ValidationError:
            add("email", ValidationError(_("Enter a valid email address."), code="email_format"))
    if cleaned["postal_code"] and not _POSTAL_CODE_RE.match(cleaned["postal_code"]):
        add("postal_code", ValidationError(_("A postal code has 6 digits."), code="postal_code_format"))

    # Art. 29(3): the form and the channel of delivery, and what each needs.
    form, route = cleaned["delivery_form"], cleaned["delivery_channel"]
    if route == DeliveryChannel.POST and not cleaned["postal_address"]:
        add(
            "postal_address",
            ValidationError(_("Give the postal address to which the answer is to be posted."), code="address_required"),
        )
    if route == DeliveryChannel.EMAIL and not cleaned["email"] and "email" not in errors:
        add(
            "email",
            ValidationError(_("Give the email address to which the answer is to be sent."), code="email_required"),
        )
    if form == DeliveryForm.PAPER and route in (DeliveryChannel.EMAIL, DeliveryChannel.ONLINE):
        add(
            "delivery_channel",
            ValidationError(_("Paper copies can be posted or picked up, not sent online."), code="paper_online"),
        )

    if errors:
        raise ValidationError(errors)
    return cleaned


def validate_supplement_text(text) -> str:
    """The applicant's supplement (条例 Art. 30) as plain text; ValidationError({"text": ...}) if empty or too long."""
    cleaned = clean_text(text, multiline=True)
    if not cleaned:
        raise ValidationError({"text": [ValidationError(_("This field is required."), code="required")]})
    if len(cleaned) > DESCRIPTION_MAX_LENGTH:
        raise ValidationError(
            {
                "text": [
                    ValidationError(
                        _("At most %(limit)d characters (you entered %(length)d)."),
                        code="too_long",
                        params={"limit": DESCRIPTION_MAX_LENGTH, "length": len(cleaned)},
                    )
                ]
            }
        )
    return cleaned


# --- attachments -----------------------------------------------------------------------------


@dataclass(frozen=True)
class CheckedFile:
    """An attachment whose content matched its extension; ready to be stored."""

    name: str
    data: bytes
    content_type: str
    kind: str

    @property
    def size(self) -> int:
        return len(self.data)

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()

    def as_django_file(self):
        """A Django File (name, size, content_type, chunks) for services that store uploads."""
        from django.core.files.base import ContentFile

        file = ContentFile(self.data, name=self.name)
        file.content_type = self.content_type
        return file


def safe_filename(name: str) -> str:
    """The last path component, without control characters, at most 150 characters (extension kept)."""
    base = PurePosixPath(clean_text(name).replace("\\", "/")).name or "file"
    base = base.replace('"', "").replace("/", "")
    stem, dot, ext = base.rpartition(".")
    if dot and len(base) > 150:
        return stem[: 150 - len(ext) - 1] + "." + ext
    return base[:150]


def _too_large(name: str) -> ValidationError:
    return ValidationError(
        _("“%(name)s” is larger than %(limit)d MB."),
        code="file_too_large",
        params={"name": name, "limit": ATTACHMENT_MAX_BYTES // (1024 * 1024)},
    )


def check_file(name: str, data: bytes) -> CheckedFile:
    """Refuse files that are too large, of a type not accepted, or whose content is not their extension."""
    from gongkai.screening.extract import ExtractionError, extract

    name = safe_filename(name)
    if len(data) > ATTACHMENT_MAX_BYTES:
        raise _too_large(name)
    try:
        extracted = extract(data, name, max_bytes=ATTACHMENT_MAX_BYTES)
    except ExtractionError as exc:
        raise ValidationError(
            _("“%(name)s”: %(problem)s"), code=exc.code, params={"name": name, "problem": exc.message}
        ) from exc
    return CheckedFile(name=name, data=data, content_type=extracted.mime, kind=extracted.kind)


def check_files(files) -> list[CheckedFile]:
    """Check uploads (Django UploadedFile objects or (name, bytes) pairs).

    Raises ValidationError({"attachments": [one error per bad file]}).
    """
    files = list(files or ())
    if len(files) > ATTACHMENT_MAX_COUNT:
        too_many = ValidationError(
            _("At most %(count)d files can be attached."), code="too_many_files", params={"count": ATTACHMENT_MAX_COUNT}
        )
        raise ValidationError({"attachments": [too_many]})
    checked, problems = [], []
    for item in files:
        try:
            if isinstance(item, CheckedFile):
                checked.append(item)
            elif isinstance(item, tuple):
                checked.append(check_file(*item))
            elif item.size > ATTACHMENT_MAX_BYTES:
                raise _too_large(safe_filename(item.name))
            else:
                item.seek(0)
                checked.append(check_file(item.name, item.read()))
        except ValidationError as exc:
            problems.append(exc)
    if problems:
        raise ValidationError({"attachments": problems})
    return checked


def mask_id_number(document_type: str, number: str) -> str:
    """The ID number as it may be shown: a resident ID as 410821********1234 (§7.2), others with 2+2 kept
    (the one mask per kind: `gongkai.screening.masking`)."""
    kind = masking.ID_NUMBER if document_type == IdDocumentType.RESIDENT_ID else masking.DOCUMENT
    return masking.mask_value(kind, number)
