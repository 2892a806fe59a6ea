"""The one validator of a recognition decision under its regime, and what it works out.

Every path that records certificates — the decision form (`certificate_issue`), the import of the
provinces' lists, the demo generator and evaluation rounds (`certificates_issue_bulk`) — runs
`check_recognition` on each decision. Its rules:

- stars: a level the regime certifies (`Regime.certified_stars`, 3★–5★ in every regime so far);
- score (when given): 0–100 and inside the regime's band for those stars (4★ = 70 to under 90);
- decision: a number, a date not after today; the regime in force on that date is frozen;
- validity: `valid_until` (when given) after the decision date, else the regime's months;
- issuing level: who certifies those stars under the regime (`Regime.certifiers`; a district
  level has no district after the 2025 reform, so the province signs); a level given must match;
- issuing unit: none for central (5★), the producer's legacy district for district level, its
  province for province level (the legacy province for decisions before the reform, where known);
  a unit given must be that one;
- chain: one decision per product per day (the same number twice is a repeat); the previous
  certificate must not be revoked after this decision date (it would end superseded, not revoked);
- kind: "upgraded" needs more stars than the previous recognition, "downgraded" fewer, "renewed"
  as many; "new" is always accepted (earlier history may be missing). Without a kind, it follows
  from the previous recognition; a decision slotted before a later one must not contradict the
  later one's kind.

`check_recognition` is pure (no database): callers give the regime, where the producer is and the
product's chain. `resolve_recognitions` loads those for many recognitions at once and checks each
in decision-date order, so the bulk path runs exactly the same rules.
"""

import bisect
import datetime
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.db import connection
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from ocop.certification.dates import add_months
from ocop.certification.errors import CertificationError
from ocop.certification.models import Certificate, IssuerLevel, Kind
from ocop.core.bulk import ids_q
from ocop.geo.resolver import REFORM_DATE
from ocop.rules.models import Regime

KINDS = frozenset(Kind.values)  # `Kind.values` builds a list on every call


@dataclass(slots=True)
class Recognition:
    """A recognition decision to record, as a form, an import row, the demo or an evaluation says it.
    `product` and `issuer_unit` may be model instances or their ids."""

    product: object
    stars: int
    decision_number: str
    decision_date: datetime.date
    score: Decimal | None = None
    kind: str | None = None
    issuer_name: str = ""
    issuer_level: str | None = None
    issuer_unit: object = None
    valid_until: datetime.date | None = None

    @property
    def product_id(self) -> int:
        return getattr(self.product, "pk", self.product)

    @property
    def issuer_unit_id(self) -> int | None:
        return getattr(self.issuer_unit, "pk", self.issuer_unit)


@dataclass(frozen=True, slots=True)
class ProducerPlace:
    """Where the product's producer is: the units an issuing level is worked out from."""

    province_id: int | None
    legacy_province_id: int | None = None
    legacy_district_id: int | None = None


@dataclass(frozen=True, slots=True)
class Link:
    """A recognition already in the product's chain."""

    decision_date: datetime.date
    decision_number: str
    stars: int
    kind: str
    valid_until: datetime.date
    revoked_on: datetime.date | None = None
    pk: int | None = None


@dataclass(frozen=True, slots=True)
class Resolved:
    """A recognition that passed the rules, with everything the certificate needs worked out."""

    regime: Regime
    stars: int
    score: Decimal | None
    kind: str
    decision_number: str
    decision_date: datetime.date
    issuer_level: str
    issuer_unit_id: int | None
    valid_from: datetime.date
    valid_until: datetime.date
    notice_from: datetime.date

    def link(self) -> Link:
        return Link(self.decision_date, self.decision_number, self.stars, self.kind, self.valid_until)


def kind_between(previous_stars: int | None, stars: int) -> str:
    """The kind a recognition has after one with `previous_stars` (None: the first one)."""
    if previous_stars is None:
        return Kind.NEW
    if stars > previous_stars:
        return Kind.UPGRADED
    if stars < previous_stars:
        return Kind.DOWNGRADED
    return Kind.RENEWED


def kind_fits(previous_stars: int | None, stars: int, kind: str) -> bool:
    """Whether a stated kind agrees with the stars of the previous recognition."""
    if previous_stars is None or kind == Kind.NEW:
        return True
    return kind == kind_between(previous_stars, stars)


