"""A member's own scoring sheet as an .xlsx to score offline, and the strict reading of it when it
comes back.

The workbook has one sheet, «Phiếu chấm»: an identification block (format, the member's sheet
number, the dossier, the rubric's code and version, the member) that an upload must match, then
one row per criterion keyed by its number in column A — points in column D, a comment in column E,
each option listed under its criterion with its points — or, on a part-totals sheet, one row per
part («Phần A»); the knock-outs («Loại 1.1», an «x» in D), the general comment and the
no-conflict declaration. It carries the member's current draft, so a sheet downloaded, filled and
uploaded again keeps what was already there.

Reading refuses, with the cell and in the active language (the workbook's own labels, quoted,
stay as the file writes them), anything it cannot take as written: another
workbook, another member's or dossier's sheet, another version of the rubric, a value that is not
the points of one of the criterion's options or outside a part's range, a criterion row missing or
repeated, a key in column A it does not know. Nothing is saved then; what it returns is saved by
`services.score_save`, the same rules as the page.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from ocop.core import vntext
from ocop.core.spreadsheets import workbook_bytes
from ocop.core.tabular import FileProblem, display, parse_number, read_sheet
from ocop.evaluation.errors import EvaluationError
from ocop.evaluation.models import RubricMode
from ocop.evaluation.scoring import TWO, leaves

FORMAT = "ocop-score/1"
SHEET_TITLE = "Phiếu chấm"
# Identification rows (column A label → column B value), in this order from row 2.
IDENTIFICATION = [
    ("format", "Định dạng"),
    ("score", "Số phiếu"),
    ("dossier", "Hồ sơ"),
    ("rubric", "Mã phiếu chấm"),
    ("version", "Phiên bản phiếu"),
    ("member", "Thành viên"),
]
HEADER = ["Số", "Tiêu chí, mức đánh giá", "Điểm tối đa", "Điểm chấm", "Nhận xét"]
PART_KEY = "Phần {code}"
KNOCKOUT_KEY = "Loại {code}"
COMMENT_KEY = "Nhận xét chung"
CONFLICT_KEY = "Không xung đột lợi ích"
MARKS_YES = {"x", "co", "yes", "1", "true", "dung"}
MARKS_NO = {"", "khong", "no", "0", "false", "sai"}
POINTS, COMMENTS = 3, 4  # column positions (D, E) counted from 0
INSTRUCTIONS = (
    "Ghi vào cột D điểm của mức đánh giá đã chọn cho mỗi tiêu chí (một trong các điểm liệt kê dưới "
    "tiêu chí), nhận xét vào cột E; đánh «x» vào cột D của điều kiện loại mà sản phẩm vi phạm và của "
    "dòng cam kết không xung đột lợi ích. Không sửa cột A, các dòng 2–7 và không xoá dòng nào. "
    "Tổng điểm được tính khi tải tệp lên trang chấm điểm."
)


def _cell(column: int, row: int) -> str:
    return f"{'ABCDE'[column]}{row}"


def _key(value) -> str:
    return vntext.fold(display(value))


def _knockout_rows(rubric) -> list[tuple[str, str]]:
    """(code, text) of every knock-out a member can record on this sheet."""
    if rubric.mode == RubricMode.PART_TOTALS:
        return [(k["code"], k["text"]) for k in rubric.sheet_knockouts]
    return [(c.number, c.knockout) for c in rubric.criteria.exclude(knockout="").order_by("position")]


# ------------------------------------------------------------------------------ writing


def score_workbook(score) -> bytes:
    """The member's sheet as an .xlsx, filled with their current draft."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill, Protection
    from openpyxl.worksheet.datavalidation import DataValidation

    dossier, rubric, member = score.dossier, score.dossier.rubric, score.member
    lines = {line.criterion.number: line for line in score.lines.select_related("criterion", "option")}
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = SHEET_TITLE
    bold, input_fill = Font(bold=True), PatternFill("solid", fgColor="FFF2CC")
    sheet.append(["PHIẾU CHẤM ĐIỂM SẢN PHẨM OCOP"])
    sheet["A1"].font = Font(bold=True, size=13)
    identification = {
        "format": (FORMAT, ""),
        "score": (score.pk, "Không sửa các ô từ A2 đến B7: hệ thống dùng để nhận đúng phiếu."),
        "dossier": (dossier.pk, f"{dossier.product.name} — {dossier.producer.name}"),
        "rubric": (rubric.code, rubric.name),
        "version": (rubric.version, rubric.regime.decision),
        "member": (member.username, getattr(member, "full_name", "") or ""),
    }
    for key, label in IDENTIFICATION:
        value, note = identification[key]
        sheet.append([label, value, note])
    sheet.append(["Cách ghi", INSTRUCTIONS])
    sheet.append([])
    sheet.append(HEADER)
    for cell in sheet[sheet.max_row]:
        cell.font = bold

    inputs = []  # (cell, validation key)
    validations = {}

    def add_input(row: int, column: int, kind: tuple):
        cell = sheet.cell(row=row, column=column + 1)
        cell.fill = input_fill
        cell.protection = Protection(locked=False)
        if kind:
            inputs.append((cell, kind))

    def append(values, font=None):
        sheet.append(values)
        if font:
            for cell in sheet[sheet.max_row]:
                cell.font = font
        return sheet.max_row

    parts = {"A": score.part_a, "B": score.part_b, "C": score.part_c}
    if rubric.mode == RubricMode.PART_TOTALS:
        for part in rubric.parts.all():
            value = parts.get(part.code)
            row = append(
                [
                    PART_KEY.format(code=part.code),
                    part.name,
                    part.max_points,
                    float(value) if value is not None else None,
                ],
                bold,
            )
            add_input(row, POINTS, ("decimal", part.max_points))
    else:
        criteria = list(rubric.criteria.select_related("part").prefetch_related("options"))
        for part in rubric.parts.all():
            append(["", f"PHẦN {part.code}. {part.name.upper()}", part.max_points], bold)
            group = None
            for criterion in (c for c in criteria if c.part_id == part.pk):
                if criterion.group_number != group:
                    group = criterion.group_number
                    append(["", f"{criterion.group_number}. {criterion.group_name}"], bold)
                label = criterion.name + (f"\n{criterion.note}" if criterion.note else "")
                if not criterion.is_leaf:
                    append([criterion.number, label, criterion.max_points])
                    continue
                line = lines.get(criterion.number)
                row = append(
                    [
                        criterion.number,
                        label,
                        criterion.max_points,
                        line.points if line else None,
                        line.comment if line else None,
                    ]
                )
                points = tuple(sorted({o.points for o in criterion.options.all()}))
                add_input(row, POINTS, ("list", ",".join(map(str, points))))
                add_input(row, COMMENTS, ())
                for option in criterion.options.all():
                    append(["", f"    • {option.text}", option.points])
    knockouts = _knockout_rows(rubric)
    if knockouts:
        append(["", "ĐIỀU KIỆN LOẠI (ghi «x» vào cột D nếu sản phẩm bị loại theo điều kiện này)"], bold)
        for code, text in knockouts:
            row = append([KNOCKOUT_KEY.format(code=code), text, "", "x" if code in score.knockouts else None])
            add_input(row, POINTS, ("list", "x"))
    append([])
    row = append([COMMENT_KEY, "Nhận xét chung của thành viên (ghi ở cột E)", "", "", score.comment or None])
    add_input(row, COMMENTS, ())
    row = append(
        [
            CONFLICT_KEY,
            "Tôi cam kết không có xung đột lợi ích với sản phẩm, chủ thể này (ghi «x» ở cột D)",
            "",
            "x" if score.no_conflict else None,
        ]
    )
    add_input(row, POINTS, ("list", "x"))

    for cell, (kind, value) in inputs:
        if (kind, value) not in validations:
            if kind == "list":
                validation = DataValidation(
                    type="list", formula1=f'"{value}"', allow_blank=True, showErrorMessage=True
                )
                validation.error = f"Chọn một trong: {value.replace(',', ', ')}"
            else:
                validation = DataValidation(
                    type="decimal", operator="between", formula1="0", formula2=str(value), allow_blank=True
                )
                validation.error = f"Điểm từ 0 đến {value}"
            validation.errorTitle = "Giá trị không hợp lệ"
            sheet.add_data_validation(validation)
            validations[(kind, value)] = validation
        validations[(kind, value)].add(cell.coordinate)
    for letter, width in zip("ABCDE", (12, 80, 11, 11, 40), strict=True):
        sheet.column_dimensions[letter].width = width
    for line in sheet.iter_rows(min_row=2):
        for cell in line:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "A11"
    # Only the input cells are unlocked: a guard against typing over the sheet, not a secret.
    sheet.protection.sheet = True
    sheet.protection.formatColumns = False
    sheet.protection.formatRows = False
    return workbook_bytes(workbook)


