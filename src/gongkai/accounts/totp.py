"""TOTP second factor (django-otp), optional, offered to administrators."""

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
    """Return the device that accepts `token`, or None."""
    for device in TOTPDevice.objects.filter(user=user, confirmed=True):
        if device.verify_token(token):
            return device
    return None