def certificate_dates(regime: Regime, decision_date: datetime.date, valid_until=None):
    """(valid_from, valid_until, notice_from) under `regime`: valid N months from the decision."""
    valid_until = valid_until or add_months(decision_date, regime.validity_months)
    return decision_date, valid_until, valid_until - datetime.timedelta(days=regime.notice_days)


def issuing_level(regime: Regime, stars: int, decision_date: datetime.date) -> str | None:
    """Who certifies `stars` under `regime` on that date (None: the regime does not certify them)."""
    level = regime.certifier_level(stars)
    if level == IssuerLevel.DISTRICT and decision_date >= REFORM_DATE:
        return IssuerLevel.PROVINCE  # no districts after the reform: the province took over
    return level


def issuing_unit_id(level: str, place: ProducerPlace, decision_date: datetime.date) -> int | None:
    """The unit that signs at `level` for a producer at `place`, as it was on the decision date."""
    if level == IssuerLevel.CENTRAL:
        return None
    if level == IssuerLevel.DISTRICT:
        return place.legacy_district_id
    if decision_date < REFORM_DATE and place.legacy_province_id:
        return place.legacy_province_id
    return place.province_id


def _day(date: datetime.date) -> str:
    return formats.date_format(date, "d/m/Y")


def _score(value) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        raise CertificationError({"score": [_("Điểm không hợp lệ.")]}) from None


