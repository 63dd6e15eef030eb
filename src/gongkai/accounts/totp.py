"""TOTP second factor (django-otp), optional, offered to administrators."""

from base64 import b32encode
from urllib.parse import quote, urlencode

from django.conf import settings
from django_otp.plugins.otp_totp.models import TOTPDevice


def has_confirmed_device(user) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    cached = getattr(user, "_gongkai_has_totp", None)
    if cached is None:
        cached = TOTPDevice.objects.filter(user=user, confirmed=True).exists()
        user._gongkai_has_totp = cached
    return cached


def verify_token(user, token: str):
    """Return the confirmed device that accepts `token`, or None (django-otp throttles and refuses replays)."""
    for device in TOTPDevice.objects.filter(user=user, confirmed=True):
        if device.verify_token(token):
            return device
    return None


def secret_base32(device: TOTPDevice) -> str:
    return b32encode(device.bin_key).decode("ascii")


def provisioning_uri(device: TOTPDevice) -> str:
    """The otpauth:// URI an authenticator app scans (Key Uri Format), with the platform as issuer."""
    issuer = (getattr(settings, "OTP_TOTP_ISSUER", None) or settings.WAGTAIL_SITE_NAME or "Gongkai").replace(":", "")
    label = f"{issuer}:{device.user.get_username()}"
    params = urlencode(
        {"secret": secret_base32(device), "algorithm": "SHA1", "digits": device.digits, "period": device.step}
    )
    return f"otpauth://totp/{quote(label)}?{params}&issuer={quote(issuer)}"


def qr_svg(data: str) -> str:
    """An inline SVG QR code (segno), safe to embed: it contains no script and no external reference."""
    import segno

    return segno.make(data, error="m").svg_inline(scale=5, border=2, dark="#000", light="#fff")
