"""Django settings for smedt. Every value comes from the environment through `config.env`."""

from __future__ import annotations

from pathlib import Path

import dj_database_url

from config.env import env_bool, env_int, env_list, env_secret, env_str, load_dotenv

BASE_DIR = Path(__file__).resolve().parent.parent
REPO_DIR = BASE_DIR.parent
load_dotenv(REPO_DIR / ".env")

DEBUG = env_bool("SMEDT_DEBUG", False)
SECRET_KEY = env_secret("SMEDT_SECRET_KEY")
if not SECRET_KEY:
    raise RuntimeError("SMEDT_SECRET_KEY is not set (see .env.example; `make run` writes a .env)")
ALLOWED_HOSTS = env_list("SMEDT_ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env_list("SMEDT_CSRF_TRUSTED_ORIGINS", ["http://127.0.0.1:8000", "http://localhost:8000"])

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.staticfiles",
    "django_tasks",
    "django_tasks_db",
    "smedt.core",
    "smedt.gmcrypto",
    "smedt.regions",
    "smedt.orgs",
    "smedt.accounts",
    "smedt.identity",
    "smedt.rbac",
    "smedt.audit",
    "smedt.files",
    "smedt.notify",
    "smedt.reviews",
    "smedt.applications",
    "smedt.dicts",
    "smedt.taskqueue",
    "smedt.exports",
    "smedt.assessment",
    "smedt.portal",
    "smedt.enterprises",
    "smedt.providers",
    "smedt.projects",
    "smedt.cultivation",
    "smedt.insights",
    "smedt.funds",
    "smedt.reporting",
    "smedt.policies",
    "smedt.industry",
]

MIDDLEWARE = [
    "smedt.core.middleware.RequestIdMiddleware",
    # the security headers wrap everything below, so the reshaped 404/405 and the 413 get them too
    "smedt.core.middleware.SecurityHeadersMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "smedt.core.middleware.BodySizeLimitMiddleware",
    "smedt.core.middleware.ApiErrorShapeMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "smedt.core.publiccache.PublicCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    # django.contrib.auth's, with the signed-in user read from the shared cache (accounts.usercache)
    "smedt.accounts.middleware.CachedAuthenticationMiddleware",
    "smedt.accounts.middleware.SessionGuardMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {"context_processors": ["django.template.context_processors.request"]},
    }
]

DATA_DIR = Path(env_str("SMEDT_DATA_DIR", str(REPO_DIR / "var")))
DATA_DIR.mkdir(parents=True, exist_ok=True)
# Persistent connections with a health check before reuse: a new PostgreSQL connection per request
# cost ~11 % of a web worker under load (issue 13). 0 = close after each request.
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{DATA_DIR / 'smedt.sqlite3'}"),
        conn_max_age=env_int("SMEDT_DB_CONN_MAX_AGE", 600),
        conn_health_checks=env_bool("SMEDT_DB_CONN_HEALTH_CHECKS", True),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web process read while the worker writes; IMMEDIATE avoids lock upgrades.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
PASSWORD_HASHERS = [
    "smedt.gmcrypto.hashers.PBKDF2SM3PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "smedt.accounts.password_policy.PasswordPolicyValidator"},
]