def check_recognition(
    recognition: Recognition,
    *,
    regime: Regime | None,
    place: ProducerPlace | None,
    chain: Sequence[Link],
    today: datetime.date,
) -> Resolved:
    """Check one recognition against the rules (module docstring); raise CertificationError with
    every problem by field, or return what the certificate needs. `chain` is the product's other
    recognitions ordered by decision date."""
    errors: dict[str, list[str]] = defaultdict(list)
    rec = recognition
    date = rec.decision_date
    number = (rec.decision_number or "").strip()
    if place is None:
        errors["product"].append(_("Không tìm thấy sản phẩm."))
    if not number:
        errors["decision_number"].append(_("Thiếu số quyết định công nhận."))
    if date is None:
        errors["decision_date"].append(_("Thiếu ngày quyết định."))
    elif date > today:
        errors["decision_date"].append(_("Ngày quyết định không được sau ngày hôm nay."))
    if regime is None:
        errors["decision_date"].append(_("Chưa có quy định nào được nạp vào hệ thống."))
    try:
        stars = int(rec.stars)
    except (TypeError, ValueError):
        stars = None
    if stars is None or not 1 <= stars <= 5:
        errors["stars"].append(_("Số sao phải từ 1 đến 5."))
        stars = None
    score = _score(rec.score)
    if score is not None and not 0 <= score <= 100:
        errors["score"].append(_("Điểm phải trong khoảng 0–100."))
        score = None
    if errors.get("decision_date") or regime is None or stars is None:
        raise CertificationError(dict(errors))

    certified = regime.certified_stars()
    if stars not in certified:
        if certified and certified == list(range(certified[0], 6)):
            message = _("Theo %(decision)s chỉ sản phẩm đạt từ %(stars)s sao trở lên mới được công nhận.")
            allowed = certified[0]
        else:
            message = _("Theo %(decision)s chỉ sản phẩm đạt %(stars)s sao được công nhận.")
            allowed = ", ".join(map(str, certified))
        errors["stars"].append(message % {"decision": regime.decision, "stars": allowed})
    if score is not None and regime.star_thresholds and regime.stars_for(score) != stars:
        low, high = regime.star_band(stars) or (None, None)
        band = (
            _("từ %(low)s đến dưới %(high)s") % {"low": f"{low:g}", "high": f"{high:g}"}
            if high is not None
            else _("từ %(low)s") % {"low": f"{low:g}"}
        )
        errors["score"].append(
            _("Điểm %(score)s ứng với %(expected)s sao theo %(decision)s (%(stars)s sao cần điểm %(band)s).")
            % {
                "score": f"{score.normalize():f}".replace(".", ","),
                "expected": regime.stars_for(score),
                "decision": regime.decision,
                "stars": stars,
                "band": band,
            }
        )
    if rec.valid_until is not None and rec.valid_until <= date:
        errors["valid_until"].append(_("Ngày hết hạn phải sau ngày quyết định."))

    level = issuing_level(regime, stars, date) or IssuerLevel.PROVINCE
    if rec.issuer_level and rec.issuer_level != level:
        errors["issuer_level"].append(
            _("Theo %(decision)s, sản phẩm %(stars)s sao do %(level)s công nhận.")
            % {"decision": regime.decision, "stars": stars, "level": IssuerLevel(level).label.lower()}
        )
    unit_id = issuing_unit_id(level, place, date) if place is not None else None
    if rec.issuer_unit_id is not None and rec.issuer_unit_id != unit_id:
        errors["issuer_unit"].append(
            _("Đơn vị ban hành không phải đơn vị %(level)s của chủ thể vào ngày quyết định.")
            % {"level": IssuerLevel(level).label.lower()}
        )

    dates = [link.decision_date for link in chain]
    position = bisect.bisect_left(dates, date)
    same_day = [link for link in chain if link.decision_date == date]
    previous = chain[position - 1] if position else None
    following = next((link for link in chain[position:] if link.decision_date > date), None)
    for link in same_day:
        if link.decision_number == number:
            errors["decision_number"].append(_("Sản phẩm đã có giấy chứng nhận theo quyết định này."))
        else:
            errors["decision_date"].append(
                _("Sản phẩm đã có quyết định công nhận %(number)s cùng ngày %(date)s.")
                % {"number": link.decision_number, "date": _day(date)}
            )
    if previous is not None and previous.revoked_on is not None and previous.revoked_on > date:
        errors["decision_date"].append(
            _(
                "Giấy chứng nhận trước (quyết định %(number)s) bị thu hồi ngày %(revoked)s, "
                "sau ngày quyết định này."
            )
            % {"number": previous.decision_number, "revoked": _day(previous.revoked_on)}
        )

    previous_stars = previous.stars if previous else None
    kind = rec.kind or kind_between(previous_stars, stars)
    if kind not in KINDS:
        errors["kind"].append(_("Hình thức công nhận không hợp lệ."))
    elif not kind_fits(previous_stars, stars, kind):
        errors["kind"].append(
            _(
                "Hình thức “%(kind)s” không khớp: lần công nhận trước (quyết định %(number)s) "
                "được %(stars)s sao."
            )
            % {"kind": Kind(kind).label, "number": previous.decision_number, "stars": previous.stars}
        )
    if following is not None and not kind_fits(stars, following.stars, following.kind):
        errors["decision_date"].append(
            _("Quyết định sau (%(number)s, %(kind)s %(stars)s sao) sẽ không còn khớp với lần công nhận này.")
            % {
                "number": following.decision_number,
                "kind": Kind(following.kind).label,
                "stars": following.stars,
            }
        )
    if errors:
        raise CertificationError(dict(errors))
    valid_from, valid_until, notice_from = certificate_dates(regime, date, rec.valid_until)
    return Resolved(
        regime=regime,
        stars=stars,
        score=score,
        kind=kind,
        decision_number=number,
        decision_date=date,
        issuer_level=level,
        issuer_unit_id=unit_id,
        valid_from=valid_from,
        valid_until=valid_until,
        notice_from=notice_from,
    )


class Regimes:
    """The regimes in memory: the one in force on a date, without a query per recognition."""

    def __init__(self):
        self.regimes = list(Regime.objects.order_by("valid_from").select_related("taxonomy"))
        self.starts = [regime.valid_from for regime in self.regimes]

    def at(self, date: datetime.date | None) -> Regime | None:
        if not self.regimes or date is None:
            return None
        return self.regimes[max(bisect.bisect_right(self.starts, date) - 1, 0)]


CHUNK = 500


def load_places(product_ids, *, lock: bool = False) -> dict[int, ProducerPlace]:
    """Where the producer of each product is. With `lock`, the product rows are locked until the
    transaction ends, so two writers on the same product run one after the other."""
    from ocop.registry.models import Product

    product_ids = sorted(set(product_ids))
    places = {}
    for start in range(0, len(product_ids), CHUNK):
        rows = Product.objects.filter(ids_q("pk", product_ids[start : start + CHUNK])).order_by("pk")
        if lock and connection.features.has_select_for_update:
            rows = rows.select_for_update(of=("self",))
        for pk, *units in rows.values_list(
            "pk", "producer__province_id", "producer__legacy_province_id", "producer__legacy_district_id"
        ):
            places[pk] = ProducerPlace(*units)
    return places


