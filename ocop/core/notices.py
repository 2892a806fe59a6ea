"""Tell a person something: an in-app notice, and an e-mail when they have an address."""

from django.core.mail import send_mail

from ocop.core.models import Notice


def notify(*, recipients, title: str, body: str = "", link: str = "", kind: str = "", extra_emails=()) -> int:
    """Create one notice per recipient user and send one e-mail to every distinct address
    (users' and `extra_emails`, e.g. a producer's contact address). Returns e-mails sent."""
    users = {user.pk: user for user in recipients if user is not None}.values()
    Notice.objects.bulk_create(
        [Notice(recipient=user, title=title, body=body, link=link, kind=kind) for user in users]
    )
    addresses = sorted({*(u.email for u in users if u.email), *(e for e in extra_emails if e)})
    if addresses:
        send_mail(title, f"{body}\n\n{link}".strip(), None, addresses, fail_silently=False)
    return len(addresses)
