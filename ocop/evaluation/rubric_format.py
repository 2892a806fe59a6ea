"""The rubric file format (`ocop-rubric/1`, YAML, one file per regime × product set) and its strict
validator. The format is described in docs/evaluation.md; `validate_rubric` returns every problem,
in Vietnamese, each naming where it is (part, criterion number), so an administrator can fix the
file without reading code.

This module only reads text and the rulebook; writing is `services.rubric_load`.
"""

import re
from dataclasses import dataclass, field

import yaml

FORMAT = "ocop-rubric/1"
PART_CODES = ("A", "B", "C")
NUMBER_RE = re.compile(r"^\d+(\.\d+)*$")

TOP_KEYS = {"format", "regime", "product_set", "code", "name", "mode", "source", "parts", "knockouts"}
PART_KEYS = {"code", "name", "max", "groups"}
GROUP_KEYS = {"number", "name", "criteria"}
CRITERION_KEYS = {"number", "name", "note", "knockout", "minimum", "options", "sub"}
OPTION_KEYS = {"text", "points"}
KNOCKOUT_KEYS = {"code", "text"}


@dataclass
class CheckedRubric:
    """A sheet that parsed, with the problems found (empty when it may be loaded)."""

    spec: dict = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    regime: object = None
    product_set: object = None

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def label(self) -> str:
        return str(self.spec.get("name") or self.spec.get("code") or "?")


def parse_rubric(text: str) -> CheckedRubric:
    try:
        spec = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (dòng {mark.line + 1}, cột {mark.column + 1})" if mark else ""
        return CheckedRubric(problems=[f"Tệp không đúng cú pháp YAML{where}: {getattr(exc, 'problem', exc)}"])
    if not isinstance(spec, dict):
        return CheckedRubric(problems=["Tệp phải là một bảng YAML (khóa: giá trị) ở cấp ngoài cùng."])
    return CheckedRubric(spec=spec)


def _unknown(keys, allowed, where: str) -> list[str]:
    extra = sorted(set(keys) - allowed)
    return [f"{where}: khóa không được hỗ trợ «{key}»." for key in extra]


