"""Loading scoring sheets: the one writer of rubrics (files, the 1048 converter, the upload page
and the automatic part-totals sheets all come through `rubric_load`)."""

import hashlib
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _

from ocop.core.audit import audit_log
from ocop.evaluation.errors import EvaluationError
from ocop.evaluation.models import Criterion, Option, Rubric, RubricMode, RubricPart
from ocop.evaluation.rubric_format import (
    CheckedRubric,
    dump_rubric,
    leaf_criteria,
    parse_rubric,
    validate_rubric,
)
from ocop.rules.models import ProductSet, Regime

PART_NAMES = {"A": "Sản phẩm và sức mạnh cộng đồng", "B": "Khả năng tiếp thị", "C": "Chất lượng sản phẩm"}
PART_TOTALS_KNOCKOUT = {
    "code": "mandatory",
    "text": "Không đáp ứng tiêu chí bắt buộc (an toàn thực phẩm, nguồn gốc nguyên liệu, sở hữu trí tuệ…)",
}


def _regime(code: str):
    return Regime.objects.select_related("taxonomy").filter(code=code).first()


def _product_set(regime, code: str):
    return ProductSet.objects.filter(group__taxonomy=regime.taxonomy, code=code).first()


def check_rubric_text(text: str) -> CheckedRubric:
    """Parse and validate a rubric file's text against the format and the rulebook."""
    return validate_rubric(parse_rubric(text), regime_lookup=_regime, set_lookup=_product_set)


@dataclass
class LoadResult:
    label: str
    loaded: bool
    problems: list[str] = field(default_factory=list)
    rubric: Rubric | None = None
    unchanged: bool = False

    def as_json(self) -> dict:
        return {
            "set": self.label,
            "loaded": self.loaded,
            "problems": self.problems,
            **({"code": self.rubric.code, "version": self.rubric.version} if self.rubric else {}),
        }


