"""All settings, read from the environment in this one module.

The embedded defaults (SQLite under var/, a filesystem Celery broker, a file cache) need no server;
DATABASE_URL and REDIS_URL switch the same code to PostgreSQL and Redis.
"""

import os
import secrets
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from liaison.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("LIAISON_VAR_DIR", str(BASE_DIR / "var")))
VAR_DIR.mkdir(parents=True, exist_ok=True)

# pytest (8.2+) sets PYTEST_VERSION for the whole run.
TESTING = "PYTEST_VERSION" in os.environ
DEBUG = env_bool("DEBUG", False)


def _secret_key() -> str:
    key = env_str("SECRET_KEY")
    if key:
        return key
    if not (DEBUG or TESTING):
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off (production).")
    # Development only: one random key kept under var/, so sessions survive a restart.
    path = VAR_DIR / "dev-secret-key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50))
    return path.read_text().strip()


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"] if DEBUG or TESTING else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "django_htmx",
    "axes",
    "csp",
    "liaison",
    "notifications",
    "stations",
    "deputies",
    "petitions",
    "meetings",
    "performance",
    "public",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "csp.middleware.CSPMiddleware",
    # Last, as django-axes asks.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "liaison.urls"
ADMIN_URL = env_str("ADMIN_URL", "admin/")
# Where "/" sends each role; later apps repoint an entry when they build a richer home page.
LIAISON_HOME_URLS = {
    "admin": "performance:dashboard",
    "district_staff": "performance:dashboard",
    "street_staff": "performance:dashboard",
    "clerk": "petitions:clerk_home",
    "deputy": "petitions:mine",
}
WSGI_APPLICATION = "liaison.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "stations.context_processors.navigation",
                "notifications.context_processors.bell",
            ],
        },
    },
]

# Database: SQLite under var/ unless DATABASE_URL is set.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'liaison.sqlite3'}", conn_max_age=env_int("DB_CONN_MAX_AGE", 60)
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL + a busy timeout + IMMEDIATE transactions let the web process, a worker and beat share the file.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    if TESTING:
        # A file, not memory, so that a real Celery worker (tests/integration) opens the same test
        # database; one per pytest process, so that runs side by side never share it.
        DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / f"test-{os.getpid()}.sqlite3")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
elif TESTING:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
else:
    # Shared by the web process and the worker (import progress lives here).
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(VAR_DIR / "cache"),
        }
    }

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
if TESTING:
    # Hashing is not under test; a fast hasher keeps the role matrix quick.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Login lockout: per username + IP, never per IP alone (a station's clerks share one NAT address).
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("AXES_COOLOFF_MINUTES", 15) / 60
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_IPWARE_PROXY_COUNT = env_int("PROXY_COUNT", 0) or None
AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"] if env_int("PROXY_COUNT", 0) else [
    "REMOTE_ADDR"
]
AXES_SENSITIVE_PARAMETERS = ["password", "phone"]

