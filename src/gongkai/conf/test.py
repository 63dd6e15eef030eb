"""Test settings: fast hasher, in-memory SQLite unless DATABASE_URL is set, immediate tasks."""

import os
import warnings

os.environ.setdefault("DJANGO_ENV", "test")

from .settings import *  # noqa: E402,F403
from .settings import DATABASES  # noqa: E402

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
if DATABASES["default"]["ENGINE"] == "gongkai.core.sqlite_backend" and "DATABASE_URL" not in os.environ:
    DATABASES["default"] = {"ENGINE": "gongkai.core.sqlite_backend", "NAME": ":memory:", "TEST": {"NAME": ":memory:"}}
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
REDIS_URL = ""  # rate limits count in the (per-test) database; tests/core/test_ratelimit.py covers Redis
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
warnings.filterwarnings("error", r"DateTimeField .* received a naive datetime", RuntimeWarning)
