"""Linli settings: one module, everything from environment variables, safe defaults.

Environment:
  DATABASE_URL   database (default: SQLite file var/linli.sqlite3, WAL mode)
  SECRET_KEY     required when DEBUG is off and LINLI_DEMO is not set; the demo generates one into var/
  DEBUG          "1" to turn debug on (off by default)
  LINLI_PRODUCTION  HTTPS-only settings (HSTS, secure __Host- cookies, redirect to https); on by default
                 when SECRET_KEY comes from the environment and DEBUG is off
  ALLOWED_HOSTS  comma-separated (default: localhost,127.0.0.1)
  LINLI_VAR_DIR  where the SQLite file, the generated secret and uploads live (default: ./var)
  LINLI_STAFF_TOTP_REQUIRED  "1": staff without a TOTP device must enrol at log-in (default: on in a
                 real deployment, i.e. LINLI_PRODUCTION; off for the demo, development and the tests)
  LINLI_FIELD_KEYS, LINLI_FIELD_KEY_CURRENT  the key ring for personal information (core/crypto.py);
                 without them a generated ring is kept in var/field_keys.json (local use only)
"""

import os
import secrets
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent
VAR_DIR = Path(os.environ.get("LINLI_VAR_DIR", Path.cwd() / "var")).resolve()


def _env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _secret_key() -> str:
    key = os.environ.get("SECRET_KEY")
    if key:
        return key
    # A local deployment (the demo, development, tests) keeps a generated key in var/.
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    path = VAR_DIR / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


DEBUG = _env_bool("DEBUG")
SECRET_KEY = _secret_key()
ALLOWED_HOSTS = [h.strip() for h in os.environ.get("ALLOWED_HOSTS", "localhost,127.0.0.1").split(",") if h]

INSTALLED_APPS = [
    "linli.core",
    "linli.workdays",
    "linli.places",
    "linli.accounts",
    "linli.people",
    "linli.audit",
    "linli.notifications",
    "linli.appeals",
    "linli.visits",
    "linli.property",
    "linli.party",
    "linli.owners",
    "linli.open311",
    "linli.volunteers",
    "linli.points",
    "linli.mobilization",
    "linli.stairwells",
    "linli.votes",
    "linli.deliberation",  # after votes: its demo opens a poll once the votes demo has run
    "linli.mediation",
    "linli.projects",
    "linli.dashboards",  # last of the linli apps: its demo step summarises all the others
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "django_tasks",
    "django_tasks_db",
    "ninja",  # so /api/docs serves the Swagger UI files ninja ships, not a copy from a CDN
    "django_otp",
    "django_otp.plugins.otp_totp",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "linli.core.headers.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "linli.core.ratelimit.RateLimitMiddleware",
    # Before the session policy: a session waiting for its code reaches nothing else, not even the
    # password change page.
    "linli.accounts.two_factor.TwoFactorMiddleware",
    "linli.accounts.security.SessionPolicyMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "linli.urls"
WSGI_APPLICATION = "linli.wsgi.application"
ASGI_APPLICATION = "linli.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "linli.core.context_processors.site",
                "linli.core.context_processors.navigation",
                "linli.notifications.context_processors.notifications",
            ],
        },
    }
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'linli.sqlite3'}"), conn_max_age=60
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers go on while one writer writes; IMMEDIATE avoids lock upgrades mid-transaction.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    VAR_DIR.mkdir(parents=True, exist_ok=True)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["django.contrib.auth.backends.ModelBackend"]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "linli.accounts.security.RolePasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
# npm packages (package.json, installed by scripts/demo.sh and scripts/test.sh): only the files the pages
# use are served, e.g. ECharts at vendor/echarts/echarts.min.js (core/staticfinders.py).
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
    "linli.core.staticfinders.VendorFinder",
]
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # WhiteNoise serves from here after collectstatic
MEDIA_ROOT = VAR_DIR / "media"
MEDIA_URL = "/media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedStaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = True