# Internationalisation: Chinese first, English available.
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("Simplified Chinese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "Asia/Shanghai"
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
STORAGES = {
    # Uploads are private: served only through permission-checked views, never at a public URL.
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": VAR_DIR / "media"}},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG or TESTING
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
MEDIA_ROOT = VAR_DIR / "media"
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
LIAISON_IMPORT_MAX_BYTES = env_int("LIAISON_IMPORT_MAX_BYTES", 20 * 1024 * 1024)
# Exports (liaison/exports.py): up to this many rows download at once; more become a background job.
LIAISON_EXPORT_SYNC_MAX_ROWS = env_int("LIAISON_EXPORT_SYNC_MAX_ROWS", 2000)
LIAISON_EXPORT_BATCH_ROWS = env_int("LIAISON_EXPORT_BATCH_ROWS", 500)
LIAISON_EXPORT_KEEP_DAYS = env_int("LIAISON_EXPORT_KEEP_DAYS", 7)

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Celery: a broker with no server (kombu's filesystem transport) unless REDIS_URL is set.
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", TESTING)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_IGNORE_RESULT = True
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
if REDIS_URL:
    CELERY_BROKER_URL = REDIS_URL
else:
    _broker_dir = VAR_DIR / "broker"
    for _sub in ("queue", "processed"):
        (_broker_dir / _sub).mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_URL = "filesystem://"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_broker_dir / "queue"),
        "data_folder_out": str(_broker_dir / "queue"),
        "processed_folder": str(_broker_dir / "processed"),
        "store_processed": False,
        # kombu's exchange tables; its default is ./control, in whatever directory the worker started.
        "control_folder": str(_broker_dir / "control"),
    }
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
# Beat's schedule, in code: one entry per sweep (each sweep is safe to run twice or concurrently).
CELERY_BEAT_SCHEDULE = {
    "notifications-retry": {"task": "notifications.tasks.deliver_pending", "schedule": 5 * 60},
    # Reception days ahead (idempotent: a day already generated is skipped).
    "receptions-generate": {"task": "stations.tasks.generate_receptions", "schedule": 24 * 60 * 60},
    # Reception days not logged N days after their date become missed (stations/reception_sweep.py).
    "receptions-missed-sweep": {"task": "stations.tasks.sweep_missed", "schedule": 60 * 60},
    # Case deadlines: reminders, overdue, escalations (petitions/sweep.py); a run left queued past the
    # next one expires, since the next run does the same work.
    "petitions-deadline-sweep": {
        "task": "petitions.tasks.sweep_deadlines_task",
        "schedule": env_int("LIAISON_SWEEP_EVERY_SECONDS", 5 * 60),
        "options": {"expires": env_int("LIAISON_SWEEP_EVERY_SECONDS", 5 * 60)},
    },
    # Meetings' action items: the same reminders and ladder on the same cadence (meetings/sweep.py).
    "meetings-action-sweep": {
        "task": "meetings.tasks.sweep_action_items_task",
        "schedule": env_int("LIAISON_SWEEP_EVERY_SECONDS", 5 * 60),
        "options": {"expires": env_int("LIAISON_SWEEP_EVERY_SECONDS", 5 * 60)},
    },
    # Export jobs: queue again those whose worker was lost, delete old files (liaison/exports.py).
    "exports-sweep": {"task": "liaison.tasks.sweep_exports", "schedule": 10 * 60, "options": {"expires": 10 * 60}},
}

# Case deadlines (rules in DOMAIN.md §8; computed by liaison.deadlines, applied by the petitions app).
# Periods in calendar months, counted by the Civil Code (arts. 201–204); day lists are comma lists in the env.
LIAISON_REPLY_PERIOD_MONTHS = env_int("LIAISON_REPLY_PERIOD_MONTHS", 3)
LIAISON_REPLY_ROLL_TO_WORKING_DAY = env_bool("LIAISON_REPLY_ROLL_TO_WORKING_DAY", True)
LIAISON_EXTENSION_MAX_MONTHS = env_int("LIAISON_EXTENSION_MAX_MONTHS", 6)
LIAISON_REREPLY_PERIOD_MONTHS = env_int("LIAISON_REREPLY_PERIOD_MONTHS", 1)
LIAISON_REMINDER_OFFSETS_DAYS = [int(d) for d in env_list("LIAISON_REMINDER_OFFSETS_DAYS", ["30", "7"])]
LIAISON_ESCALATION_DAYS_AFTER_DUE = [int(d) for d in env_list("LIAISON_ESCALATION_DAYS_AFTER_DUE", ["0", "15", "30"])]

# Production hardening: on unless DEBUG; each can be relaxed from the environment behind a TLS proxy.
SECURE = not (DEBUG or TESTING)
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", SECURE)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("BEHIND_TLS_PROXY", False) else None
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31_536_000 if SECURE else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", SECURE)
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", SECURE)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", SECURE)
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 8 * 3600)
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "object-src": [NONE],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
        "base-uri": [SELF],
    }
}

DEFAULT_EXCEPTION_REPORTER_FILTER = "liaison.privacy.PersonalDataReporterFilter"
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"mask_phones": {"()": "liaison.privacy.PhoneMaskingFilter"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["mask_phones"]}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    # axes logs every successful login at INFO with the username: keep only its warnings.
    "loggers": {"django.db.backends": {"level": "WARNING"}, "axes": {"level": "WARNING"}},
}

