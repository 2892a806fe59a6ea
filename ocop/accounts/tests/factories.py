from functools import cache

import factory
from django.contrib.auth.hashers import make_password

from ocop.accounts.models import RoleAssignment, User

PASSWORD = "matkhau-ocop-2026"


@cache
def _hashed(raw: str) -> str:
    # Hashing is deliberately slow; hash each test password once per run, not once per user.
    return make_password(raw)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    full_name = factory.Sequence(lambda n: f"Nguyễn Văn {n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.vn")

    @factory.post_generation
    def password(obj, create, extracted, **kwargs):
        obj.password = _hashed(extracted or PASSWORD)
        if create:
            obj.save(update_fields=["password"])


class RoleAssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RoleAssignment

    user = factory.SubFactory(UserFactory)