SESSION_COOKIE_AGE = env_int("SMEDT_SESSION_AGE_SECONDS", 8 * 3600)
SMEDT_SESSION_IDLE_SECONDS = env_int("SMEDT_SESSION_IDLE_SECONDS", 30 * 60)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = env_bool("SMEDT_SECURE_COOKIES", False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
if SESSION_COOKIE_SECURE:
    # Served over HTTPS (TLS ends at nginx): trust its X-Forwarded-Proto so request.is_secure()
    # is true, and tell browsers to use HTTPS only from now on.
    SECURE_PROXY_SSL_HEADER = (
        env_str("SMEDT_PROXY_SSL_HEADER", "HTTP_X_FORWARDED_PROTO"),
        env_str("SMEDT_PROXY_SSL_VALUE", "https"),
    )
    SECURE_HSTS_SECONDS = env_int("SMEDT_HSTS_SECONDS", 365 * 24 * 3600)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SMEDT_HSTS_INCLUDE_SUBDOMAINS", False)
    SECURE_HSTS_PRELOAD = env_bool("SMEDT_HSTS_PRELOAD", False)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# same origin only: the review drawer previews PDF attachments in a frame of the platform itself
X_FRAME_OPTIONS = "SAMEORIGIN"
# Content-Security-Policy of every response (SPA, portal, API). No inline or remote script at all.
# style-src keeps 'unsafe-inline': Element Plus positions popovers, dialogs and table columns and
# ECharts draws tooltips through inline style attributes; a nonce cannot cover attributes.
# img-src allows data: (the captcha image) and blob: (previews of files being uploaded).
SMEDT_CSP = env_str(
    "SMEDT_CSP",
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; "
    "font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; "
    "frame-ancestors 'self'",
)
SMEDT_PERMISSIONS_POLICY = env_str(
    "SMEDT_PERMISSIONS_POLICY", "camera=(), microphone=(), geolocation=(), payment=(), usb=()"
)
CSRF_COOKIE_HTTPONLY = False  # the SPA reads it to send X-CSRFToken
SESSION_SAVE_EVERY_REQUEST = False

SMEDT_LOGIN_MAX_FAILURES = env_int("SMEDT_LOGIN_MAX_FAILURES", 5)
SMEDT_LOGIN_LOCK_MINUTES = env_int("SMEDT_LOGIN_LOCK_MINUTES", 15)
SMEDT_PASSWORD_MIN_LENGTH = env_int("SMEDT_PASSWORD_MIN_LENGTH", 10)
SMEDT_LOGIN_ALLOW_PLAIN_PASSWORD = env_bool("SMEDT_LOGIN_ALLOW_PLAIN_PASSWORD", False)
SMEDT_LOGIN_SM2_PRIVATE_KEY = env_secret("SMEDT_LOGIN_SM2_PRIVATE_KEY")
SMEDT_LOGIN_NONCE_SECONDS = env_int("SMEDT_LOGIN_NONCE_SECONDS", 300)
SMEDT_LOGIN_CAPTCHA_AFTER = env_int("SMEDT_LOGIN_CAPTCHA_AFTER", 3)
SMEDT_LOGIN_RATE_PER_IP = env_int("SMEDT_LOGIN_RATE_PER_IP", 60)
SMEDT_LOGIN_RATE_PER_ACCOUNT = env_int("SMEDT_LOGIN_RATE_PER_ACCOUNT", 20)
SMEDT_PASSWORD_MAX_AGE_DAYS = env_int("SMEDT_PASSWORD_MAX_AGE_DAYS", 90)
SMEDT_MAX_SESSIONS_PER_USER = env_int("SMEDT_MAX_SESSIONS_PER_USER", 3)
SMEDT_SMS_BACKEND = env_str("SMEDT_SMS_BACKEND", "console")
# per kind of SMS (verification code / service notice / promotional push), empty = SMEDT_SMS_BACKEND
SMEDT_SMS_BACKEND_CODE = env_str("SMEDT_SMS_BACKEND_CODE", "")
SMEDT_SMS_BACKEND_NOTICE = env_str("SMEDT_SMS_BACKEND_NOTICE", "")
SMEDT_SMS_BACKEND_MARKETING = env_str("SMEDT_SMS_BACKEND_MARKETING", "")
# shared token in the receipt callback URL configured at Alibaba Cloud / Tencent Cloud (empty = refused)
SMEDT_SMS_RECEIPT_TOKEN = env_str("SMEDT_SMS_RECEIPT_TOKEN", "")
# SMS one-time codes: sends per mobile / per source address per hour, and failed code entries
# per source address / per mobile per hour (beyond them: 429 until the hour turns)
SMEDT_SMS_SEND_PER_MOBILE_HOUR = env_int("SMEDT_SMS_SEND_PER_MOBILE_HOUR", 5)
SMEDT_SMS_SEND_PER_IP_HOUR = env_int("SMEDT_SMS_SEND_PER_IP_HOUR", 20)
SMEDT_SMS_VERIFY_FAILURES_PER_IP_HOUR = env_int("SMEDT_SMS_VERIFY_FAILURES_PER_IP_HOUR", 20)
SMEDT_SMS_VERIFY_FAILURES_PER_MOBILE_HOUR = env_int("SMEDT_SMS_VERIFY_FAILURES_PER_MOBILE_HOUR", 10)
# SMS gateways (docs/integrations/sms.md): SMEDT_SMS_BACKEND = smedt.notify.sms_gateways.AliyunSmsBackend /
# TencentSmsBackend / HttpSmsBackend; secrets only from the environment
SMEDT_SMS_SIGN_NAME = env_str("SMEDT_SMS_SIGN_NAME", "")
SMEDT_SMS_ALIYUN_ENDPOINT = env_str("SMEDT_SMS_ALIYUN_ENDPOINT", "https://dysmsapi.aliyuncs.com/")
SMEDT_SMS_ALIYUN_REGION = env_str("SMEDT_SMS_ALIYUN_REGION", "cn-hangzhou")
SMEDT_SMS_ALIYUN_ACCESS_KEY_ID = env_str("SMEDT_SMS_ALIYUN_ACCESS_KEY_ID", "")
SMEDT_SMS_ALIYUN_ACCESS_KEY_SECRET = env_str("SMEDT_SMS_ALIYUN_ACCESS_KEY_SECRET", "")
SMEDT_SMS_ALIYUN_TEMPLATE = env_str("SMEDT_SMS_ALIYUN_TEMPLATE", "")
SMEDT_SMS_TENCENT_ENDPOINT = env_str("SMEDT_SMS_TENCENT_ENDPOINT", "https://sms.tencentcloudapi.com/")
SMEDT_SMS_TENCENT_HOST = env_str("SMEDT_SMS_TENCENT_HOST", "sms.tencentcloudapi.com")
SMEDT_SMS_TENCENT_REGION = env_str("SMEDT_SMS_TENCENT_REGION", "ap-guangzhou")
SMEDT_SMS_TENCENT_SECRET_ID = env_str("SMEDT_SMS_TENCENT_SECRET_ID", "")
SMEDT_SMS_TENCENT_SECRET_KEY = env_str("SMEDT_SMS_TENCENT_SECRET_KEY", "")
SMEDT_SMS_TENCENT_APP_ID = env_str("SMEDT_SMS_TENCENT_APP_ID", "")
SMEDT_SMS_TENCENT_TEMPLATE = env_str("SMEDT_SMS_TENCENT_TEMPLATE", "")
SMEDT_SMS_HTTP_URL = env_str("SMEDT_SMS_HTTP_URL", "")
SMEDT_SMS_HTTP_KEY_ID = env_str("SMEDT_SMS_HTTP_KEY_ID", "")
SMEDT_SMS_HTTP_SECRET = env_str("SMEDT_SMS_HTTP_SECRET", "")
# Policy push: SMS quiet hours (local time, "start-end"; "0-0" = none), pushes per enterprise and channel
# per 7 days; policy matching re-reads an enterprise's facts when its snapshot is older than this (seconds)
SMEDT_PUSH_QUIET_HOURS = env_str("SMEDT_PUSH_QUIET_HOURS", "22-8")
SMEDT_PUSH_WEEKLY_CAP = env_int("SMEDT_PUSH_WEEKLY_CAP", 3)
SMEDT_PUSH_BATCH = env_int("SMEDT_PUSH_BATCH", 500)  # deliveries per background send task
SMEDT_POLICY_SNAPSHOT_MAX_AGE = env_int("SMEDT_POLICY_SNAPSHOT_MAX_AGE", 600)
# Public self-registration attempts (past the captcha) per source address and platform-wide, per hour
SMEDT_REGISTER_PER_IP_HOUR = env_int("SMEDT_REGISTER_PER_IP_HOUR", 10)
SMEDT_REGISTER_GLOBAL_HOUR = env_int("SMEDT_REGISTER_GLOBAL_HOUR", 100)
SMEDT_REGISTER_CAPTCHA = env_bool("SMEDT_REGISTER_CAPTCHA", True)
# Rate-limit counters live in the default cache (CACHES below): per process by default; set
# SMEDT_CACHE_URL (Redis) with several processes or nodes so every process counts against the same limit.

# Commercial cryptography keys (hex). Never in the repository: from the environment or *_FILE.
SMEDT_DATA_KEY = env_secret("SMEDT_DATA_KEY")  # SM4 key, 32 hex chars
SMEDT_INDEX_KEY = env_secret("SMEDT_INDEX_KEY")  # HMAC-SM3 key for lookup indexes
SMEDT_AUDIT_KEY = env_secret("SMEDT_AUDIT_KEY")  # HMAC-SM3 key for the audit hash chain
# Signed checkpoints of the audit chain, written by the scheduler into the file storage (never the
# database): every SMEDT_AUDIT_CHECKPOINT_SECONDS; verification checks the newest N of them
SMEDT_AUDIT_CHECKPOINT_SECONDS = env_int("SMEDT_AUDIT_CHECKPOINT_SECONDS", 600)
SMEDT_AUDIT_CHECKPOINT_DIR = env_str("SMEDT_AUDIT_CHECKPOINT_DIR", "audit-checkpoints")
SMEDT_AUDIT_CHECKPOINTS_VERIFIED = env_int("SMEDT_AUDIT_CHECKPOINTS_VERIFIED", 10)
# SM4 key wrapping the organizations' SM2 contract keys, 32 hex chars; empty → SMEDT_DATA_KEY
SMEDT_CONTRACT_MASTER_KEY = env_secret("SMEDT_CONTRACT_MASTER_KEY")
# 试点资金: at least this share (%) of the central money goes to transformation subsidies (fund rules: 80)
SMEDT_FUNDS_CENTRAL_TRANSFORMATION_MIN_PCT = env_int("SMEDT_FUNDS_CENTRAL_TRANSFORMATION_MIN_PCT", 80)
# 试点资金: new subsidy campaigns add the finance bureau's (财政) review after the city's (county → city → finance)
SMEDT_FUNDS_FINANCE_REVIEW = env_bool("SMEDT_FUNDS_FINANCE_REVIEW", False)

LANGUAGE_CODE = "zh-hans"
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
WHITENOISE_AUTOREFRESH = False
FRONTEND_DIST = Path(env_str("SMEDT_FRONTEND_DIST", str(REPO_DIR / "frontend" / "dist")))
STATICFILES_DIRS = [p for p in [FRONTEND_DIST] if p.is_dir()]
WHITENOISE_ROOT = FRONTEND_DIST if FRONTEND_DIST.is_dir() else None
WHITENOISE_INDEX_FILE = False

MEDIA_ROOT = DATA_DIR / "media"
STORAGES: dict[str, dict[str, object]] = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
if env_bool("USE_S3", False):
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env_str("SMEDT_S3_BUCKET"),
            "endpoint_url": env_str("SMEDT_S3_ENDPOINT"),
            "access_key": env_secret("SMEDT_S3_ACCESS_KEY"),
            "secret_key": env_secret("SMEDT_S3_SECRET_KEY"),
        },
    }