# ------------------------------------------------------------------------------ reading


@dataclass
class FilledSheet:
    """What a member wrote on their sheet, in the form `services.score_save` takes."""

    choices: dict = field(default_factory=dict)  # criterion number → option id
    parts: dict = field(default_factory=dict)  # A/B/C → Decimal
    comments: dict = field(default_factory=dict)  # criterion number → text
    knockouts: list = field(default_factory=list)
    comment: str = ""
    no_conflict: bool = False

    def as_arguments(self) -> dict:
        return {
            "choices": self.choices,
            "parts": self.parts,
            "comments": self.comments,
            "knockouts": self.knockouts,
            "comment": self.comment,
            "no_conflict": self.no_conflict,
        }


def _value(values: tuple, column: int):
    return values[column] if column < len(values) else None


def _identification_problems(score, found: dict) -> list[str]:
    """The block A2:B7 against the sheet being uploaded to: one message per mismatch."""
    dossier, rubric = score.dossier, score.dossier.rubric

    def where(key):
        row = found.get(key, (None, None))[0]
        label = dict(IDENTIFICATION)[key]
        return _("Ô B%(row)s") % {"row": row} if row else _("Dòng «%(label)s»") % {"label": label}

    def value(key):
        return display(found.get(key, (None, None))[1])

    if value("format") != FORMAT:
        return [
            _(
                "Tệp không phải phiếu chấm tải từ trang chấm điểm (%(where)s phải là «%(format)s»): "
                "hãy tải phiếu của mình về, ghi điểm rồi tải lên."
            )
            % {"where": where("format"), "format": FORMAT}
        ]
    problems = []
    if value("dossier") != str(dossier.pk):
        problems.append(
            _(
                "%(where)s: tệp là phiếu chấm của hồ sơ số %(found)s, "
                "không phải hồ sơ số %(dossier)s («%(product)s»)."
            )
            % {
                "where": where("dossier"),
                "found": value("dossier") or _("(trống)"),
                "dossier": dossier.pk,
                "product": dossier.product.name,
            }
        )
    elif value("score") != str(score.pk):
        problems.append(
            _(
                "%(where)s: tệp là phiếu số %(found)s của thành viên khác, "
                "không phải phiếu số %(score)s của bạn."
            )
            % {"where": where("score"), "found": value("score") or _("(trống)"), "score": score.pk}
        )
    if value("rubric") != rubric.code:
        problems.append(
            _("%(where)s: tệp theo phiếu chấm «%(found)s», hồ sơ chấm theo phiếu «%(rubric)s».")
            % {"where": where("rubric"), "found": value("rubric"), "rubric": rubric.code}
        )
    elif value("version") != str(rubric.version):
        problems.append(
            _(
                "%(where)s: tệp theo phiên bản %(found)s của phiếu «%(rubric)s», "
                "hồ sơ chấm theo phiên bản %(version)s: hãy tải lại phiếu."
            )
            % {
                "where": where("version"),
                "found": value("version") or _("(trống)"),
                "rubric": rubric.code,
                "version": rubric.version,
            }
        )
    return problems


