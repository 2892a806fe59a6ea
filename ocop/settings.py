"""One settings module, driven by environment variables (see .env.example).

OCOP_PROFILE=production turns on the production checks: DEBUG must be off and a real
secret key must be set, or the process refuses to start.
"""

import datetime
import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = Path(os.environ.get("OCOP_DATA_DIR", BASE_DIR / "data"))


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEV_SECRET_KEY = "django-insecure-ocop-development-key-do-not-use-in-production"
PROFILE = os.environ.get("OCOP_PROFILE", "development")
SECRET_KEY = os.environ.get("SECRET_KEY", DEV_SECRET_KEY)
DEBUG = env_bool("DEBUG", PROFILE != "production")

if PROFILE == "production":
    if DEBUG:
        raise ImproperlyConfigured("OCOP_PROFILE=production refuses DEBUG=on.")
    if SECRET_KEY == DEV_SECRET_KEY or len(SECRET_KEY) < 50:
        raise ImproperlyConfigured("OCOP_PROFILE=production needs a real SECRET_KEY (50+ characters).")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver" if DEBUG else "")
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
    "django.contrib.sitemaps",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_filters",
    "django_tasks_db",
    "axes",
    "ocop.core",
    "ocop.geo",
    "ocop.accounts",
    "ocop.rules",
    "ocop.registry",
    "ocop.certification",
    "ocop.imports",
    "ocop.programme",
    "ocop.activities",
    "ocop.evaluation",
    "ocop.reporting",
    "ocop.office",
    "ocop.api",
    "ocop.public",
    "ocop.portal",
    "ocop.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "ocop.core.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    # Last, as its documentation asks: turns a locked-out sign-in into the lockout answer.
    "axes.middleware.AxesMiddleware",
]

# Content-Security-Policy, in both profiles: scripts only from our own static files (no inline
# script, no handler attributes: pages use data attributes read by static/ocop/ocop.js), nothing
# from other hosts (pages must work on a closed network), no framing. Inline *styles* stay allowed:
# server-drawn SVG charts and progress bars carry style attributes, which cannot take a nonce.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF, CSP.UNSAFE_INLINE],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "worker-src": [CSP.SELF, "blob:"],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}

ROOT_URLCONF = "ocop.urls"
WSGI_APPLICATION = "ocop.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "ocop" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "ocop.accounts.context_processors.navigation",
            ],
        },
    },
]

DATA_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{DATA_DIR / 'ocop.sqlite3'}"),
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("OPTIONS", {})["init_command"] = (
        "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
    )
    DATABASES["default"]["OPTIONS"]["transaction_mode"] = "IMMEDIATE"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# Covering indexes (Index.include) speed up statistics on PostgreSQL; SQLite builds them on their
# key columns only, which is all it can do, so its warning about that says nothing useful.
SILENCED_SYSTEM_CHECKS = ["models.W040"]

AUTH_USER_MODEL = "accounts.User"
# Failed sign-ins (pages, admin, API token) are counted per account and per client address; at
# LOGIN_FAILURE_LIMIT both are refused for LOGIN_LOCKOUT_MINUTES (ocop/accounts/lockout.py).
AUTHENTICATION_BACKENDS = [
    "ocop.accounts.lockout.LoginLockoutBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_FAILURE_LIMIT = int(os.environ.get("LOGIN_FAILURE_LIMIT", "5"))
LOGIN_LOCKOUT_MINUTES = int(os.environ.get("LOGIN_LOCKOUT_MINUTES", "15"))
AXES_FAILURE_LIMIT = LOGIN_FAILURE_LIMIT
AXES_COOLOFF_TIME = datetime.timedelta(minutes=LOGIN_LOCKOUT_MINUTES)
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "ocop.accounts.lockout.lockout_response"
AXES_DISABLE_ACCESS_LOG = True  # successful sign-ins need no row each; failures are what counts
AXES_VERBOSE = False
# Behind a reverse proxy, the client address is the first of X-Forwarded-For (set the proxy count).
AXES_IPWARE_PROXY_COUNT = int(os.environ["PROXY_COUNT"]) if os.environ.get("PROXY_COUNT") else None
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "portal:home"
LOGOUT_REDIRECT_URL = "portal:home"

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Tiếng Việt")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "ocop" / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "ocop" / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", DATA_DIR / "static"))
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # whitenoise warns on every request otherwise
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", DATA_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PROFILE == "production"
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

MAILERS = {
    "default": {
        "BACKEND": os.environ.get(
            "EMAIL_BACKEND",
            "django.core.mail.backends.smtp.EmailBackend"
            if PROFILE == "production"
            else "django.core.mail.backends.console.EmailBackend",
        ),
        "OPTIONS": {
            key: value
            for key, value in {
                "host": os.environ.get("EMAIL_HOST"),
                "port": int(os.environ["EMAIL_PORT"]) if os.environ.get("EMAIL_PORT") else None,
                "username": os.environ.get("EMAIL_HOST_USER"),
                "password": os.environ.get("EMAIL_HOST_PASSWORD"),
                "use_tls": env_bool("EMAIL_USE_TLS", False) or None,
            }.items()
            if value is not None
        },
    }
}
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "ocop@localhost")

