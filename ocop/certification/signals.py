"""Signals for higher apps that keep their own copies of certificate data (the public catalogue).

Certificates are written in bulk (`services._write`), which sends no `post_save`; this signal is
sent once per batch instead, after the chains are relinked and the copied columns synced.
"""

from django.dispatch import Signal

# Sent with product_ids: the products whose certificates were just written.
certificates_recorded = Signal()
