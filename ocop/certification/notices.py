"""Who hears about a certificate about to expire, and what they read."""

from django.contrib.contenttypes.models import ContentType
from django.urls import NoReverseMatch, reverse

from ocop.accounts.models import Role, RoleAssignment, User
from ocop.core.notices import notify
from ocop.registry.models import Producer


def expiry_recipients(producer) -> list[User]:
    producer_type = ContentType.objects.get_for_model(Producer)
    assignments = RoleAssignment.objects.filter(
        role=Role.PRODUCER, scope_type=producer_type, scope_id=str(producer.pk)
    ) | RoleAssignment.objects.filter(role=Role.PROVINCE_OFFICER, unit_id=producer.province_id)
    return list(User.objects.filter(is_active=True, role_assignments__in=assignments).distinct())


def send_expiry_notice(certificate) -> int:
    product, producer = certificate.product, certificate.product.producer
    title = f"Giấy chứng nhận OCOP sắp hết hạn: {product.name} ({certificate.stars} sao)"
    body = (
        f"Sản phẩm {product.name} của {producer.name} được công nhận OCOP {certificate.stars} sao theo "
        f"Quyết định số {certificate.decision_number} ngày {certificate.decision_date:%d/%m/%Y}. "
        f"Giấy chứng nhận hết hiệu lực ngày {certificate.valid_until:%d/%m/%Y}. "
        "Đề nghị chủ thể chuẩn bị hồ sơ đánh giá lại; sau khi hết hạn sản phẩm không được sử dụng "
        "số sao và biểu trưng OCOP."
    )
    try:
        link = reverse("certification:certificate_detail", args=[certificate.pk])
    except NoReverseMatch:
        link = ""
    return notify(
        recipients=expiry_recipients(producer),
        title=title,
        body=body,
        link=link,
        kind="certificate_expiring",
        extra_emails=[producer.email],
    )