ADMINS = [("Admin", a) for a in env_list("ADMIN_EMAILS")]
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")

# Notifications: email through EMAIL_BACKEND, SMS through a gateway class named by dotted path
# (the default only logs, phone masked). Unsent or failed sends are retried after N minutes.
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "webmaster@localhost")
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 30)  # seconds: a hung send ends long before the sweep retries it
LIAISON_SMS_SENDER = env_str("LIAISON_SMS_SENDER", "notifications.sms.LoggingSmsSender")
LIAISON_SITE_URL = env_str("LIAISON_SITE_URL", "").rstrip("/")  # makes the links in emails absolute
LIAISON_NOTIFY_RETRY_MINUTES = env_int("LIAISON_NOTIFY_RETRY_MINUTES", 10)

# Reception days (stations.reception_services): occurrences generated this many months ahead; the
# public notice of each one opens this many days before it (residents send topics, book slots).
LIAISON_RECEPTION_GENERATE_MONTHS = env_int("LIAISON_RECEPTION_GENERATE_MONTHS", 3)
LIAISON_RECEPTION_NOTICE_DAYS = env_int("LIAISON_RECEPTION_NOTICE_DAYS", 3)
# A planned reception day not logged this many days after its date is marked missed (the sweep).
LIAISON_RECEPTION_MISSED_AFTER_DAYS = env_int("LIAISON_RECEPTION_MISSED_AFTER_DAYS", 2)
# Topics and bookings one IP address may send per hour on public notices.
LIAISON_RECEPTION_PUBLIC_POSTS_PER_HOUR = env_int("LIAISON_RECEPTION_PUBLIC_POSTS_PER_HOUR", 10)

# Public case forms (liaison/ratelimit.py): submissions per IP per hour and per phone per day,
# tracking attempts per IP per window, attempts (right or wrong) per tracking number per hour and
# per day; how long a successful tracking look-up lets the resident rate without typing again; the
# largest request body.
LIAISON_PUBLIC_SUBMITS_PER_IP_PER_HOUR = env_int("LIAISON_PUBLIC_SUBMITS_PER_IP_PER_HOUR", 5)
LIAISON_PUBLIC_SUBMITS_PER_PHONE_PER_DAY = env_int("LIAISON_PUBLIC_SUBMITS_PER_PHONE_PER_DAY", 3)
LIAISON_PUBLIC_TRACKS_PER_IP = env_int("LIAISON_PUBLIC_TRACKS_PER_IP", 10)
LIAISON_PUBLIC_TRACK_WINDOW_MINUTES = env_int("LIAISON_PUBLIC_TRACK_WINDOW_MINUTES", 10)
LIAISON_PUBLIC_TRACK_FAILURES_PER_NUMBER = env_int("LIAISON_PUBLIC_TRACK_FAILURES_PER_NUMBER", 10)
LIAISON_PUBLIC_TRACK_ATTEMPTS_PER_NUMBER_PER_DAY = env_int("LIAISON_PUBLIC_TRACK_ATTEMPTS_PER_NUMBER_PER_DAY", 20)
LIAISON_PUBLIC_TRACK_GRANT_MINUTES = env_int("LIAISON_PUBLIC_TRACK_GRANT_MINUTES", 30)
LIAISON_PUBLIC_SUBMIT_MAX_BYTES = env_int("LIAISON_PUBLIC_SUBMIT_MAX_BYTES", 32 * 1024 * 1024)
# Meetings' public forms: opinions on a draft regulation per IP per hour; wrong one-time codes per IP
# (votes: per 10 minutes, generous because a whole meeting shares one network; reports: per hour).
LIAISON_CONSULTATION_OPINIONS_PER_IP_PER_HOUR = env_int("LIAISON_CONSULTATION_OPINIONS_PER_IP_PER_HOUR", 10)
LIAISON_VOTE_WRONG_CODES_PER_IP = env_int("LIAISON_VOTE_WRONG_CODES_PER_IP", 30)
LIAISON_REPORT_CODE_FAILURES_PER_IP_PER_HOUR = env_int("LIAISON_REPORT_CODE_FAILURES_PER_IP_PER_HOUR", 20)