def load_chains(product_ids, *, exclude_pk: int | None = None) -> dict[int, list[Link]]:
    """Each product's recognitions as links, in decision-date order."""
    product_ids = sorted(set(product_ids))
    chains: dict[int, list[Link]] = defaultdict(list)
    fields = ("decision_date", "decision_number", "stars", "kind", "valid_until", "revoked_on", "pk")
    for start in range(0, len(product_ids), CHUNK):
        rows = Certificate.objects.filter(ids_q("product_id", product_ids[start : start + CHUNK]))
        if exclude_pk is not None:
            rows = rows.exclude(pk=exclude_pk)
        for product_id, *values in rows.order_by("product_id", "decision_date", "id").values_list(
            "product_id", *fields
        ):
            chains[product_id].append(Link(*values))
    return chains


def resolve_recognitions(
    recognitions: Sequence[Recognition],
    *,
    today: datetime.date | None = None,
    lock: bool = False,
    places: dict[int, ProducerPlace] | None = None,
    chains: dict[int, list[Link]] | None = None,
) -> tuple[list[Resolved | None], dict[int, dict[str, list[str]]]]:
    """Check many recognitions with `check_recognition`, each against its product's chain as it
    stands with the ones before it (by decision date) accepted. Returns the resolved recognitions
    (None where refused) in the given order and the errors by position.

    `places` and `chains` (by product id) are loaded from the database unless given — an import
    gives them for products it has not written yet (negative ids); `lock` locks the product rows."""
    today = today or timezone.localdate()
    ids = [rec.product_id for rec in recognitions]
    if places is None:
        places = load_places(ids, lock=lock)
    chains = defaultdict(list, load_chains(ids) if chains is None else chains)
    regimes = Regimes()
    resolved: list[Resolved | None] = [None] * len(recognitions)
    errors: dict[int, dict[str, list[str]]] = {}
    order = sorted(
        range(len(recognitions)),
        key=lambda i: (ids[i] or 0, recognitions[i].decision_date or datetime.date.min, i),
    )
    for i in order:
        rec = recognitions[i]
        chain = chains[rec.product_id]
        try:
            result = check_recognition(
                rec,
                regime=regimes.at(rec.decision_date),
                place=places.get(rec.product_id),
                chain=chain,
                today=today,
            )
        except CertificationError as error:
            errors[i] = error.message_dict
            continue
        resolved[i] = result
        bisect.insort(chain, result.link(), key=lambda link: link.decision_date)
    return resolved, errors


def certificate_problems(certificate: Certificate, *, today: datetime.date | None = None) -> list[str]:
    """Every way a stored certificate breaks the rules (empty when the validator accepts it): the
    recognition it records, checked against the rest of its product's chain, plus what was worked
    out from it — the frozen regime, the dates and the links of the chain."""
    today = max(today or timezone.localdate(), certificate.decision_date)
    product_id = certificate.product_id
    chain = load_chains([product_id], exclude_pk=certificate.pk)[product_id]
    place = load_places([product_id]).get(product_id)
    regime = Regimes().at(certificate.decision_date)
    recognition = Recognition(
        product=product_id,
        stars=certificate.stars,
        decision_number=certificate.decision_number,
        decision_date=certificate.decision_date,
        score=certificate.score,
        kind=certificate.kind,
        issuer_level=certificate.issuer_level,
        issuer_unit=certificate.issuer_unit_id,
        valid_until=certificate.valid_until,
    )
    try:
        resolved = check_recognition(recognition, regime=regime, place=place, chain=chain, today=today)
    except CertificationError as error:
        return [
            f"{field}: {message}" for field, messages in error.message_dict.items() for message in messages
        ]
    problems = []
    if certificate.regime_id != resolved.regime.pk:
        problems.append(f"regime: {certificate.regime_id} ≠ {resolved.regime.pk}")
    if (certificate.valid_from, certificate.notice_from) != (resolved.valid_from, resolved.notice_from):
        problems.append("dates: valid_from/notice_from do not follow from the decision and the regime")
    following = next((link for link in chain if link.decision_date > certificate.decision_date), None)
    expected = (following.pk, following.decision_date) if following else (None, None)
    if (certificate.superseded_by_id, certificate.superseded_on) != expected:
        problems.append(f"chain: superseded by {certificate.superseded_by_id}, expected {expected[0]}")
    return problems
