"""Gongkai settings: one module, driven by environment variables.

Local default: DEBUG on, SQLite file in var/, no external services.
Production (DJANGO_ENV=production): DEBUG off, SECRET_KEY and ALLOWED_HOSTS required,
secure cookies, HSTS, CSP. Every variable is listed in .env.example and docs/configuration.md.
One module on purpose, although it is over 400 lines: an operator reads every setting and its environment
variable in one place, in the order of docs/configuration.md.
"""

from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

SRC_DIR = Path(__file__).resolve().parents[1]
BASE_DIR = SRC_DIR.parents[1]
VAR_DIR = Path(environ.Env().str("GONGKAI_VAR_DIR", default=str(BASE_DIR / "var")))

env = environ.Env()
if (BASE_DIR / ".env").exists():
    environ.Env.read_env(BASE_DIR / ".env")

ENVIRONMENT = env.str("DJANGO_ENV", default="development")
PRODUCTION = ENVIRONMENT == "production"
DEBUG = env.bool("DEBUG", default=not PRODUCTION)

SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if PRODUCTION:
        raise ImproperlyConfigured("SECRET_KEY must be set in production (DJANGO_ENV=production).")
    SECRET_KEY = "dev-only-insecure-key-never-use-in-production-0123456789abcdef"

ALLOWED_HOSTS = env.list(
    "ALLOWED_HOSTS", default=[] if PRODUCTION else ["localhost", "127.0.0.1", "[::1]", "testserver"]
)
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
# Number of reverse proxies (nginx, load balancer) in front of the app whose X-Forwarded-For is trusted.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)

INSTALLED_APPS = [
    # Gongkai, one app per capability (see docs/architecture.md)
    "gongkai.core",
    "gongkai.organizations",
    "gongkai.accounts",
    "gongkai.workdays",
    "gongkai.screening",
    "gongkai.catalogs",
    "gongkai.search",
    "gongkai.records",
    "gongkai.foi_requests",
    "gongkai.service_items",
    "gongkai.applications",
    "gongkai.powerlists",
    "gongkai.inquiries",
    "gongkai.concerns",
    "gongkai.surveys",
    "gongkai.participation",
    "gongkai.supervision",
    "gongkai.annual_reports",  # the statutory annual disclosure report
    "gongkai.new_media",
    "gongkai.site_inspection",
    "gongkai.portal",
    "gongkai.kiosk",  # the touch screen of a service hall's disclosure zone
    "gongkai.api",
    "gongkai.publishing",  # the portal rendered to files (static publishing)
    "gongkai.demo",  # the demo data (load_demo, run_demo); imports everything, imported by nothing
    # Wagtail
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "gongkai.accounts.wagtail_users.WagtailUsersConfig",  # Wagtail users app with our user admin
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    # Third party
    "rest_framework",
    "drf_spectacular",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_tasks_db",
    # Django
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    "gongkai.api.middleware.JsonErrorsMiddleware",  # first: no /api/ response is ever HTML
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "gongkai.accounts.middleware.StaffSecurityMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
]

ROOT_URLCONF = "gongkai.urls"
WSGI_APPLICATION = "gongkai.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [SRC_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
            ],
        },
    },
    {
        # Every public page, from the apps' jinja2/ directories (gongkai.portal.jinja2env explains why);
        # the Django engine above serves Wagtail's admin and the admin screens.
        "NAME": "jinja2",
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "APP_DIRS": True,
        "OPTIONS": {"environment": "gongkai.portal.jinja2env.environment"},
    },
]