# The public site's domain: QR stamps and printed certificates hold https://<domain>/v/<code>.
OCOP_PUBLIC_DOMAIN = os.environ.get("OCOP_PUBLIC_DOMAIN", "localhost:8000")
# The licence line every open-data file carries.
OCOP_OPEN_DATA_LICENCE = os.environ.get(
    "OCOP_OPEN_DATA_LICENCE", "CC BY 4.0 — https://creativecommons.org/licenses/by/4.0/"
)

# Background jobs: Django's tasks API with a database-backed worker (`ocop db_worker`).
# TASKS_BACKEND=immediate runs them inline (tests, or a machine without a worker).
TASKS = {
    "default": {
        "BACKEND": "django.tasks.backends.immediate.ImmediateBackend"
        if os.environ.get("TASKS_BACKEND") == "immediate"
        else "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default"],
    }
}

# Staged imports (ocop.imports, ocop.programme): what one file may hold, how long a batch may stay
# in a working state, how long uploaded files are kept, and where (never under MEDIA_ROOT).
IMPORT_MAX_ROWS = int(os.environ.get("OCOP_IMPORT_MAX_ROWS", 50_000))
IMPORT_MAX_COLUMNS = int(os.environ.get("OCOP_IMPORT_MAX_COLUMNS", 50))
IMPORT_MAX_FILE_BYTES = int(os.environ.get("OCOP_IMPORT_MAX_FILE_MB", 20)) * 1024 * 1024
IMPORT_MAX_UNZIPPED_BYTES = int(os.environ.get("OCOP_IMPORT_MAX_UNZIPPED_MB", 200)) * 1024 * 1024
IMPORT_TIMEOUT_MINUTES = int(os.environ.get("OCOP_IMPORT_TIMEOUT_MINUTES", 60))
IMPORT_RETENTION_DAYS = int(os.environ.get("OCOP_IMPORT_RETENTION_DAYS", 90))
PRIVATE_ROOT = Path(os.environ.get("OCOP_PRIVATE_ROOT", DATA_DIR / "private"))

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Token first: an anonymous request gets 401 with `WWW-Authenticate: Token`, not a bare 403.
        "ocop.api.authentication.ExpiringTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "ocop.api.pagination.Pagination",
    "PAGE_SIZE": 50,
    "EXCEPTION_HANDLER": "ocop.api.errors.exception_handler",
    # Per process (the default cache); requests per minute from one address / one signed-in user.
    "DEFAULT_THROTTLE_CLASSES": [
        "rest_framework.throttling.AnonRateThrottle",
        "rest_framework.throttling.UserRateThrottle",
        "rest_framework.throttling.ScopedRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": os.environ.get("API_THROTTLE_ANON", "60/min"),
        "user": os.environ.get("API_THROTTLE_USER", "600/min"),
        "login": os.environ.get("API_THROTTLE_LOGIN", "10/min"),
        # The public API (throttle scope "public", per client address, no login).
        "public": os.environ.get("OCOP_PUBLIC_API_RATE", "120/min"),
    },
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    # Services' domain errors (a Django ValidationError) become 400 answers with field messages.
}
# The most rows one API page may ask for with ?limit= (a larger limit is cut to this).
API_MAX_LIMIT = int(os.environ.get("API_MAX_LIMIT", "500"))
# An API token stops working this many hours after it was issued (then ask for a new one).
API_TOKEN_TTL_HOURS = int(os.environ.get("API_TOKEN_TTL_HOURS", "720"))
SPECTACULAR_SETTINGS = {
    "TITLE": "OCOP API",
    "DESCRIPTION": "API of the OCOP information system (Mỗi xã một sản phẩm).",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {
        "RevocationGroundEnum": "ocop.certification.models.RevocationGround",
        "CertificateKindEnum": "ocop.certification.models.Kind",
        "ImportKindEnum": "ocop.imports.models.ImportBatch.Kind",
        "ImportStateEnum": "ocop.imports.models.ImportBatch.State",
        "DossierStateEnum": "ocop.evaluation.models.DossierState",
        "ScoreStateEnum": "ocop.evaluation.models.ScoreState",
        "SignupStateEnum": "ocop.evaluation.models.SignupState",
        "ChannelKindEnum": "ocop.activities.models.ChannelKind",
        "PointKindEnum": "ocop.activities.models.PointKind",
        "EventKindEnum": "ocop.activities.models.EventKind",
        "SupportKindEnum": "ocop.activities.models.SupportKind",
        "EvaluationLevelEnum": "ocop.evaluation.models.Level.choices",
        "UnitLevelEnum": "ocop.geo.models.Level.choices",
        "DossierKindEnum": "ocop.evaluation.models.DossierKind.choices",
    },
}

if PROFILE == "production":
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
