"""Progress on targets, computed from the registry and the activity records through the statistics
service.

Status: **reached** (đạt) when the achieved value meets the target; otherwise **on track** (đúng
tiến độ) while the share achieved is at least the share of the period elapsed, **behind** (chậm)
when it is not, and **not reached** (không đạt) once the period is over.
"""

import datetime
from dataclasses import dataclass

from ocop.core.templatetags.ocop_format import vn_number
from ocop.geo.models import AdminUnit
from ocop.programme.models import ACTIVITY_KINDS, Plan, Target, TargetKind
from ocop.reporting.stats import Place, activity_stats, flows, share_pct, stock

REACHED, ON_TRACK, BEHIND, NOT_REACHED, NO_DATA = "reached", "on_track", "behind", "not_reached", "no_data"
STATUS_LABELS = {
    REACHED: "Đạt",
    ON_TRACK: "Đúng tiến độ",
    BEHIND: "Chậm tiến độ",
    NOT_REACHED: "Không đạt",
    NO_DATA: "Chưa có số liệu",
}


@dataclass
class TargetProgress:
    target: Target
    value: float | None  # achieved
    status: str
    ratio: float | None  # value / target
    phrase: str  # "vượt chỉ tiêu 2,9 lần", "đạt 85,0% chỉ tiêu"
    computed: bool

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]

    @property
    def percent(self) -> float:
        return min(100.0, 100.0 * self.ratio) if self.ratio is not None else 0.0

    def as_dict(self) -> dict:
        return {
            "description": self.target.description,
            "kind": self.target.kind,
            "target": float(self.target.target_value),
            "value": self.value,
            "status": self.status,
            "status_label": self.status_label,
            "ratio": round(self.ratio, 3) if self.ratio is not None else None,
            "phrase": self.phrase,
            "computed": self.computed,
        }


def place_of(unit: AdminUnit) -> Place:
    return Place(scheme=unit.scheme, unit=unit)


def ratio_phrase(value: float, target: float) -> tuple[float | None, str]:
    """'vượt chỉ tiêu 2,9 lần' from 1.5× up, 'vượt chỉ tiêu (130,0%)' above 100 %, else 'đạt x%'."""
    if not target:
        return None, ""
    ratio = value / target
    if ratio >= 1.5:
        return ratio, f"vượt chỉ tiêu {vn_number(ratio, 1)} lần"
    if ratio > 1:
        return ratio, f"vượt chỉ tiêu (đạt {vn_number(100 * ratio, 1)}%)"
    if ratio == 1:
        return ratio, "đạt chỉ tiêu"
    return ratio, f"đạt {vn_number(100 * ratio, 1)}% chỉ tiêu"


def achieved_value(target: Target, place: Place, as_of: datetime.date, plan: Plan) -> float | None:
    kind = target.kind
    if not target.computed:
        return float(target.manual_value) if target.manual_value is not None else None
    if kind in (
        TargetKind.RECOGNITIONS_TOTAL,
        TargetKind.RECOGNITIONS_NEW,
        TargetKind.RECOGNITIONS_RENEWED,
        TargetKind.RECOGNITIONS_UPGRADED,
    ):
        period = flows(place, plan.period_start, min(plan.period_end, as_of))["recognitions"]
        key = {
            "recognitions_total": "total",
            "recognitions_new": "new",
            "recognitions_renewed": "renewed",
            "recognitions_upgraded": "upgraded",
        }[kind]
        if target.stars and kind != TargetKind.RECOGNITIONS_TOTAL:
            return float(period["by_kind_and_star"].get(key, {}).get(str(target.stars), 0))
        if target.stars:
            return float(period["by_star"][str(target.stars)])
        return float(period[key])
    if kind == TargetKind.PRODUCTS_RECOGNISED:
        cumulative = flows(place, plan.period_start, min(plan.period_end, as_of))["cumulative_products"]
        return float(cumulative["by_star"][str(target.stars)] if target.stars else cumulative["total"])
    if kind == TargetKind.RERATED_SHARE:
        start = stock(place, plan.period_start)["products"]["total"]
        period = flows(place, plan.period_start, min(plan.period_end, as_of))["recognitions"]
        return share_pct(period["renewed"] + period["upgraded"], start)
    if kind in ACTIVITY_KINDS:
        return activity_value(kind, place, as_of, plan)
    current = stock(place, as_of)
    if kind == TargetKind.PRODUCTS_TOTAL:
        return float(current["products"]["total"])
    if kind == TargetKind.PRODUCTS_STARS:
        return float(current["products"]["by_star"].get(str(target.stars), 0))
    if kind == TargetKind.PRODUCER_TYPE_SHARE:
        return current["producers"]["share_by_type_pct"].get(target.producer_type, 0.0)
    if kind == TargetKind.SME_SHARE:
        return share_pct(current["producers"]["sme"], current["producers"]["total"])
    raise ValueError(f"no rule for target kind {kind}")


