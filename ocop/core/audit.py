"""The one way services record what they did (STYLE.md: every rule-carrying write is audited)."""

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models

from ocop.core.models import AuditEntry


def audit_log(*, actor, action: str, obj: models.Model | None = None, **details: Any) -> AuditEntry:
    """Append one audit entry. `action` is a dotted code such as "geo.unit_mapping_resolve"."""
    user = actor if getattr(actor, "is_authenticated", False) else None
    entry = AuditEntry(
        actor=user,
        actor_name=(user.get_username() if user else str(actor or "system"))[:150],
        action=action,
        details=details,
    )
    if obj is not None:
        entry.content_type = ContentType.objects.get_for_model(obj, for_concrete_model=False)
        entry.object_id = str(obj.pk)
        entry.object_repr = str(obj)[:255]
    entry.save()
    return entry


def history_for(obj: models.Model):
    """Audit entries about one object, newest first (for the history block on object pages)."""
    return AuditEntry.objects.for_object(obj).select_related("actor")
