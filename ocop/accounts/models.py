"""Users and their roles. A role is granted on a scope: the whole country, a province or commune
of the current scheme, or one object of a higher app (a council, a producer) named generically so
this app never imports the apps above it.
"""

from django.contrib.auth.models import AbstractUser
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    full_name = models.CharField(_("họ và tên"), max_length=150, blank=True)
    phone = models.CharField(_("số điện thoại"), max_length=20, blank=True)

    class Meta:
        verbose_name = _("người dùng")
        verbose_name_plural = _("người dùng")

    def __str__(self) -> str:
        return self.full_name or self.username

    # A system administrator holds every Django model permission, so the admin works for them
    # without also making them superusers.
    def has_perm(self, perm, obj=None) -> bool:
        return self._is_system_admin() or super().has_perm(perm, obj)

    def has_module_perms(self, app_label) -> bool:
        return self._is_system_admin() or super().has_module_perms(app_label)

    def _is_system_admin(self) -> bool:
        from ocop.accounts.permissions import roles_of

        return self.is_active and Role.SYSTEM_ADMIN in roles_of(self)


class Role(models.TextChoices):
    SYSTEM_ADMIN = "system_admin", _("Quản trị hệ thống")
    CENTRAL_OFFICER = "central_officer", _("Cán bộ Văn phòng điều phối trung ương")
    PROVINCE_OFFICER = "province_officer", _("Cán bộ cấp tỉnh")
    COMMUNE_OFFICER = "commune_officer", _("Cán bộ cấp xã")
    COUNCIL_MEMBER = "council_member", _("Thành viên hội đồng đánh giá")
    PRODUCER = "producer", _("Chủ thể OCOP")


class RoleAssignment(models.Model):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="role_assignments")
    role = models.CharField(_("vai trò"), max_length=20, choices=Role.choices)
    # Province or commune of the current scheme (province and commune officers).
    unit = models.ForeignKey(
        "geo.AdminUnit",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="role_assignments",
        verbose_name=_("đơn vị hành chính"),
    )
    # A council or a producer (council members, producers), referenced without importing its app.
    scope_type = models.ForeignKey(ContentType, null=True, blank=True, on_delete=models.PROTECT)
    scope_id = models.CharField(max_length=64, blank=True)
    granted_at = models.DateTimeField(_("ngày cấp"), auto_now_add=True)

    class Meta:
        verbose_name = _("phân quyền")
        verbose_name_plural = _("phân quyền")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "role", "unit", "scope_type", "scope_id"], name="accounts_role_unique"
            )
        ]

    def __str__(self) -> str:
        scope = self.unit or (f"{self.scope_type}#{self.scope_id}" if self.scope_type else _("toàn quốc"))
        return f"{self.user} — {self.get_role_display()} — {scope}"

    def clean(self) -> None:
        from ocop.accounts.role_rules import validate_role_scope

        validate_role_scope(
            role=self.role, unit=self.unit, scope_type=self.scope_type, scope_id=self.scope_id
        )
