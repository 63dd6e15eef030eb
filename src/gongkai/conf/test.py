"""Test settings: fast hasher, in-memory SQLite unless DATABASE_URL is set, immediate tasks."""

import os
import tempfile
import warnings
from pathlib import Path

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
# Tests that publish set PUBLISH_ROOT to their tmp_path and turn publishing on change on themselves.
PUBLISH_ROOT = Path(tempfile.gettempdir()) / f"gongkai-test-published-{os.getpid()}"
PUBLISH_ON_CHANGE = False
warnings.filterwarnings("error", r"DateTimeField .* received a naive datetime", RuntimeWarning)
# Public form pages are not kept between requests in tests (core.form_pages; tests of the cache turn it on).
GONGKAI = {**GONGKAI, "FORM_PAGE_SECONDS": 0}  # noqa: F405