def activity_value(kind: str, place: Place, as_of: datetime.date, plan: Plan) -> float | None:
    """Targets on the activity records: shares of the OCOP producers (valid certificate on `as_of`)
    on channels and in value chains, and trained in the plan's period; points of sale open and
    craft villages with an OCOP product on `as_of`; officials trained and funding in the period."""
    block = activity_stats(
        place, as_of=as_of, date_from=plan.period_start, date_to=min(plan.period_end, as_of)
    )
    if kind == TargetKind.ONLINE_CHANNEL_SHARE:
        return block["channels"]["online"]["share_pct"]
    if kind == TargetKind.MODERN_CHANNEL_SHARE:
        return block["channels"]["modern"]["share_pct"]
    if kind == TargetKind.POINTS_OF_SALE:
        return float(block["points_of_sale"]["total"])
    if kind == TargetKind.CRAFT_VILLAGES_SHARE:
        # No craft village recorded: no data, rather than 0 % of nothing.
        villages = block["craft_villages"]
        return villages["share_pct"] if villages["total"] else None
    if kind == TargetKind.VALUE_CHAIN_SHARE:
        return block["value_chains"]["share_pct"]
    if kind == TargetKind.CIRCULAR_CHAIN_SHARE:
        return block["value_chains"]["circular"]["share_pct"]
    if kind == TargetKind.OFFICIALS_TRAINED:
        return float(block["training"]["officials_trained"])
    if kind == TargetKind.PRODUCERS_TRAINED_SHARE:
        return block["training"]["ocop_producers_trained"]["share_pct"]
    if kind == TargetKind.FUNDING_TOTAL:
        return block["funding"]["total_million"]
    raise ValueError(f"no rule for target kind {kind}")


def target_progress(target: Target, *, as_of: datetime.date) -> TargetProgress:
    plan = target.plan
    as_of = min(as_of, plan.period_end)
    value = achieved_value(target, place_of(plan.unit), as_of, plan)
    goal = float(target.target_value)
    if value is None:
        return TargetProgress(target, None, NO_DATA, None, "", target.computed)
    ratio, phrase = ratio_phrase(value, goal)
    if value >= goal:
        status = REACHED
    elif as_of >= plan.period_end:
        status = NOT_REACHED
    else:
        span = (plan.period_end - plan.period_start).days or 1
        elapsed = max(0, (as_of - plan.period_start).days) / span
        status = ON_TRACK if (ratio or 0) >= elapsed else BEHIND
    return TargetProgress(target, value, status, ratio, phrase, target.computed)


def plan_progress(plan: Plan, *, as_of: datetime.date) -> list[TargetProgress]:
    return [target_progress(target, as_of=as_of) for target in plan.targets.all()]


def plans_for(unit: AdminUnit, *, on: datetime.date):
    """Plans of a unit whose period contains `on` or ended within it (latest first)."""
    return (
        Plan.objects.filter(unit=unit, period_start__lte=on)
        .order_by("-period_end")
        .prefetch_related("targets")
    )