SMEDT_UPLOAD_MAX_BYTES = env_int("SMEDT_UPLOAD_MAX_BYTES", 20 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = SMEDT_UPLOAD_MAX_BYTES + 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024

TASKS = {
    "default": {
        "BACKEND": env_str("SMEDT_TASK_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}
# Cache: process-local memory by default (one machine, no server); Redis in production
# (SMEDT_CACHE_URL=redis://127.0.0.1:6379/1) so every web worker sees the same entries and invalidations.
SMEDT_CACHE_URL = env_str("SMEDT_CACHE_URL", "")
CACHES: dict[str, dict[str, object]] = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": SMEDT_CACHE_URL, "KEY_PREFIX": "smedt"}
        if SMEDT_CACHE_URL
        else {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "smedt",
            "OPTIONS": {"MAX_ENTRIES": 5000},
        }
    )
}
# totals above 1,000 rows are counted exactly once per this many seconds (core.api.pagination)
SMEDT_PAGE_COUNT_CACHE_SECONDS = env_int("SMEDT_PAGE_COUNT_CACHE_SECONDS", 120)
# Anonymous portal answers are cached this long (and dropped on every publish/withdraw); dashboards
# and summaries (core.aggcache) until their data changes, at the latest after the second value.
# Invalidation must reach every web worker, so both are on by default only with the shared (Redis)
# cache; with process memory each worker would keep serving what another worker just invalidated.
SMEDT_PUBLIC_CACHE_SECONDS = env_int("SMEDT_PUBLIC_CACHE_SECONDS", 60 if SMEDT_CACHE_URL else 0)
SMEDT_AGGREGATE_CACHE_SECONDS = env_int("SMEDT_AGGREGATE_CACHE_SECONDS", 300 if SMEDT_CACHE_URL else 0)
# Per-request fixed cost of every list (issue 13): a user's resolved role grants (rbac.grants) and the
# session are read from the shared cache instead of the database. Both rely on invalidation reaching
# every worker (a revoked role, an ended session), so they are on by default only with Redis.
SMEDT_GRANTS_CACHE_SECONDS = env_int("SMEDT_GRANTS_CACHE_SECONDS", 300 if SMEDT_CACHE_URL else 0)
# the signed-in user (accounts.usercache: versioned per user, retired by every write to the user)
SMEDT_USER_CACHE_SECONDS = env_int("SMEDT_USER_CACHE_SECONDS", 300 if SMEDT_CACHE_URL else 0)
if env_bool("SMEDT_SESSION_CACHE", bool(SMEDT_CACHE_URL)):
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

SMEDT_TASK_LEASE_SECONDS = env_int("SMEDT_TASK_LEASE_SECONDS", 300)
SMEDT_TASK_MAX_ATTEMPTS = env_int("SMEDT_TASK_MAX_ATTEMPTS", 5)

SMEDT_CITY_NAME = env_str("SMEDT_CITY_NAME", "新乡市")
SMEDT_PLATFORM_NAME = env_str("SMEDT_PLATFORM_NAME", "中小企业数字化转型公共服务平台")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("SMEDT_LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

# Reference data files (another city = other files; see docs/deployment.md)
SMEDT_REGIONS_FILE = env_str(
    "SMEDT_REGIONS_FILE", str(BASE_DIR / "smedt" / "regions" / "data" / "xinxiang-divisions.yaml")
)
SMEDT_DICTS_FILE = env_str("SMEDT_DICTS_FILE", str(BASE_DIR / "smedt" / "dicts" / "data" / "reference-dicts.yaml"))
# 试点成效展示: dashboard cache (seconds, at most 60) and the data files (another city = other files)
SMEDT_INSIGHTS_CACHE_SECONDS = env_int("SMEDT_INSIGHTS_CACHE_SECONDS", 60)
SMEDT_INSIGHTS_KPI_FILE = env_str("SMEDT_INSIGHTS_KPI_FILE", "")
SMEDT_INSIGHTS_PROVIDER_TARGETS_FILE = env_str("SMEDT_INSIGHTS_PROVIDER_TARGETS_FILE", "")
SMEDT_INSIGHTS_MAP_FILE = env_str("SMEDT_INSIGHTS_MAP_FILE", "")
# background summary of the heavy widgets (KPI, forecast, durations): refreshed every N s, used while younger
# than MAX_AGE s (0: always live) — see smedt/insights/summary.py
SMEDT_INSIGHTS_SUMMARY_EVERY = env_int("SMEDT_INSIGHTS_SUMMARY_EVERY", 60)
SMEDT_INSIGHTS_SUMMARY_MAX_AGE = env_int("SMEDT_INSIGHTS_SUMMARY_MAX_AGE", 180)
# the industry cells (成效展示 / 线上监测, 行业画像, 对标分析) are rewritten whole only every N s (heavy at 100,000
# enterprises); the dashboard's are kept current in between by part refreshes after each write
SMEDT_INDUSTRY_SUMMARY_EVERY = env_int("SMEDT_INDUSTRY_SUMMARY_EVERY", 900)
# background exports (smedt/exports): files kept TTL hours, progress saved every N rows, active jobs per user
SMEDT_EXPORT_TTL_HOURS = env_int("SMEDT_EXPORT_TTL_HOURS", 72)
SMEDT_EXPORT_PROGRESS_EVERY = env_int("SMEDT_EXPORT_PROGRESS_EVERY", 1000)
SMEDT_EXPORT_MAX_ACTIVE = env_int("SMEDT_EXPORT_MAX_ACTIVE", 3)
# national pilot platform push (docs/integrations/national-platform.md): off | http | console
SMEDT_NATIONAL_TRANSPORT = env_str("SMEDT_NATIONAL_TRANSPORT", "off")
SMEDT_NATIONAL_URL = env_str("SMEDT_NATIONAL_URL", "")
SMEDT_NATIONAL_SENDER = env_str("SMEDT_NATIONAL_SENDER", "410700")
SMEDT_NATIONAL_SIGN_ALG = env_str("SMEDT_NATIONAL_SIGN_ALG", "hmac-sm3")
SMEDT_NATIONAL_HMAC_KEY = env_str("SMEDT_NATIONAL_HMAC_KEY", "")
SMEDT_NATIONAL_SM2_PRIVATE_KEY = env_str("SMEDT_NATIONAL_SM2_PRIVATE_KEY", "")
SMEDT_NATIONAL_SM2_PUBLIC_KEY = env_str("SMEDT_NATIONAL_SM2_PUBLIC_KEY", "")
SMEDT_NATIONAL_TIMEOUT = env_int("SMEDT_NATIONAL_TIMEOUT", 10)
SMEDT_NATIONAL_MAX_ATTEMPTS = env_int("SMEDT_NATIONAL_MAX_ATTEMPTS", 6)
SMEDT_TRUST_X_FORWARDED_FOR = env_bool("SMEDT_TRUST_X_FORWARDED_FOR", False)