def _mark(values: tuple, row: int, what: str, problems: list) -> bool:
    raw = _value(values, POINTS)
    key = _key(raw)
    if key in MARKS_YES:
        return True
    if key not in MARKS_NO:
        problems.append(
            _("Ô D%(row)s (%(what)s): «%(value)s» — ghi «x» hoặc để trống.")
            % {"row": row, "what": what, "value": display(raw)}
        )
    return False


def read_score_workbook(score, upload, *, submit: bool = False) -> FilledSheet:
    """Read a member's sheet from an uploaded .xlsx, strictly (see the module's docstring). With
    `submit`, every criterion (or part) must be scored. Raises EvaluationError listing every
    problem, with its cell."""
    rubric = score.dossier.rubric
    try:
        workbook = read_sheet(upload, name=getattr(upload, "name", None))
    except FileProblem as problem:
        raise EvaluationError([p.message for p in problem.problems]) from None
    if _key(workbook.name) != _key(SHEET_TITLE):
        raise EvaluationError(
            _(
                "Tệp không phải phiếu chấm tải từ trang chấm điểm: trang tính đầu tiên là «%(found)s», "
                "cần «%(expected)s»."
            )
            % {"found": workbook.name, "expected": SHEET_TITLE}
        )
    labels = {vntext.fold(label): key for key, label in IDENTIFICATION}
    found, header_row = {}, None
    for row, values in workbook.rows:
        key = _key(_value(values, 0))
        if key == vntext.fold(HEADER[0]) and _key(_value(values, 1)) == vntext.fold(HEADER[1]):
            header_row = row
            break
        if key in labels and labels[key] not in found:
            found[labels[key]] = (row, _value(values, 1))
    problems = _identification_problems(score, found)
    if not problems and header_row is None:
        problems.append(
            _("Tệp thiếu dòng tiêu đề bảng («%(first)s», «%(second)s», …).")
            % {"first": HEADER[0], "second": HEADER[1]}
        )
    if problems:
        raise EvaluationError(problems)

    criteria = {c.number: c for c in rubric.criteria.prefetch_related("options")}
    scored = {c.number: c for c in leaves(rubric)}
    part_max = {p.code: p.max_points for p in rubric.parts.all()}
    part_keys = {vntext.fold(PART_KEY.format(code=code)): code for code in part_max}
    knockout_keys = {vntext.fold(KNOCKOUT_KEY.format(code=code)): code for code, _t in _knockout_rows(rubric)}
    expected = (
        (
            {vntext.fold(PART_KEY.format(code=code)) for code in part_max}
            if rubric.mode == RubricMode.PART_TOTALS
            else {vntext.fold(number) for number in scored}
        )
        | set(knockout_keys)
        | {vntext.fold(COMMENT_KEY), vntext.fold(CONFLICT_KEY)}
    )
    current = {line.criterion.number: line.option_id for line in score.lines.select_related("criterion")}
    filled, seen = FilledSheet(), {}
    for row, values in workbook.rows:
        if row <= header_row:
            continue
        text = display(_value(values, 0))
        key = vntext.fold(text)
        if not key:
            continue
        if key in seen:
            problems.append(
                _("Ô A%(row)s: «%(text)s» đã có ở dòng %(first)s; mỗi dòng của phiếu chỉ một lần.")
                % {"row": row, "text": text, "first": seen[key]}
            )
            continue
        seen[key] = row
        raw, note = _value(values, POINTS), display(_value(values, COMMENTS))
        if key == vntext.fold(COMMENT_KEY):
            filled.comment = note
        elif key == vntext.fold(CONFLICT_KEY):
            filled.no_conflict = _mark(values, row, _("cam kết không xung đột lợi ích"), problems)
        elif key in knockout_keys:
            if _mark(values, row, text, problems):
                filled.knockouts.append(knockout_keys[key])
        elif rubric.mode == RubricMode.PART_TOTALS and key in part_keys:
            code = part_keys[key]
            if display(raw) == "":
                if submit:
                    problems.append(_("Ô D%(row)s: phần %(part)s chưa có điểm.") % {"row": row, "part": code})
                continue
            try:
                number = parse_number(raw, thousands=False)
            except ValueError:
                problems.append(
                    _("Ô D%(row)s: điểm phần %(part)s «%(value)s» không phải là số.")
                    % {"row": row, "part": code, "value": display(raw)}
                )
                continue
            if not (0 <= number <= part_max[code]):
                problems.append(
                    _("Ô D%(row)s: điểm phần %(part)s phải từ 0 đến %(maximum)s (đang là %(value)s).")
                    % {"row": row, "part": code, "maximum": part_max[code], "value": display(raw)}
                )
                continue
            filled.parts[code] = number.quantize(TWO)
        elif rubric.mode == RubricMode.CRITERIA and text in criteria:
            criterion = criteria[text]
            if text not in scored:
                if display(raw) != "":
                    children = ", ".join(c.number for c in criterion.children.all())
                    problems.append(
                        _(
                            "Ô D%(row)s: tiêu chí %(number)s gồm các tiêu chí con (%(children)s); "
                            "ghi điểm ở dòng của từng tiêu chí con."
                        )
                        % {"row": row, "number": text, "children": children}
                    )
                continue
            if note:
                filled.comments[text] = note
            if display(raw) == "":
                if submit:
                    problems.append(
                        _("Ô D%(row)s: tiêu chí %(number)s chưa chấm.") % {"row": row, "number": text}
                    )
                continue
            options = list(criterion.options.all())
            allowed = sorted({o.points for o in options})
            allowed_text = ", ".join(map(str, allowed))
            try:
                number = parse_number(raw, thousands=False)
            except ValueError:
                problems.append(
                    _(
                        "Ô D%(row)s: tiêu chí %(number)s — «%(value)s» không phải là số "
                        "(chọn một trong: %(allowed)s)."
                    )
                    % {"row": row, "number": text, "value": display(raw), "allowed": allowed_text}
                )
                continue
            matching = [o for o in options if Decimal(o.points) == number]
            if not matching:
                problems.append(
                    _(
                        "Ô D%(row)s: tiêu chí %(number)s — %(value)s không phải điểm của một mức đánh giá "
                        "(chọn một trong: %(allowed)s)."
                    )
                    % {"row": row, "number": text, "value": display(raw), "allowed": allowed_text}
                )
                continue
            # Options with the same points are the same score; keep the one already chosen.
            chosen = next((o for o in matching if o.pk == current.get(text)), matching[0])
            filled.choices[text] = chosen.pk
        else:
            problems.append(
                _("Ô A%(row)s: «%(text)s» không phải một dòng của phiếu «%(rubric)s»; không sửa cột A.")
                % {"row": row, "text": text, "rubric": rubric.code}
            )
    missing = [key for key in expected if key not in seen]
    if missing:
        labels_of = {vntext.fold(n): n for n in scored} | {
            vntext.fold(PART_KEY.format(code=c)): PART_KEY.format(code=c) for c in part_max
        }
        labels_of |= {k: KNOCKOUT_KEY.format(code=c) for k, c in knockout_keys.items()}
        labels_of |= {vntext.fold(COMMENT_KEY): COMMENT_KEY, vntext.fold(CONFLICT_KEY): CONFLICT_KEY}
        names = sorted((labels_of[key] for key in missing), key=_order(rubric))
        problems.append(
            _("Tệp thiếu dòng: %(rows)s (không xoá dòng của phiếu; hãy tải lại phiếu nếu cần).")
            % {"rows": ", ".join(names)}
        )
    if problems:
        raise EvaluationError(problems)
    return filled


def _order(rubric):
    positions = {c.number: c.position for c in rubric.criteria.all()}

    def key(label: str):
        return (0, positions[label], "") if label in positions else (1, 0, label)

    return key