# Database: SQLite file by default, PostgreSQL (production) through DATABASE_URL.
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'gongkai.sqlite3'}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Django's SQLite backend, whose flush keeps the audit table's no-delete trigger (core.sqlite_backend).
    DATABASES["default"]["ENGINE"] = "gongkai.core.sqlite_backend"
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;", "transaction_mode": "IMMEDIATE"}
    )
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("DB_CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if "postgresql" in DATABASES["default"]["ENGINE"]:
    # Wagtail's database search backend uses SearchVectorField and GIN indexes on PostgreSQL, which
    # Django's system checks (run by migrate, runserver, check) refuse without this app.
    INSTALLED_APPS.append("django.contrib.postgres")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["gongkai.accounts.backends.RoleBackend"]
LOGIN_URL = "wagtailadmin_login"

# Password rules (GB/T 22239-2019 8.1.4.1 a: complexity; values are assessor practice, configurable).
PASSWORD_MIN_LENGTH = env.int("PASSWORD_MIN_LENGTH", default=8)
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": PASSWORD_MIN_LENGTH},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "gongkai.accounts.validators.CharacterClassValidator", "OPTIONS": {"min_classes": 3}},
    {"NAME": "gongkai.accounts.validators.PasswordHistoryValidator"},
]
# MLPS level 3 practice: passwords expire (0 = never) and none of the last N may be reused.
PASSWORD_MAX_AGE_DAYS = env.int("PASSWORD_MAX_AGE_DAYS", default=90)
PASSWORD_HISTORY_COUNT = env.int("PASSWORD_HISTORY_COUNT", default=5)
# Login throttles (GB/T 22239-2019 8.1.4.1 b: limit illegal login attempts; see docs/security/administrators.md):
# per user name and source address, per source address, and per account across addresses.
LOGIN_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=5)
LOGIN_LOCKOUT_MINUTES = env.int("LOGIN_LOCKOUT_MINUTES", default=30)
LOGIN_IP_FAILURE_LIMIT = env.int("LOGIN_IP_FAILURE_LIMIT", default=30)
LOGIN_IP_WINDOW_MINUTES = env.int("LOGIN_IP_WINDOW_MINUTES", default=15)
LOGIN_ACCOUNT_FAILURE_LIMIT = env.int("LOGIN_ACCOUNT_FAILURE_LIMIT", default=20)
LOGIN_ACCOUNT_PAUSE_MINUTES = env.int("LOGIN_ACCOUNT_PAUSE_MINUTES", default=5)
# Idle session timeout (GB/T 22239-2019 8.1.4.1 b: automatic logout on timeout).
SESSION_COOKIE_AGE = env.int("SESSION_IDLE_MINUTES", default=30) * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [SRC_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(VAR_DIR / "static")))
STATICFILES_DIRS = [SRC_DIR / "static"]
MEDIA_URL = "/media/"  # not served by any URL route nor by nginx: files go out through permission-checked views
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(VAR_DIR / "media")))
# Static publishing (docs/publishing.md): the tree of published pages nginx serves, and whether a change
# (publish, revise, withdraw) re-renders its pages in the background worker.
PUBLISH_ROOT = Path(env.str("PUBLISH_ROOT", default=str(VAR_DIR / "published")))
PUBLISH_ON_CHANGE = env.bool("PUBLISH_ON_CHANGE", default=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

# ---- Beyond one machine (docs/scaling.md): shared cache, locks, object storage, read replica --------
# Every part is off unless its variable is set; one machine needs none of them.
#
# Redis (REDIS_URL, or CACHE_URL when that is a redis:// URL) holds the rate-limit counters
# (core.ratelimit), the publisher's locks (core.locks) and, unless CACHE_URL names another, the cache
# (Django's RedisCache, as core.cache.ResilientRedisCache: uncached, with a warning, while Redis is down).
# Without it: counters in the database, locks by flock, a local cache.
REDIS_URL = env.str("REDIS_URL", default="")
if not REDIS_URL and env.str("CACHE_URL", default="").startswith(("redis://", "rediss://")):
    REDIS_URL = env.str("CACHE_URL")
if env.str("CACHE_URL", default=""):
    CACHES = {"default": env.cache("CACHE_URL")}
elif REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "gongkai"}}
CACHES["default"].setdefault("KEY_PREFIX", "gongkai")
if CACHES["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache":
    CACHES["default"]["BACKEND"] = "gongkai.core.cache.ResilientRedisCache"
    CACHES["default"].setdefault("OPTIONS", {}).update({"socket_connect_timeout": 0.5, "socket_timeout": 0.5})

# Uploaded files (record attachments, FOI files, Wagtail documents and images, catalog imports) in an
# S3-compatible object store when STORAGE_S3_BUCKET is set, else MEDIA_ROOT. Objects are private
# (no public ACL, signed expiring URLs only); the app streams them through its permission-checked views
# as before. Keys come from the environment only.
STORAGE_S3_BUCKET = env.str("STORAGE_S3_BUCKET", default="")
if STORAGE_S3_BUCKET:
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": STORAGE_S3_BUCKET,
            "endpoint_url": env.str("STORAGE_S3_ENDPOINT_URL", default="") or None,
            "access_key": env.str("STORAGE_S3_ACCESS_KEY_ID", default="") or None,
            "secret_key": env.str("STORAGE_S3_SECRET_ACCESS_KEY", default="") or None,
            "region_name": env.str("STORAGE_S3_REGION", default="") or None,
            "location": env.str("STORAGE_S3_PREFIX", default=""),
            "addressing_style": env.str("STORAGE_S3_ADDRESSING_STYLE", default="path"),
            "signature_version": "s3v4",
            "default_acl": "private",
            "querystring_auth": True,
            "querystring_expire": 300,
            "file_overwrite": False,  # as on disk: a second file of the same name gets a new name
        },
    }

