"""The arithmetic of a sheet, in one place: a member's total, the producer's self-assessment (and
the simulator), and the council's result (average, band, mandatory criteria, knock-outs, members
far from the mean) all come from here.

Refusals are translated when raised; the council's `reasons` are stored on the dossier for later
readers, so they stay Vietnamese."""

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

from ocop.evaluation.errors import EvaluationError
from ocop.evaluation.models import Criterion, RubricMode

OUTLIER_GAP = Decimal(15)  # a member more than this many points from the mean is flagged
TWO = Decimal("0.01")


@dataclass
class SheetTotal:
    parts: dict[str, Decimal]
    total: Decimal
    points: dict[str, int] = field(default_factory=dict)  # criterion number → points (criteria sheets)
    missing: list[str] = field(default_factory=list)  # leaf criteria not answered


def leaves(rubric) -> list[Criterion]:
    cached = getattr(rubric, "_leaves", None)
    if cached is None:
        cached = list(rubric.criteria.filter(is_leaf=True).select_related("part").prefetch_related("options"))
        rubric._leaves = cached
    return cached


def sheet_total(rubric, *, choices: dict | None = None, parts: dict | None = None) -> SheetTotal:
    """Total of one filled sheet. `choices` maps a criterion number to the chosen option id
    (criteria sheets); `parts` maps A/B/C to points (part-totals sheets). Raises on a choice that
    is not an option of its criterion or a part outside 0..max."""
    part_max = {p.code: p.max_points for p in rubric.parts.all()}
    if rubric.mode == RubricMode.PART_TOTALS:
        totals = {}
        for code, maximum in part_max.items():
            raw = (parts or {}).get(code)
            if raw in (None, ""):
                totals[code] = None
                continue
            try:
                value = Decimal(str(raw)).quantize(TWO)
            except ArithmeticError as exc:
                raise EvaluationError(_("Điểm phần %(part)s không phải là số.") % {"part": code}) from exc
            if not (0 <= value <= maximum):
                raise EvaluationError(
                    _("Điểm phần %(part)s phải từ 0 đến %(maximum)s.") % {"part": code, "maximum": maximum}
                )
            totals[code] = value
        missing = [code for code, value in totals.items() if value is None]
        clean = {code: value or Decimal(0) for code, value in totals.items()}
        return SheetTotal(parts=clean, total=sum(clean.values(), Decimal(0)), missing=missing)
    choices = {str(k): v for k, v in (choices or {}).items() if v not in (None, "")}
    totals = dict.fromkeys(part_max, Decimal(0))
    points, missing = {}, []
    for criterion in leaves(rubric):
        chosen = choices.get(criterion.number)
        if chosen is None:
            missing.append(criterion.number)
            continue
        option = next((o for o in criterion.options.all() if str(o.pk) == str(chosen)), None)
        if option is None:
            raise EvaluationError(
                _("Tiêu chí %(number)s: mức đã chọn không thuộc tiêu chí này.") % {"number": criterion.number}
            )
        points[criterion.number] = option.points
        totals[criterion.part.code] += option.points
    return SheetTotal(parts=totals, total=sum(totals.values(), Decimal(0)), points=points, missing=missing)


@dataclass
class CouncilResult:
    score: Decimal
    parts: dict[str, Decimal]
    band_stars: int  # the band of the average alone
    stars: int  # after mandatory criteria and knock-outs (0 when knocked out)
    reasons: list[str]
    outliers: list[dict]
    knocked_out: bool


def council_result(*, rubric, regime, sheets: list[dict]) -> CouncilResult:
    """The council's result from the members' submitted sheets.

    `sheets` is [{"member": name, "total": Decimal, "parts": {...}, "points": {...},
    "knockouts": [...]}]. Rules: the score is the average of the totals (2 decimals); the band
    comes from the frozen regime; a knock-out found by more than half of the members disqualifies;
    a mandatory criterion whose average is below its minimum for a star lowers the stars until it
    is met; members more than 15 points from the mean are flagged (not excluded)."""
    if not sheets:
        raise EvaluationError(_("Chưa có thành viên nào nộp phiếu chấm."))
    count = Decimal(len(sheets))
    mean = sum((s["total"] for s in sheets), Decimal(0)) / count
    score = mean.quantize(TWO, rounding=ROUND_HALF_UP)
    part_codes = sorted({code for s in sheets for code in s["parts"]})
    parts = {
        code: (sum((s["parts"].get(code, Decimal(0)) for s in sheets), Decimal(0)) / count).quantize(TWO)
        for code in part_codes
    }
    band = regime.stars_for(score)
    stars, reasons = band, []
    knockout_texts = {c.number: c.knockout for c in rubric.criteria.exclude(knockout="")}
    knockout_texts.update({k["code"]: k["text"] for k in rubric.sheet_knockouts})
    knocked_out = False
    for code, text in knockout_texts.items():
        found = sum(code in s["knockouts"] for s in sheets)
        if found * 2 > len(sheets):
            knocked_out = True
            where = f"tiêu chí {code}" if code[:1].isdigit() else "điều kiện bắt buộc"
            reasons.append(f"Bị loại theo {where}: {text} ({found}/{len(sheets)} thành viên xác nhận).")
    if knocked_out:
        stars = 0
    else:
        mandatory = [c for c in rubric.criteria.all() if c.minimum]
        while stars > 0:
            failed = []
            for criterion in mandatory:
                needed = criterion.minimum.get(str(stars))
                if needed is None:
                    continue
                average = sum(Decimal(s["points"].get(criterion.number, 0)) for s in sheets) / count
                if average < needed:
                    failed.append((criterion, needed, average))
            if not failed:
                break
            for criterion, needed, average in failed:
                reasons.append(
                    f"Tiêu chí bắt buộc {criterion.number} {criterion.name}: trung bình "
                    f"{average.quantize(TWO)} điểm, hạng {stars} sao cần tối thiểu {needed}."
                )
            stars -= 1
    outliers = [
        {"member": s["member"], "total": str(s["total"]), "gap": str((s["total"] - mean).quantize(TWO))}
        for s in sheets
        if abs(s["total"] - mean) > OUTLIER_GAP
    ]
    return CouncilResult(
        score=score,
        parts=parts,
        band_stars=band,
        stars=stars,
        reasons=reasons,
        outliers=outliers,
        knocked_out=knocked_out,
    )
