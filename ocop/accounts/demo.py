"""Demo accounts, one per role, for `ocop load_demo` and the demo login table."""

from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.db import transaction

from ocop.accounts.models import Role, RoleAssignment, User
from ocop.accounts.services import role_grant
from ocop.geo.models import AdminUnit, Level, Scheme

DEMO_PASSWORD = "ocop2026"


@dataclass(frozen=True)
class DemoUser:
    username: str
    full_name: str
    role: str
    province_code: int | None = None  # current-scheme province
    first_commune: bool = False  # the province's first commune by code, not the province


DEMO_USERS = [
    DemoUser("admin", "Trần Minh Quân", Role.SYSTEM_ADMIN),
    DemoUser("trunguong", "Lê Thị Thu Hà", Role.CENTRAL_OFFICER),
    DemoUser("tinh.cantho", "Nguyễn Văn Phúc", Role.PROVINCE_OFFICER, 92),
    DemoUser("tinh.tayninh", "Phạm Thị Ngọc Anh", Role.PROVINCE_OFFICER, 80),
    DemoUser("tinh.caobang", "Nông Văn Dũng", Role.PROVINCE_OFFICER, 4),
    DemoUser("xa.cantho", "Huỳnh Thị Bích Trâm", Role.COMMUNE_OFFICER, 92, first_commune=True),
    # Councils and producers come with later apps: these two hold their role with no object yet.
    DemoUser("hoidong", "Đặng Quốc Bảo", Role.COUNCIL_MEMBER),
    DemoUser("chuthe", "Võ Thị Kim Ngân", Role.PRODUCER),
]


def _unit_for(spec: DemoUser) -> AdminUnit | None:
    if spec.province_code is None:
        return None
    province = AdminUnit.objects.get(scheme=Scheme.CURRENT, level=Level.PROVINCE, code=spec.province_code)
    if not spec.first_commune:
        return province
    return AdminUnit.objects.filter(scheme=Scheme.CURRENT, level=Level.COMMUNE, province=province).order_by(
        "code"
    )[0]


@transaction.atomic
def create_demo_users() -> list[User]:
    """Create the demo accounts and their roles; running it again changes nothing."""
    users, hashed = [], None
    for spec in DEMO_USERS:
        user, created = User.objects.get_or_create(
            username=spec.username,
            defaults={"full_name": spec.full_name, "email": f"{spec.username}@ocop.example.vn"},
        )
        if created:
            # One hash for all: the demo password is public anyway, and hashing is slow.
            hashed = hashed or make_password(DEMO_PASSWORD)
            user.password = hashed
            if spec.role == Role.SYSTEM_ADMIN:
                user.is_staff = user.is_superuser = True
            user.save()
        unit = _unit_for(spec)
        if not RoleAssignment.objects.filter(user=user, role=spec.role, unit=unit).exists():
            role_grant(actor=None, user=user, role=spec.role, unit=unit)
        users.append(user)
    return users