# Reads from a PostgreSQL streaming replica (core.db_router): public GETs read there until they
# write; writes, transactions, the admin, workers and migrations use the primary. Tests mirror it.
DATABASE_REPLICA_URL = env.str("DATABASE_REPLICA_URL", default="")
DATABASE_REPLICA_PIN_SECONDS = env.int("DATABASE_REPLICA_PIN_SECONDS", default=10)
if DATABASE_REPLICA_URL:
    _replica = env.db_url_config(DATABASE_REPLICA_URL)
    DATABASES["replica"] = {
        **DATABASES["default"],
        **_replica,
        # A replica that does not answer within 3 s is skipped for a while (core.db_router).
        "OPTIONS": {**DATABASES["default"].get("OPTIONS", {}), **_replica.get("OPTIONS", {}), "connect_timeout": 3},
        "TEST": {"MIRROR": "default"},
    }
    DATABASE_ROUTERS = ["gongkai.core.db_router.ReplicaRouter"]
    # Before the session middleware, so that a session saved at the end of the request counts as a write.
    MIDDLEWARE.insert(
        MIDDLEWARE.index("django.contrib.sessions.middleware.SessionMiddleware"),
        "gongkai.core.db_router.ReplicaRoutingMiddleware",
    )
# ---- end of "Beyond one machine" -------------------------------------------------------------------------

# Background work: Django's task framework with a database queue and a real worker (`manage.py db_worker`).
TASKS = {"default": {"BACKEND": env.str("TASKS_BACKEND", default="django_tasks_db.DatabaseBackend")}}

# Static publishing targets (gongkai.publishing.targets): the internet-facing web servers the published
# tree is copied to, comma-separated ssh://user@host[:port]/path (rsync over SSH) or file:///path.
PUBLISH_TARGETS = env.list("PUBLISH_TARGETS", default=[])
PUBLISH_SSH_COMMAND = env.str("PUBLISH_SSH_COMMAND", default="ssh -o BatchMode=yes -o ConnectTimeout=10")

# Outgoing mail (Django 6.1 MAILERS). Default: an SMTP server on localhost.
_EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="django.core.mail.backends.smtp.EmailBackend")
_SMTP_OPTIONS = {
    "host": env.str("EMAIL_HOST", default="localhost"),
    "port": env.int("EMAIL_PORT", default=25),
    "username": env.str("EMAIL_HOST_USER", default=""),
    "password": env.str("EMAIL_HOST_PASSWORD", default=""),
    "use_tls": env.bool("EMAIL_USE_TLS", default=False),
    "timeout": env.int("EMAIL_TIMEOUT", default=10),
}
# The server options apply to the SMTP backend only (the console backend of `make demo` takes none).
MAILERS = {
    "default": {
        "BACKEND": _EMAIL_BACKEND,
        "OPTIONS": _SMTP_OPTIONS if _EMAIL_BACKEND.endswith("smtp.EmailBackend") else {},
    }
}
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="gongkai@localhost")

# Wagtail
WAGTAIL_SITE_NAME = env.str("WAGTAIL_SITE_NAME", default="Gongkai 政务公开")
WAGTAILADMIN_BASE_URL = env.str("WAGTAILADMIN_BASE_URL", default="http://127.0.0.1:8000")
WAGTAILADMIN_USER_LOGIN_FORM = "gongkai.accounts.forms.StaffLoginForm"
WAGTAIL_I18N_ENABLED = False
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_SERVE_METHOD = "serve_view"  # through Wagtail's view (privacy checks), never a link into MEDIA_ROOT
WAGTAILDOCS_EXTENSIONS = ["pdf", "ofd", "doc", "docx", "xls", "xlsx", "png", "jpg", "jpeg"]
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_USER_TIME_ZONES = ["Asia/Shanghai", "UTC"]
WAGTAIL_ENABLE_WHATS_NEW_BANNER = False
# Wagtail's editor, with a form error instead of a server error for a post that is not the editor's JSON.
WAGTAILADMIN_RICH_TEXT_EDITORS = {"default": {"WIDGET": "gongkai.core.widgets.SafeDraftailRichTextArea"}}

REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework.authentication.SessionAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_PAGINATION_CLASS": "gongkai.api.pagination.StandardPagination",
    "PAGE_SIZE": 20,
    "EXCEPTION_HANDLER": "gongkai.api.errors.exception_handler",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [
        "gongkai.api.parsers.JSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Gongkai Open API",
    "DESCRIPTION": "Public read API and business-system API of the Gongkai disclosure platform.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    "PREPROCESSING_HOOKS": ["gongkai.api.schema.only_open_api"],
    "POSTPROCESSING_HOOKS": ["drf_spectacular.hooks.postprocess_schema_enums", "gongkai.api.schema.error_responses"],
}

