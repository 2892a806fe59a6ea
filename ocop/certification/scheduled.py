"""Periodic work of the certification app.

`notify_expiring_task` notifies producer and province, once per certificate, when a certificate
enters its expiry notice window. Run it once a day, either way (running it twice is harmless):

- cron on the server, e.g. ``15 6 * * * /srv/ocop/.venv/bin/ocop notify_expiring``;
- or enqueue the task (a worker started with ``ocop db_worker`` runs it)::

      from ocop.certification.scheduled import notify_expiring_task
      notify_expiring_task.enqueue()            # today
      notify_expiring_task.enqueue("2026-01-31")  # as of a given day
"""

import datetime

from django.tasks import task

from ocop.certification.services import notify_expiring


@task
def notify_expiring_task(date_iso: str | None = None) -> int:
    """Notify every certificate inside its notice window on `date_iso` (today by default)."""
    today = datetime.date.fromisoformat(date_iso) if date_iso else None
    return notify_expiring(today=today, actor="system:scheduled")
