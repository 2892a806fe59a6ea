"""The rubric file format (`ocop-rubric/1`, YAML, one file per regime × product set) and its strict
validator. The format is described in docs/evaluation.md; `validate_rubric` returns every problem,
in the active language (gettext, evaluated when checked), each naming where it is (part,
criterion number), so an administrator can fix the file without reading code. `ocop load_rubric`
checks under the default language, so its output stays Vietnamese.

This module only reads text and the rulebook; writing is `services.rubric_load`.
"""

import re
from dataclasses import dataclass, field

import yaml
from django.utils.translation import gettext as _

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
        problem = getattr(exc, "problem", exc)
        if mark:
            message = _("Tệp không đúng cú pháp YAML (dòng %(line)s, cột %(column)s): %(problem)s") % {
                "line": mark.line + 1,
                "column": mark.column + 1,
                "problem": problem,
            }
        else:
            message = _("Tệp không đúng cú pháp YAML: %(problem)s") % {"problem": problem}
        return CheckedRubric(problems=[message])
    if not isinstance(spec, dict):
        return CheckedRubric(problems=[_("Tệp phải là một bảng YAML (khóa: giá trị) ở cấp ngoài cùng.")])
    return CheckedRubric(spec=spec)


def _unknown(keys, allowed, where: str) -> list[str]:
    extra = sorted(set(keys) - allowed)
    return [_("%(where)s: khóa không được hỗ trợ «%(key)s».") % {"where": where, "key": key} for key in extra]