# Security headers, on everywhere; HTTPS-only cookies and HSTS in production.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF, CSP.UNSAFE_INLINE],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF, "data:"],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
}
if PRODUCTION:
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    # Off only where nginx or the load balancer redirects to HTTPS (docs/deployment.md): `check --deploy`'s
    # reminder to redirect in Django (security.W008) is then answered.
    SILENCED_SYSTEM_CHECKS = [] if SECURE_SSL_REDIRECT else ["security.W008"]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {
        "console": {"class": "logging.StreamHandler"},
        # The worker's line per task run (started, finished, failed): not the logger's level, which the
        # worker sets from its --verbosity. `run_demo` keeps only warnings and failures.
        "tasks": {"class": "logging.StreamHandler", "level": env.str("TASKS_LOG_LEVEL", default="INFO")},
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="WARNING")},
    # Once: not also through Django's own console handler (DEBUG), which the "django" logger has.
    "loggers": {"django.tasks": {"handlers": ["tasks"], "propagate": False}},
}

GONGKAI = {
    # Public base URL used in feeds, sitemaps and static publishing.
    "PUBLIC_BASE_URL": env.str("PUBLIC_BASE_URL", default="http://127.0.0.1:8000"),
    # Roles whose accounts must use a TOTP second factor once enrolled.
    "TOTP_ROLES": ["system_admin", "security_admin", "audit_admin"],
    # FOI requests. Whether the fee period stops the answer clock is unconfirmed in the 费用办法 ([U]).
    "FOI_FEE_PAUSES_CLOCK": env.bool("FOI_FEE_PAUSES_CLOCK", default=False),
    # 条例 Art. 30 leaves the supplement period to the agency ("合理的补正期限"): working days.
    "FOI_SUPPLEMENT_PERIOD_WORKING_DAYS": env.int("FOI_SUPPLEMENT_PERIOD_WORKING_DAYS", default=15),
    # Public submissions allowed per client address per hour (a double submit is not counted twice).
    "FOI_SUBMISSIONS_PER_HOUR": env.int("FOI_SUBMISSIONS_PER_HOUR", default=20),
    # Tracking look-ups (a tracking number entered to get a one-time code) per client address per hour.
    "FOI_TRACKING_REQUESTS_PER_HOUR": env.int("FOI_TRACKING_REQUESTS_PER_HOUR", default=30),
    # Comments on consultations accepted per client address per hour (participation; 0: no limit).
    "PARTICIPATION_COMMENTS_PER_HOUR": env.int("PARTICIPATION_COMMENTS_PER_HOUR", default=10),
    # Record search counts (and pages) matches up to this many, then shows "more than N" (search.service).
    "SEARCH_COUNT_CAP": env.int("SEARCH_COUNT_CAP", default=1_000),
    # The record page's query is a prepared statement on PostgreSQL (core.prepared); false for poolers
    # that drop prepared statements.
    "DB_PREPARED_STATEMENTS": env.bool("DB_PREPARED_STATEMENTS", default=True),
    # SMS gateway: a dotted path to a class with send(phone, text); the default only logs.
    "SMS_BACKEND": env.str("SMS_BACKEND", default="gongkai.core.messaging.LoggingSmsBackend"),
    # Public inquiries (政务咨询): the answer time in working days when a bureau sets none, and the
    # messages allowed per client address per hour on the public form.
    "INQUIRY_ANSWER_WORKING_DAYS": env.int("INQUIRY_ANSWER_WORKING_DAYS", default=10),
    "INQUIRY_SUBMISSIONS_PER_HOUR": env.int("INQUIRY_SUBMISSIONS_PER_HOUR", default=10),
    # Survey verification codes sent per client address per hour.
    "SURVEY_CODES_PER_HOUR": env.int("SURVEY_CODES_PER_HOUR", default=10),
    # New-media applications also need the city's approval after the county government office (a county
    # bureau's applications; the city bureau's own end at the city government office).
    "NEW_MEDIA_CITY_APPROVAL": env.bool("NEW_MEDIA_CITY_APPROVAL", default=True),
    # The kiosk (docs/kiosk.md): seconds without a touch before it starts again and clears what was typed.
    "KIOSK_IDLE_SECONDS": env.int("KIOSK_IDLE_SECONDS", default=120),
    # Seconds the background worker sleeps between two polls of an empty queue (core.worker).
    "WORKER_POLL_SECONDS": env.float("WORKER_POLL_SECONDS", default=1.0),
}

for _directory in (VAR_DIR, STATIC_ROOT):
    _directory.mkdir(parents=True, exist_ok=True)
