"""The rules about producers that every writer shares: when two records are one producer, and who
may be marked a small or medium-sized enterprise. The producer form (through
`services.producer_create` / `producer_duplicates`) and the list import both ask these functions,
so a producer the form calls a duplicate is the one the import matches, and the other way round.

Their words are translated when asked (gettext); the list import asks them under the default
language, so its stored problems stay Vietnamese."""

from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ocop.core import vntext
from ocop.registry.models import ProducerType

SME_ONLY_ENTERPRISES = gettext_lazy("Chỉ doanh nghiệp mới được đánh dấu là doanh nghiệp nhỏ và vừa.")


@dataclass(frozen=True)
class ProducerKey:
    """What identifies a producer: tax code, folded name, current commune and province."""

    tax_code: str
    name: str  # folded (vntext.fold)
    commune_id: int | None
    province_id: int | None

    @classmethod
    def of(cls, *, tax_code: str, name: str, commune_id, province_id) -> "ProducerKey":
        return cls(tax_code or "", vntext.fold(name or ""), commune_id or None, province_id or None)


def same_producer(new: ProducerKey, old: ProducerKey) -> str | None:
    """Why `old` is taken as the producer `new` describes (a reason in the active language), or None.

    - The same tax code: the same producer.
    - Two different tax codes: two producers, whatever their names.
    - Otherwise the same name (case and diacritics aside) in the same commune; or in the same
      province when either commune is not known.
    """
    if new.tax_code and new.tax_code == old.tax_code:
        return _("trùng mã số thuế %(tax_code)s") % {"tax_code": new.tax_code}
    if new.tax_code and old.tax_code:
        return None
    if not new.name or new.name != old.name:
        return None
    if new.commune_id and old.commune_id:
        return _("trùng tên trong cùng xã/phường") if new.commune_id == old.commune_id else None
    if new.province_id and new.province_id == old.province_id:
        return _("trùng tên trong cùng tỉnh/thành phố (chưa rõ xã/phường)")
    return None


def sme_problem(*, producer_type: str, is_sme: bool) -> str | None:
    """Only an enterprise may be marked an SME (doanh nghiệp nhỏ và vừa)."""
    if is_sme and producer_type != ProducerType.ENTERPRISE:
        return str(SME_ONLY_ENTERPRISES)
    return None
