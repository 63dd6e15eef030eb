"""Login bookkeeping from Django's auth signals (each fires once per attempt)."""

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from . import services


@receiver(user_logged_in)
def _on_login(sender, request, user, **kwargs):
    services.login_succeeded(user=user, request=request)


@receiver(user_login_failed)
def _on_login_failed(sender, credentials, request=None, **kwargs):
    services.login_failed(username=credentials.get("username", ""), request=request)


@receiver(user_logged_out)
def _on_logout(sender, request, user, **kwargs):
    if user is not None:
        services.logged_out(user=user, request=request)