SESSION_COOKIE_AGE = 12 * 3600
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# A real deployment (SECRET_KEY from the environment and DEBUG off — `linli serve` insists on both) is
# reached over HTTPS only, through a TLS-terminating proxy that sets X-Forwarded-Proto (docs/security.md).
# The demo and the tests run on plain http://127.0.0.1 and keep Django's defaults.
PRODUCTION = _env_bool("LINLI_PRODUCTION", default=bool(os.environ.get("SECRET_KEY")) and not DEBUG)
if PRODUCTION:
    SECURE_SSL_REDIRECT = True
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # the load balancer's health check speaks plain HTTP
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = int(os.environ.get("LINLI_HSTS_SECONDS", 365 * 24 * 3600))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = True
    # __Host-: the browser keeps the cookie only if Secure, Path=/ and without Domain — no sub-domain can
    # set or overwrite it.
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"

DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
LINLI_IMPORT_MAX_BYTES = 20 * 1024 * 1024

NINJA_PAGINATION_PER_PAGE = 50
NINJA_PAGINATION_CLASS = "linli.core.pagination.Pagination"  # limit and offset bounded

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
    # The logging notification backend stands in for SMS and WeChat: show what it "sent".
    "loggers": {
        "linli.notifications": {"level": os.environ.get("LINLI_NOTIFICATIONS_LOG_LEVEL", "INFO")},
        # Who took what personal data out, and why (12345 exports); the ledger will keep it in a table.
        "linli.audit": {"level": "INFO"},
        # What each round of the background worker did (one line per module).
        "linli.worker": {"level": "INFO"},
    },
}

# Notification channels (linli/notifications/backends.py): channel → backend class.
LINLI_NOTIFICATION_BACKENDS = {
    "sms": os.environ.get("LINLI_SMS_BACKEND", "linli.notifications.backends.LoggingBackend"),
    "wechat": os.environ.get("LINLI_WECHAT_BACKEND", "linli.notifications.backends.LoggingBackend"),
}

# Grid rules (DOMAIN.md §1): a 微网格 holds 30–100 households or shops.
LINLI_MICRO_GRID_MIN_HOUSEHOLDS = int(os.environ.get("LINLI_MICRO_GRID_MIN_HOUSEHOLDS", "30"))
LINLI_MICRO_GRID_MAX_HOUSEHOLDS = int(os.environ.get("LINLI_MICRO_GRID_MAX_HOUSEHOLDS", "100"))

# Working periods of a working day (linli.workdays), e.g. LINLI_WORKING_HOURS="08:30-12:00,13:30-17:30".
LINLI_WORKING_HOURS = [
    tuple(period.strip().split("-", 1))
    for period in os.environ.get("LINLI_WORKING_HOURS", "08:30-12:00,13:30-17:30").split(",")
    if period.strip()
]

# Background work through Django's tasks API (the django-tasks backport of django.tasks): queued in the
# database by default and run by `linli worker` — no broker to install on one machine (docs/scaling.md
# for more). The suite runs tasks at once where they are enqueued unless LINLI_TASKS_BACKEND=database.
_TASK_BACKENDS = {
    "database": "django_tasks_db.DatabaseBackend",
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
}
TASKS = {
    "default": {
        "BACKEND": _TASK_BACKENDS[
            os.environ.get(
                "LINLI_TASKS_BACKEND", "immediate" if os.environ.get("PYTEST_VERSION") else "database"
            )
        ]
    }
}

# Two-factor log-in for staff (linli/accounts/two_factor.py, docs/security.md): staff with a confirmed TOTP
# device always give a code after the password; when LINLI_STAFF_TOTP_REQUIRED is on, staff without one
# must enrol before anything else. On by default in a real deployment (PRODUCTION above); the demo
# and development run with passwords only unless it is set.
LINLI_STAFF_TOTP_REQUIRED = _env_bool("LINLI_STAFF_TOTP_REQUIRED", default=PRODUCTION)
OTP_TOTP_ISSUER = "邻里"

