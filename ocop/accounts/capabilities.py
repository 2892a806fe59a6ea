"""Named capabilities and which roles hold them. Views and API endpoints declare the capability
they need; they never test role names themselves."""

from ocop.accounts.models import Role

# Administrative units and the officer workspace of a unit.
VIEW_UNIT_WORKSPACE = "units.view_workspace"
VIEW_ALL_UNITS = "units.view_all"
# Registry of producers, products and certificates (issue 3 builds on these).
VIEW_REGISTRY = "registry.view"
EDIT_REGISTRY = "registry.edit"
ISSUE_CERTIFICATE = "certification.issue"
REVOKE_CERTIFICATE = "certification.revoke"
# Dossiers, screening and scoring.
SUBMIT_DOSSIER = "dossier.submit"
SCREEN_DOSSIER = "dossier.screen"
SCORE_PRODUCT = "evaluation.score"
# Run rounds, councils, completeness checks and recognition decisions (province; central for 5★).
MANAGE_EVALUATION = "evaluation.manage"
# Reports, targets, audit and administration.
VIEW_REPORTS = "reports.view"
EDIT_TARGETS = "targets.edit"
VIEW_AUDIT = "audit.view"
MANAGE_USERS = "accounts.manage"
ACCESS_ADMIN = "admin.access"
MANAGE_OWN_PRODUCER = "producer.manage_own"
# Link people to producers: approve producer sign-ups, invite producers by e-mail (province
# officers in their province, commune officers in their commune).
LINK_PRODUCER_ACCOUNTS = "accounts.link_producers"
# Activities (issue 11): trade promotion, channels, points of sale, training, funding, support.
VIEW_ACTIVITIES = "activities.view"
EDIT_ACTIVITIES = "activities.edit"
EDIT_SALES_CHANNELS = "activities.edit_channels"  # also held by a producer, on its own channels

ALL = {
    VIEW_UNIT_WORKSPACE,
    VIEW_ALL_UNITS,
    VIEW_REGISTRY,
    EDIT_REGISTRY,
    ISSUE_CERTIFICATE,
    REVOKE_CERTIFICATE,
    SUBMIT_DOSSIER,
    SCREEN_DOSSIER,
    SCORE_PRODUCT,
    MANAGE_EVALUATION,
    VIEW_REPORTS,
    EDIT_TARGETS,
    VIEW_AUDIT,
    MANAGE_USERS,
    ACCESS_ADMIN,
    MANAGE_OWN_PRODUCER,
    LINK_PRODUCER_ACCOUNTS,
    VIEW_ACTIVITIES,
    EDIT_ACTIVITIES,
    EDIT_SALES_CHANNELS,
}

ROLE_CAPABILITIES: dict[str, frozenset[str]] = {
    Role.SYSTEM_ADMIN: frozenset(ALL),
    Role.CENTRAL_OFFICER: frozenset(
        {
            VIEW_UNIT_WORKSPACE,
            VIEW_ALL_UNITS,
            VIEW_REGISTRY,
            ISSUE_CERTIFICATE,
            REVOKE_CERTIFICATE,
            MANAGE_EVALUATION,
            VIEW_REPORTS,
            EDIT_TARGETS,
            VIEW_AUDIT,
            VIEW_ACTIVITIES,
        }
    ),
    Role.PROVINCE_OFFICER: frozenset(
        {
            VIEW_UNIT_WORKSPACE,
            VIEW_REGISTRY,
            EDIT_REGISTRY,
            LINK_PRODUCER_ACCOUNTS,
            MANAGE_EVALUATION,
            ISSUE_CERTIFICATE,
            REVOKE_CERTIFICATE,
            VIEW_REPORTS,
            EDIT_TARGETS,
            VIEW_AUDIT,
            VIEW_ACTIVITIES,
            EDIT_ACTIVITIES,
            EDIT_SALES_CHANNELS,
        }
    ),
    Role.COMMUNE_OFFICER: frozenset(
        {
            VIEW_UNIT_WORKSPACE,
            VIEW_REGISTRY,
            SCREEN_DOSSIER,
            LINK_PRODUCER_ACCOUNTS,
            VIEW_REPORTS,
            VIEW_ACTIVITIES,
        }
    ),
    Role.COUNCIL_MEMBER: frozenset({SCORE_PRODUCT}),
    Role.PRODUCER: frozenset({MANAGE_OWN_PRODUCER, SUBMIT_DOSSIER, VIEW_ACTIVITIES, EDIT_SALES_CHANNELS}),
}

# Roles whose scope is the whole country (no unit, no object).
NATIONAL_ROLES = frozenset({Role.SYSTEM_ADMIN, Role.CENTRAL_OFFICER})
# Roles granted on a unit of the current scheme, and the level that unit must have.
UNIT_ROLES = {Role.PROVINCE_OFFICER: "province", Role.COMMUNE_OFFICER: "commune"}
# Roles granted on one object of a higher app.
OBJECT_ROLES = frozenset({Role.COUNCIL_MEMBER, Role.PRODUCER})