def _points(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def _check_criterion(crit, where_part: str, prefix: str, seen: dict, problems: list) -> int:
    """Check one criterion (and its sub-criteria); return its maximum points (0 when unusable)."""
    if not isinstance(crit, dict):
        problems.append(f"{where_part}: mỗi tiêu chí phải là một bảng (number, name, options hoặc sub).")
        return 0
    number = str(crit.get("number", "")).strip()
    where = f"{where_part}, tiêu chí {number or '(không số)'}"
    problems += _unknown(crit, CRITERION_KEYS, where)
    if not number:
        problems.append(f"{where_part}: một tiêu chí không có số thứ tự (number).")
    elif not NUMBER_RE.match(number):
        problems.append(f"{where}: số thứ tự phải có dạng 1, 1.1 hoặc 6.1.1.")
    elif prefix and not (number == prefix or number.startswith(prefix + ".")):
        problems.append(f"{where}: số thứ tự phải bắt đầu bằng «{prefix}» của nhóm/tiêu chí cha.")
    if number:
        seen.setdefault(where_part, {}).setdefault(number, 0)
        seen[where_part][number] += 1
    options, sub = crit.get("options"), crit.get("sub")
    if options and sub:
        problems.append(
            f"{where}: tiêu chí có tiêu chí con thì không có mức điểm riêng (chọn options hoặc sub)."
        )
        return 0
    if sub:
        if not isinstance(sub, list):
            problems.append(f"{where}: «sub» phải là danh sách tiêu chí con.")
            return 0
        total = sum(_check_criterion(child, where_part, number, seen, problems) for child in sub)
        _check_minimum(crit, where, total, problems)
        return total
    if not isinstance(options, list) or not options:
        problems.append(f"{where}: không có mức điểm nào (options).")
        return 0
    best = 0
    for index, option in enumerate(options, start=1):
        if not isinstance(option, dict):
            problems.append(f"{where}, mức {index}: phải là bảng có text và points.")
            continue
        problems += _unknown(option, OPTION_KEYS, f"{where}, mức {index}")
        if not str(option.get("text", "")).strip():
            problems.append(f"{where}, mức {index}: thiếu nội dung mức đánh giá (text).")
        if not _points(option.get("points")):
            problems.append(f"{where}, mức {index}: điểm phải là số nguyên không âm (points).")
        else:
            best = max(best, option["points"])
    _check_minimum(crit, where, best, problems)
    return best


def _check_minimum(crit, where: str, maximum: int, problems: list) -> None:
    minimum = crit.get("minimum")
    if minimum in (None, {}):
        return
    if not isinstance(minimum, dict):
        problems.append(f"{where}: «minimum» phải là bảng hạng sao → điểm tối thiểu, ví dụ {{3: 1, 4: 2}}.")
        return
    for stars, points in minimum.items():
        if str(stars) not in {"1", "2", "3", "4", "5"}:
            problems.append(f"{where}: «minimum» có hạng sao không hợp lệ «{stars}» (1–5).")
        if not _points(points) or points > maximum:
            problems.append(f"{where}: điểm tối thiểu cho {stars} sao phải từ 0 đến {maximum}.")


def validate_rubric(checked: CheckedRubric, *, regime_lookup, set_lookup) -> CheckedRubric:
    """Check a parsed sheet against the format and the rulebook.

    `regime_lookup(code)` returns the Regime or None; `set_lookup(regime, code)` the ProductSet of
    the regime's taxonomy or None. Rules: known keys only; the regime and the set exist; parts A, B
    and C each once, with the regime's maximum; in a criteria sheet, the best options of each part
    add up to its maximum, every number is unique and well formed, every criterion has options or
    sub-criteria; minimum points per star do not exceed the criterion's maximum.
    """
    spec, problems = checked.spec, checked.problems
    if problems:
        return checked
    problems += _unknown(spec, TOP_KEYS, "Phiếu")
    if spec.get("format") != FORMAT:
        problems.append(f"Phiếu: khóa format phải là «{FORMAT}» (đang là «{spec.get('format')}»).")
    for key in ("code", "name"):
        if not str(spec.get(key, "")).strip():
            problems.append(f"Phiếu: thiếu «{key}».")
    if spec.get("code") and not re.match(r"^[a-z0-9][a-z0-9_-]*$", str(spec["code"])):
        problems.append("Phiếu: mã phiếu (code) chỉ gồm chữ thường không dấu, số, «-» và «_».")
    mode = spec.get("mode", "criteria")
    if mode not in ("criteria", "part_totals"):
        problems.append(f"Phiếu: cách chấm (mode) phải là criteria hoặc part_totals (đang là «{mode}»).")
    regime = regime_lookup(str(spec.get("regime", "")))
    if regime is None:
        problems.append(f"Phiếu: không có quy định mã «{spec.get('regime')}» (regime).")
    product_set = set_lookup(regime, str(spec.get("product_set", ""))) if regime else None
    if regime is not None and product_set is None:
        problems.append(
            f"Phiếu: bộ sản phẩm «{spec.get('product_set')}» không có trong phân nhóm "
            f"{regime.taxonomy.code} của quy định {regime.code}."
        )
    checked.regime, checked.product_set = regime, product_set
    knockouts = spec.get("knockouts") or []
    if not isinstance(knockouts, list):
        problems.append("Phiếu: «knockouts» phải là danh sách {code, text}.")
    else:
        for index, knockout in enumerate(knockouts, start=1):
            if not isinstance(knockout, dict) or not str(knockout.get("text", "")).strip():
                problems.append(f"Phiếu: điều kiện loại thứ {index} thiếu nội dung (text).")
            else:
                problems += _unknown(knockout, KNOCKOUT_KEYS, f"Phiếu, điều kiện loại {index}")
    parts = spec.get("parts")
    if not isinstance(parts, list) or not parts:
        problems.append("Phiếu: không có phần nào (parts A, B, C).")
        return checked
    expected = dict(zip(PART_CODES, _regime_maxima(regime), strict=True)) if regime else {}
    codes = [str(part.get("code")) if isinstance(part, dict) else "?" for part in parts]
    for code in PART_CODES:
        if codes.count(code) == 0:
            problems.append(f"Thiếu phần {code}.")
        elif codes.count(code) > 1:
            problems.append(f"Phần {code} xuất hiện {codes.count(code)} lần (phiếu bị chép trùng?).")
    for code in sorted(set(codes) - set(PART_CODES)):
        problems.append(f"Phần «{code}» không hợp lệ (chỉ có A, B, C).")
    seen: dict[str, dict[str, int]] = {}
    for part in parts:
        if not isinstance(part, dict):
            problems.append("Mỗi phần phải là một bảng (code, name, max, groups).")
            continue
        code = str(part.get("code"))
        where = f"Phần {code}"
        problems += _unknown(part, PART_KEYS, where)
        maximum = part.get("max")
        if not _points(maximum):
            problems.append(f"{where}: điểm tối đa (max) phải là số nguyên không âm.")
            continue
        if expected.get(code) is not None and maximum != expected[code]:
            problems.append(
                f"{where}: điểm tối đa là {maximum}, quy định {regime.code} đặt {expected[code]}."
            )
        groups = part.get("groups") or []
        if mode == "part_totals":
            if groups:
                problems.append(f"{where}: phiếu chấm theo tổng phần không có nhóm tiêu chí (groups).")
            continue
        if not groups:
            problems.append(f"{where}: không có tiêu chí nào (phiếu trống hoặc chưa được chép).")
            continue
        total = 0
        for group in groups:
            if not isinstance(group, dict):
                problems.append(f"{where}: mỗi nhóm tiêu chí phải là một bảng (number, name, criteria).")
                continue
            group_number = str(group.get("number", "")).strip()
            where_group = f"{where}, nhóm {group_number or '?'}"
            problems += _unknown(group, GROUP_KEYS, where_group)
            if not NUMBER_RE.match(group_number) or "." in group_number:
                problems.append(f"{where_group}: số nhóm phải là một số nguyên (1, 2, …).")
            criteria = group.get("criteria") or []
            if not criteria:
                problems.append(f"{where_group}: nhóm không có tiêu chí nào.")
            for crit in criteria:
                total += _check_criterion(crit, where, group_number, seen, problems)
        duplicates = [number for number, count in seen.get(where, {}).items() if count > 1]
        if duplicates:
            problems.append(f"{where}: số thứ tự trùng nhau (phải là duy nhất): {', '.join(duplicates)}.")
        if total != maximum:
            twice = " — phần này có vẻ bị chép hai lần" if maximum and total == 2 * maximum else ""
            problems.append(
                f"{where}: tổng điểm tối đa các tiêu chí là {total}, "
                f"khác điểm tối đa của phần ({maximum}){twice}."
            )
    if not any(expected.values()):  # a regime without maxima (490): the parts still make 100
        grand = sum(p.get("max") for p in parts if isinstance(p, dict) and _points(p.get("max")))
        if grand != 100:
            problems.append(f"Tổng điểm tối đa ba phần là {grand}, phải là 100.")
    return checked


def _regime_maxima(regime):
    return (regime.part_a_max, regime.part_b_max, regime.part_c_max)


def leaf_criteria(spec: dict):
    """Yield (part code, group number, group name, criterion dict, parent number, depth) in order."""
    for part in spec.get("parts", []):
        for group in part.get("groups") or []:
            for crit in group.get("criteria") or []:
                yield from _walk(part["code"], group, crit, None, 0)


def _walk(part_code, group, crit, parent, depth):
    yield part_code, str(group["number"]), str(group.get("name", "")), crit, parent, depth
    for child in crit.get("sub") or []:
        yield from _walk(part_code, group, child, str(crit["number"]), depth + 1)


def dump_rubric(spec: dict) -> str:
    return yaml.safe_dump(spec, allow_unicode=True, sort_keys=False, width=110)