if os.environ.get("PYTEST_VERSION"):  # set by pytest for the whole run
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # The suite logs staff in with a password; the two-factor tests switch the requirement on themselves.
    LINLI_STAFF_TOTP_REQUIRED = _env_bool("LINLI_STAFF_TOTP_REQUIRED", default=False)
    STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"

# Appeals (DOMAIN.md §12): supervision cards in working days after dispatch — (yellow, red) for signing
# and for handling; the window in which a resident may reopen a closed appeal; rework after an
# unsatisfied rating; the limit for returning an order as "not ours".
LINLI_APPEAL_CARDS = {
    "sign": (
        float(os.environ.get("LINLI_CARD_SIGN_YELLOW", "1")),
        float(os.environ.get("LINLI_CARD_SIGN_RED", "2")),
    ),
    "handle": (
        float(os.environ.get("LINLI_CARD_HANDLE_YELLOW", "5")),
        float(os.environ.get("LINLI_CARD_HANDLE_RED", "10")),
    ),
}
LINLI_APPEAL_REOPEN_DAYS = int(os.environ.get("LINLI_APPEAL_REOPEN_DAYS", "7"))
LINLI_APPEAL_MAX_REWORK = int(os.environ.get("LINLI_APPEAL_MAX_REWORK", "1"))
LINLI_APPEAL_RETURN_LIMIT_DAYS = float(os.environ.get("LINLI_APPEAL_RETURN_LIMIT_DAYS", "2"))
LINLI_APPEAL_MAX_PHOTOS = 9
LINLI_APPEAL_PHOTO_MAX_BYTES = 5 * 1024 * 1024
LINLI_APPEAL_DUPLICATE_DAYS = int(os.environ.get("LINLI_APPEAL_DUPLICATE_DAYS", "30"))
LINLI_APPEAL_DUPLICATE_THRESHOLD = float(os.environ.get("LINLI_APPEAL_DUPLICATE_THRESHOLD", "0.5"))
LINLI_HOTSPOT_DAYS = int(os.environ.get("LINLI_HOTSPOT_DAYS", "30"))
LINLI_HOTSPOT_MIN = int(os.environ.get("LINLI_HOTSPOT_MIN", "3"))
# Appeal auto-classification (appeals/classifier.py): the model `linli classifier train` saves and intake uses.
LINLI_CLASSIFIER_PATH = Path(
    os.environ.get("LINLI_CLASSIFIER_PATH", VAR_DIR / "models" / "appeal-classifier.joblib")
).resolve()

# Visits and patrols (linli/visits): days without a visit or call before a vulnerable resident's care
# alert (a care flag may set its own), check-ins a grid worker owes per working day (一日三巡), and the
# least time between two check-ins that both count.
LINLI_CARE_CONTACT_DAYS = int(os.environ.get("LINLI_CARE_CONTACT_DAYS", "7"))
LINLI_PATROLS_PER_DAY = int(os.environ.get("LINLI_PATROLS_PER_DAY", "3"))
LINLI_PATROL_MIN_GAP_MINUTES = int(os.environ.get("LINLI_PATROL_MIN_GAP_MINUTES", "30"))

# Open311 GeoReport v2 (linli/open311): the jurisdiction_id this deployment answers to (the parameter is
# optional; when given it must match) and the contact shown by discovery.
LINLI_OPEN311_JURISDICTION = os.environ.get("LINLI_OPEN311_JURISDICTION", "linli")
LINLI_OPEN311_CONTACT = os.environ.get("LINLI_OPEN311_CONTACT", "邻里平台管理员（区社会治理委员会）")

