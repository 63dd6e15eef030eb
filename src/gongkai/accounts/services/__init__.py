"""Account use cases, one module per concept: login bookkeeping and throttles (login.py), accounts
and roles (users.py), the TOTP second factor (second_factor.py). Import them from here.

Every function that an administrator triggers takes `acting_user`, asks the permission
module and writes an audit record. Login bookkeeping is driven by Django's auth signals
(see signals.py) and by the login form, so a failed login is counted exactly once.
"""

from .login import (
    COUNTED_REASONS,
    REASON_CREDENTIALS,
    REASON_IP_THROTTLED,
    REASON_LOCKED,
    REASON_OTP_INVALID,
    REASON_OTP_REQUIRED,
    REASON_SOURCE_THROTTLED,
    logged_out,
    login_failed,
    login_refusal,
    login_refused,
    login_succeeded,
)
from .second_factor import totp_device_confirm, totp_device_remove, totp_device_start, totp_reset
from .users import (
    applicant_signup,
    is_applicant_account,
    membership_grant,
    membership_revoke,
    user_create,
    user_delete,
    user_unlock,
    user_update,
)

__all__ = [
    "COUNTED_REASONS",
    "REASON_CREDENTIALS",
    "REASON_IP_THROTTLED",
    "REASON_LOCKED",
    "REASON_OTP_INVALID",
    "REASON_OTP_REQUIRED",
    "REASON_SOURCE_THROTTLED",
    "applicant_signup",
    "is_applicant_account",
    "logged_out",
    "login_failed",
    "login_refusal",
    "login_refused",
    "login_succeeded",
    "membership_grant",
    "membership_revoke",
    "totp_device_confirm",
    "totp_device_remove",
    "totp_device_start",
    "totp_reset",
    "user_create",
    "user_delete",
    "user_unlock",
    "user_update",
]