def _points(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def _check_criterion(crit, where_part: str, prefix: str, seen: dict, problems: list) -> int:
    """Check one criterion (and its sub-criteria); return its maximum points (0 when unusable)."""
    if not isinstance(crit, dict):
        problems.append(
            _("%(where)s: mỗi tiêu chí phải là một bảng (number, name, options hoặc sub).")
            % {"where": where_part}
        )
        return 0
    number = str(crit.get("number", "")).strip()
    where = _("%(part)s, tiêu chí %(number)s") % {"part": where_part, "number": number or _("(không số)")}
    problems += _unknown(crit, CRITERION_KEYS, where)
    if not number:
        problems.append(_("%(where)s: một tiêu chí không có số thứ tự (number).") % {"where": where_part})
    elif not NUMBER_RE.match(number):
        problems.append(_("%(where)s: số thứ tự phải có dạng 1, 1.1 hoặc 6.1.1.") % {"where": where})
    elif prefix and not (number == prefix or number.startswith(prefix + ".")):
        problems.append(
            _("%(where)s: số thứ tự phải bắt đầu bằng «%(prefix)s» của nhóm/tiêu chí cha.")
            % {"where": where, "prefix": prefix}
        )
    if number:
        seen.setdefault(where_part, {}).setdefault(number, 0)
        seen[where_part][number] += 1
    options, sub = crit.get("options"), crit.get("sub")
    if options and sub:
        problems.append(
            _("%(where)s: tiêu chí có tiêu chí con thì không có mức điểm riêng (chọn options hoặc sub).")
            % {"where": where}
        )
        return 0
    if sub:
        if not isinstance(sub, list):
            problems.append(_("%(where)s: «sub» phải là danh sách tiêu chí con.") % {"where": where})
            return 0
        total = sum(_check_criterion(child, where_part, number, seen, problems) for child in sub)
        _check_minimum(crit, where, total, problems)
        return total
    if not isinstance(options, list) or not options:
        problems.append(_("%(where)s: không có mức điểm nào (options).") % {"where": where})
        return 0
    best = 0
    for index, option in enumerate(options, start=1):
        where_option = _("%(where)s, mức %(index)s") % {"where": where, "index": index}
        if not isinstance(option, dict):
            problems.append(_("%(where)s: phải là bảng có text và points.") % {"where": where_option})
            continue
        problems += _unknown(option, OPTION_KEYS, where_option)
        if not str(option.get("text", "")).strip():
            problems.append(_("%(where)s: thiếu nội dung mức đánh giá (text).") % {"where": where_option})
        if not _points(option.get("points")):
            problems.append(
                _("%(where)s: điểm phải là số nguyên không âm (points).") % {"where": where_option}
            )
        else:
            best = max(best, option["points"])
    _check_minimum(crit, where, best, problems)
    return best


def _check_minimum(crit, where: str, maximum: int, problems: list) -> None:
    minimum = crit.get("minimum")
    if minimum in (None, {}):
        return
    if not isinstance(minimum, dict):
        problems.append(
            _("%(where)s: «minimum» phải là bảng hạng sao → điểm tối thiểu, ví dụ {3: 1, 4: 2}.")
            % {"where": where}
        )
        return
    for stars, points in minimum.items():
        if str(stars) not in {"1", "2", "3", "4", "5"}:
            problems.append(
                _("%(where)s: «minimum» có hạng sao không hợp lệ «%(stars)s» (1–5).")
                % {"where": where, "stars": stars}
            )
        if not _points(points) or points > maximum:
            problems.append(
                _("%(where)s: điểm tối thiểu cho %(stars)s sao phải từ 0 đến %(maximum)s.")
                % {"where": where, "stars": stars, "maximum": maximum}
            )


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
    problems += _unknown(spec, TOP_KEYS, _("Phiếu"))
    if spec.get("format") != FORMAT:
        problems.append(
            _("Phiếu: khóa format phải là «%(expected)s» (đang là «%(found)s»).")
            % {"expected": FORMAT, "found": spec.get("format")}
        )
    for key in ("code", "name"):
        if not str(spec.get(key, "")).strip():
            problems.append(_("Phiếu: thiếu «%(key)s».") % {"key": key})
    if spec.get("code") and not re.match(r"^[a-z0-9][a-z0-9_-]*$", str(spec["code"])):
        problems.append(_("Phiếu: mã phiếu (code) chỉ gồm chữ thường không dấu, số, «-» và «_»."))
    mode = spec.get("mode", "criteria")
    if mode not in ("criteria", "part_totals"):
        problems.append(
            _("Phiếu: cách chấm (mode) phải là criteria hoặc part_totals (đang là «%(mode)s»).")
            % {"mode": mode}
        )
    regime = regime_lookup(str(spec.get("regime", "")))
    if regime is None:
        problems.append(
            _("Phiếu: không có quy định mã «%(regime)s» (regime).") % {"regime": spec.get("regime")}
        )
    product_set = set_lookup(regime, str(spec.get("product_set", ""))) if regime else None
    if regime is not None and product_set is None:
        problems.append(
            _("Phiếu: bộ sản phẩm «%(set)s» không có trong phân nhóm %(taxonomy)s của quy định %(regime)s.")
            % {"set": spec.get("product_set"), "taxonomy": regime.taxonomy.code, "regime": regime.code}
        )
    checked.regime, checked.product_set = regime, product_set
    knockouts = spec.get("knockouts") or []
    if not isinstance(knockouts, list):
        problems.append(_("Phiếu: «knockouts» phải là danh sách {code, text}."))
    else:
        for index, knockout in enumerate(knockouts, start=1):
            if not isinstance(knockout, dict) or not str(knockout.get("text", "")).strip():
                problems.append(
                    _("Phiếu: điều kiện loại thứ %(index)s thiếu nội dung (text).") % {"index": index}
                )
            else:
                where = _("Phiếu, điều kiện loại %(index)s") % {"index": index}
                problems += _unknown(knockout, KNOCKOUT_KEYS, where)
    parts = spec.get("parts")
    if not isinstance(parts, list) or not parts:
        problems.append(_("Phiếu: không có phần nào (parts A, B, C)."))
        return checked
    expected = dict(zip(PART_CODES, _regime_maxima(regime), strict=True)) if regime else {}
    codes = [str(part.get("code")) if isinstance(part, dict) else "?" for part in parts]
    for code in PART_CODES:
        if codes.count(code) == 0:
            problems.append(_("Thiếu phần %(code)s.") % {"code": code})
        elif codes.count(code) > 1:
            problems.append(
                _("Phần %(code)s xuất hiện %(count)s lần (phiếu bị chép trùng?).")
                % {"code": code, "count": codes.count(code)}
            )
    for code in sorted(set(codes) - set(PART_CODES)):
        problems.append(_("Phần «%(code)s» không hợp lệ (chỉ có A, B, C).") % {"code": code})
    seen: dict[str, dict[str, int]] = {}
    for part in parts:
        if not isinstance(part, dict):
            problems.append(_("Mỗi phần phải là một bảng (code, name, max, groups)."))
            continue
        code = str(part.get("code"))
        where = _("Phần %(code)s") % {"code": code}
        problems += _unknown(part, PART_KEYS, where)
        maximum = part.get("max")
        if not _points(maximum):
            problems.append(_("%(where)s: điểm tối đa (max) phải là số nguyên không âm.") % {"where": where})
            continue
        if expected.get(code) is not None and maximum != expected[code]:
            problems.append(
                _("%(where)s: điểm tối đa là %(maximum)s, quy định %(regime)s đặt %(expected)s.")
                % {"where": where, "maximum": maximum, "regime": regime.code, "expected": expected[code]}
            )
        groups = part.get("groups") or []
        if mode == "part_totals":
            if groups:
                problems.append(
                    _("%(where)s: phiếu chấm theo tổng phần không có nhóm tiêu chí (groups).")
                    % {"where": where}
                )
            continue
        if not groups:
            problems.append(
                _("%(where)s: không có tiêu chí nào (phiếu trống hoặc chưa được chép).") % {"where": where}
            )
            continue
        total = 0
        for group in groups:
            if not isinstance(group, dict):
                problems.append(
                    _("%(where)s: mỗi nhóm tiêu chí phải là một bảng (number, name, criteria).")
                    % {"where": where}
                )
                continue
            group_number = str(group.get("number", "")).strip()
            where_group = _("%(part)s, nhóm %(group)s") % {"part": where, "group": group_number or "?"}
            problems += _unknown(group, GROUP_KEYS, where_group)
            if not NUMBER_RE.match(group_number) or "." in group_number:
                problems.append(
                    _("%(where)s: số nhóm phải là một số nguyên (1, 2, …).") % {"where": where_group}
                )
            criteria = group.get("criteria") or []
            if not criteria:
                problems.append(_("%(where)s: nhóm không có tiêu chí nào.") % {"where": where_group})
            for crit in criteria:
                total += _check_criterion(crit, where, group_number, seen, problems)
        duplicates = [number for number, count in seen.get(where, {}).items() if count > 1]
        if duplicates:
            problems.append(
                _("%(where)s: số thứ tự trùng nhau (phải là duy nhất): %(numbers)s.")
                % {"where": where, "numbers": ", ".join(duplicates)}
            )
        if total != maximum:
            values = {"where": where, "total": total, "maximum": maximum}
            if maximum and total == 2 * maximum:
                message = _(
                    "%(where)s: tổng điểm tối đa các tiêu chí là %(total)s, khác điểm tối đa của phần "
                    "(%(maximum)s) — phần này có vẻ bị chép hai lần."
                )
            else:
                message = _(
                    "%(where)s: tổng điểm tối đa các tiêu chí là %(total)s, khác điểm tối đa của phần "
                    "(%(maximum)s)."
                )
            problems.append(message % values)
    if not any(expected.values()):  # a regime without maxima (490): the parts still make 100
        grand = sum(p.get("max") for p in parts if isinstance(p, dict) and _points(p.get("max")))
        if grand != 100:
            problems.append(_("Tổng điểm tối đa ba phần là %(total)s, phải là 100.") % {"total": grand})
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