# Personal information (docs/security.md): 身份证号 and mobile numbers are encrypted with the key ring of
# LINLI_FIELD_KEYS / LINLI_FIELD_KEY_CURRENT, else of this file (generated, mode 600; keep it out of the
# database's backups). Full values are shown at most LINLI_REVEAL_PER_HOUR times an hour per user; audit
# entries are kept at least LINLI_AUDIT_RETENTION_DAYS (网络安全法 Art. 21: six months).
LINLI_FIELD_KEYS_FILE = Path(os.environ.get("LINLI_FIELD_KEYS_FILE", VAR_DIR / "field_keys.json")).resolve()
LINLI_REVEAL_PER_HOUR = int(os.environ.get("LINLI_REVEAL_PER_HOUR", "30"))
LINLI_AUDIT_RETENTION_DAYS = int(os.environ.get("LINLI_AUDIT_RETENTION_DAYS", "180"))  # < 180 is refused

# Rate limits (linli/core/ratelimit.py, docs/security.md), counted in the database so that every worker
# shares them; 0 switches a limit off (benchmarks, bulk loads). Per user and hour: appeals a resident
# submits (web form or API), appeals a staff member records (代办, 接待日, 热线 …), exports downloaded
# (Excel, CSV, PDF reports, case archives). Open311 POST service requests: per api_key and per client
# address, per minute.
LINLI_INTAKE_PER_HOUR = int(os.environ.get("LINLI_INTAKE_PER_HOUR", "10"))
LINLI_INTAKE_STAFF_PER_HOUR = int(os.environ.get("LINLI_INTAKE_STAFF_PER_HOUR", "200"))
LINLI_EXPORT_PER_HOUR = int(os.environ.get("LINLI_EXPORT_PER_HOUR", "60"))
LINLI_OPEN311_PER_KEY_PER_MINUTE = int(os.environ.get("LINLI_OPEN311_PER_KEY_PER_MINUTE", "600"))
LINLI_OPEN311_PER_ADDRESS_PER_MINUTE = int(os.environ.get("LINLI_OPEN311_PER_ADDRESS_PER_MINUTE", "1200"))
# PIPL: a moved-out resident's personal data is anonymised this many days after the move-out (default 3
# years); a resident may download their own data LINLI_OWN_DATA_DOWNLOADS_PER_DAY times a day.
LINLI_MOVED_OUT_RETENTION_DAYS = int(os.environ.get("LINLI_MOVED_OUT_RETENTION_DAYS", "1095"))
LINLI_OWN_DATA_DOWNLOADS_PER_DAY = 5

# Volunteers and points (linli/volunteers, linli/points): points per hour of service (rounded down to
# whole points), the most one activity pays (unless it sets its own cap) and the most a day pays.
LINLI_POINTS_PER_HOUR = int(os.environ.get("LINLI_POINTS_PER_HOUR", "1"))
LINLI_POINTS_ACTIVITY_CAP = int(os.environ.get("LINLI_POINTS_ACTIVITY_CAP", "8"))
LINLI_POINTS_DAILY_CAP = int(os.environ.get("LINLI_POINTS_DAILY_CAP", "10"))

# Emergency mobilization (linli/mobilization): minutes to reach every household (the "3-hour clock"), and
# the share of that time after which households still unreached are escalated to the grid leader.
LINLI_EMERGENCY_REACH_MINUTES = int(os.environ.get("LINLI_EMERGENCY_REACH_MINUTES", "180"))
LINLI_EMERGENCY_ESCALATE_AT = float(os.environ.get("LINLI_EMERGENCY_ESCALATE_AT", "0.75"))

# Dashboards (linli/dashboards): how often the worker recounts the pre-aggregated figures.
LINLI_DASHBOARD_REFRESH_MINUTES = int(os.environ.get("LINLI_DASHBOARD_REFRESH_MINUTES", "15"))

# Mediation (linli/mediation): days before the 30-day judicial-confirmation window (人民调解法 Art. 33)
# closes on which the mediator is reminded.
LINLI_MEDIATION_JUDICIAL_REMIND_DAYS = int(os.environ.get("LINLI_MEDIATION_JUDICIAL_REMIND_DAYS", "7"))
