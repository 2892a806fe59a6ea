"""Reads of import batches, scoped: a batch is its uploader's (system administrators see all)."""

from ocop.imports.models import ImportBatch


def visible_batches(user):
    """Batches `user` may follow and confirm: their own; every batch for a superuser."""
    batches = ImportBatch.objects.all()
    return batches if user.is_superuser else batches.filter(created_by=user)