@transaction.atomic
def rubric_load(*, actor, text: str, label: str = "") -> LoadResult:
    """Validate a rubric file and store it as the current sheet for its regime and set.

    Rules: a sheet with any problem is refused whole (nothing written); a sheet identical to the
    current version of its code changes nothing; a changed sheet becomes a new version and the
    previous one stays for the dossiers frozen on it.
    """
    checked = check_rubric_text(text)
    label = label or checked.label
    if not checked.ok:
        return LoadResult(label=label, loaded=False, problems=checked.problems)
    spec = checked.spec
    checksum = hashlib.sha256(text.encode("utf-8")).hexdigest()
    latest = Rubric.objects.filter(code=spec["code"]).order_by("-version").first()
    if latest and latest.checksum == checksum:
        return LoadResult(label=label, loaded=True, rubric=latest, unchanged=True)
    Rubric.objects.filter(code=spec["code"], is_current=True).update(is_current=False)
    rubric = Rubric.objects.create(
        regime=checked.regime,
        product_set=checked.product_set,
        code=spec["code"],
        version=(latest.version + 1) if latest else 1,
        name=str(spec["name"]).strip(),
        mode=spec.get("mode", RubricMode.CRITERIA),
        source=str(spec.get("source", "")),
        text=text,
        checksum=checksum,
        sheet_knockouts=[
            {"code": str(k.get("code") or f"k{i}"), "text": str(k["text"]).strip()}
            for i, k in enumerate(spec.get("knockouts") or [], start=1)
        ],
        loaded_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    parts = {
        p["code"]: RubricPart.objects.create(
            rubric=rubric,
            code=p["code"],
            name=str(p.get("name") or PART_NAMES[p["code"]]),
            max_points=p["max"],
        )
        for p in spec["parts"]
    }
    by_number: dict[str, Criterion] = {}
    options = []
    for position, (part_code, group_number, group_name, crit, parent, _depth) in enumerate(
        leaf_criteria(spec)
    ):
        sub = crit.get("sub") or []
        criterion = Criterion.objects.create(
            rubric=rubric,
            part=parts[part_code],
            parent=by_number.get(parent) if parent else None,
            group_number=group_number,
            group_name=group_name,
            number=str(crit["number"]),
            name=str(crit.get("name", "")),
            note=str(crit.get("note", "")),
            knockout=str(crit.get("knockout", "")),
            minimum={str(k): v for k, v in (crit.get("minimum") or {}).items()},
            max_points=_max_points(crit),
            is_leaf=not sub,
            position=position,
        )
        by_number[criterion.number] = criterion
        options += [
            Option(criterion=criterion, position=i, text=str(o["text"]).strip(), points=o["points"])
            for i, o in enumerate(crit.get("options") or [])
        ]
    Option.objects.bulk_create(options)
    audit_log(
        actor=actor,
        action="evaluation.rubric_load",
        obj=rubric,
        code=rubric.code,
        version=rubric.version,
        regime=checked.regime.code,
        product_set=checked.product_set.code,
        criteria=len(by_number),
    )
    return LoadResult(label=label, loaded=True, rubric=rubric)


def _max_points(crit: dict) -> int:
    if crit.get("sub"):
        return sum(_max_points(child) for child in crit["sub"])
    return max(o["points"] for o in crit["options"])


def part_totals_spec(regime: Regime, product_set: ProductSet) -> dict:
    """The sheet used while a regime's full sheets are not public: members enter A, B and C."""
    return {
        "format": "ocop-rubric/1",
        "regime": regime.code,
        "product_set": product_set.code,
        "code": f"{regime.code}-{product_set.code}-tong-phan".replace("_", "-"),
        "name": f"{product_set.name} — chấm theo tổng điểm phần ({regime.decision})",
        "mode": "part_totals",
        "source": "Phiếu tổng điểm phần A, B, C theo điểm tối đa của quy định",
        "knockouts": [PART_TOTALS_KNOCKOUT],
        "parts": [
            {"code": code, "name": PART_NAMES[code], "max": maximum}
            for code, maximum in zip(
                "ABC", (regime.part_a_max, regime.part_b_max, regime.part_c_max), strict=True
            )
        ],
    }


def rubric_in_force(*, regime: Regime, product_set: ProductSet, code: str = "") -> Rubric:
    """The current sheet for a regime and set (a given sheet code when several share the set).
    When no full sheet was loaded, the regime's part-totals sheet, created on first use."""
    current = Rubric.objects.filter(regime=regime, product_set=product_set, is_current=True)
    if code:
        current = current.filter(code=code)
    rubric = current.filter(mode=RubricMode.CRITERIA).order_by("code").first() or current.first()
    if rubric:
        return rubric
    if not all((regime.part_a_max, regime.part_b_max, regime.part_c_max)):
        raise EvaluationError(
            _("Quy định %(regime)s không đặt điểm tối đa các phần: hãy nạp phiếu chấm cho bộ %(set)s.")
            % {"regime": regime.code, "set": product_set.name}
        )
    result = rubric_load(actor="system", text=dump_rubric(part_totals_spec(regime, product_set)))
    if not result.loaded:  # pragma: no cover - the generated sheet is valid by construction
        raise EvaluationError("; ".join(result.problems))
    return result.rubric


def ensure_part_totals(*, actor="system") -> int:
    """Load the part-totals sheet for every set of every regime with part maxima and no 1048 sheet
    (148/2023, 148 amended by 1489, 26/2026). Returns the number of sheets created."""
    created = 0
    for regime in Regime.objects.exclude(part_a_max=None).select_related("taxonomy"):
        if regime.taxonomy.code == "1048":
            continue
        for product_set in ProductSet.objects.filter(group__taxonomy=regime.taxonomy):
            spec = part_totals_spec(regime, product_set)
            result = rubric_load(actor=actor, text=dump_rubric(spec))
            created += int(result.loaded and not result.unchanged)
    return created


def sets_without_sheet(taxonomy_code: str):
    """Product sets of a taxonomy that no current full (criteria) sheet covers."""
    covered = Rubric.objects.filter(is_current=True, mode=RubricMode.CRITERIA).values("product_set")
    return ProductSet.objects.filter(group__taxonomy__code=taxonomy_code).exclude(pk__in=covered)
