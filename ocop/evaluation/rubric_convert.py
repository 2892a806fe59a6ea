"""Convert the public transcription of the QĐ 1048/2019 sheets (`rubrics-1048.json`) into rubric
files of our format, one per product type, without repairing anything: a sheet that was
transcribed twice, or with a part that does not add up, comes out as it is and the validator
refuses it with the reason.

Which 1048 taxonomy set each sheet belongs to is data (`data/sheets-1048.yaml`).
"""

import json
import re
from pathlib import Path

import yaml

from ocop.evaluation.rubric_format import FORMAT

DATA_DIR = Path(__file__).parent / "data"
REGIME_1048 = "1048-2019"
PART_MAX_1048 = {"A": 35, "B": 25, "C": 40}
NUMBERED = re.compile(r"^\s*(\d+(?:\.\d+)*)\.?\s*(.*)$", re.S)
# Notes that disqualify the product or stop the scoring ("không đánh giá các bước tiếp theo").
KNOCKOUT_RE = re.compile(r"bị loại|không đánh giá các bước tiếp theo", re.I)


def sheet_map() -> dict:
    """{transcription slug: {"set": 1048 set code, "code": our rubric code}}."""
    return yaml.safe_load((DATA_DIR / "sheets-1048.yaml").read_text(encoding="utf-8"))["sheets"]


def _split_number(text: str) -> tuple[str, str]:
    match = NUMBERED.match(text or "")
    if not match:
        return "", (text or "").strip()
    return match.group(1), match.group(2).strip()


def _clean_note(note: str | None) -> str:
    note = (note or "").replace(")rn", ")\n").replace("\r\n", "\n").strip()
    return note


def _knockout(note: str) -> str:
    for sentence in note.split("\n"):
        if KNOCKOUT_RE.search(sentence):
            return re.sub(r"^(Ghi chú|Chú ý)\s*:\s*", "", sentence.strip())
    return ""


def _criterion(question, children, section_number, section_title) -> dict:
    number, name = _split_number(question["text"])
    if not number:  # a group with a single unnumbered criterion ("7. TÍNH ĐỘC ĐÁO")
        number, name = section_number, section_title.capitalize()
    crit: dict = {"number": number, "name": name}
    note = _clean_note(question.get("note"))
    if note:
        crit["note"] = note
        knockout = _knockout(note)
        if knockout:
            crit["knockout"] = knockout
    kids = children.get(question["id"], [])
    if question.get("has_sub") or kids:
        crit["sub"] = [_criterion(kid, children, section_number, section_title) for kid in kids]
    else:
        crit["options"] = [{"text": o["text"].strip(), "points": o["points"]} for o in question["options"]]
    return crit


def convert_sheet(product_type: dict, part_names: dict, mapping: dict | None) -> dict:
    """One product type of the transcription → a rubric spec (not validated)."""
    mapping = mapping or {}
    spec = {
        "format": FORMAT,
        "regime": REGIME_1048,
        "product_set": mapping.get("set", ""),
        "code": mapping.get("code") or f"1048-{product_type['slug']}",
        "name": re.sub(r"\s+", " ", product_type["name"]).strip(),
        "mode": "criteria",
        "source": f"rubrics-1048.json, product_types id {product_type['id']} ({product_type['slug']})",
        "parts": [],
    }
    parts = {
        code: {"code": code, "name": part_names.get(code, code), "max": PART_MAX_1048[code], "groups": []}
        for code in ("A", "B", "C")
    }
    for section in product_type.get("sections") or []:
        number, title = _split_number(section["name"])
        children: dict = {}
        for question in section["questions"]:
            if question.get("parent_id"):
                children.setdefault(question["parent_id"], []).append(question)
        criteria = [
            _criterion(q, children, number, title) for q in section["questions"] if not q.get("parent_id")
        ]
        parts.setdefault(
            section["part"], {"code": section["part"], "name": section["part"], "max": 0, "groups": []}
        )["groups"].append({"number": number, "name": title, "criteria": criteria})
    spec["parts"] = list(parts.values())
    return spec


def convert_1048(path) -> list[dict]:
    """Every sheet of the transcription as a spec, in the file's order."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    mapping = sheet_map()
    return [convert_sheet(pt, data.get("parts", {}), mapping.get(pt["slug"])) for pt in data["product_types"]]
