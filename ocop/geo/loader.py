"""Load both administrative schemes, the 2025 mapping and the regions from `vietnam-provinces`.

Idempotent: units are upserted by (scheme, level, code); running it again after a package
update refreshes names and mappings without touching rows that point at units.
"""

import json
import re
from collections import Counter, defaultdict
from pathlib import Path

from ocop.core import vntext

DATA_DIR = Path(__file__).parent / "data"
TYPE_PREFIXES = (
    "thành phố",
    "thị trấn",
    "thị xã",
    "đặc khu",
    "tỉnh",
    "huyện",
    "quận",
    "phường",
    "xã",
)
_PREFIX_RE = re.compile(r"^(" + "|".join(TYPE_PREFIXES) + r")\s+", re.IGNORECASE)
_CODENAME_PREFIX_RE = re.compile(r"^(tinh|thanh_pho)_")


def short_name_of(name: str) -> str:
    """ "Tỉnh Cà Mau" → "Cà Mau"; "Phường 14" stays "Phường 14" (a number is not a name)."""
    short = _PREFIX_RE.sub("", name, count=1).strip()
    return name if not short or short.isdigit() else short


def unit_type_of(name: str, division_type: str) -> str:
    match = _PREFIX_RE.match(name)
    return match.group(1).lower() if match else division_type


def load_regions() -> list[dict]:
    return json.loads((DATA_DIR / "regions.json").read_text(encoding="utf-8"))["regions"]


def load_historical_names() -> list[dict]:
    return json.loads((DATA_DIR / "historical_names.json").read_text(encoding="utf-8"))["names"]


def _unit_rows():
    """Yield (scheme, level, code, name, division_type, codename, parent_key, province_key)."""
    from vietnam_provinces import Province, Ward
    from vietnam_provinces.legacy import District as LegacyDistrict
    from vietnam_provinces.legacy import Province as LegacyProvince
    from vietnam_provinces.legacy import Ward as LegacyWard

    for p in LegacyProvince.iter_all():
        yield ("legacy", "province", p.code.value, p.name, p.division_type.value, p.codename, None, None)
    district_province = {}
    for d in LegacyDistrict.iter_all():
        province_key = ("legacy", "province", d.province_code.value)
        district_province[d.code.value] = province_key
        yield (
            "legacy",
            "district",
            d.code.value,
            d.name,
            d.division_type.value,
            d.codename,
            province_key,
            province_key,
        )
    for w in LegacyWard.iter_all():
        district_key = ("legacy", "district", w.district_code.value)
        yield (
            "legacy",
            "commune",
            w.code.value,
            w.name,
            w.division_type.value,
            w.codename,
            district_key,
            district_province[w.district_code.value],
        )
    for p in Province.iter_all():
        yield ("current", "province", p.code.value, p.name, p.division_type.value, p.codename, None, None)
    for w in Ward.iter_all():
        province_key = ("current", "province", w.province_code.value)
        yield (
            "current",
            "commune",
            w.code.value,
            w.name,
            w.division_type.value,
            w.codename,
            province_key,
            province_key,
        )


def load_units(AdminUnit, Region, UnitSuccession, stdout=None) -> dict[str, int]:
    """Upsert regions, units and successions. Model classes are passed in so a migration can call it."""
    from vietnam_provinces._province_conversion_2025 import OLD_TO_NEW as PROVINCE_OLD_TO_NEW
    from vietnam_provinces._ward_conversion_2025 import OLD_TO_NEW as WARD_OLD_TO_NEW

    region_by_codename: dict[tuple[str, str], object] = {}
    for order, spec in enumerate(load_regions()):
        region, _ = Region.objects.update_or_create(
            code=spec["code"], defaults={"name": spec["name"], "sort_order": order}
        )
        for scheme in ("legacy", "current"):
            for codename in spec[scheme]:
                region_by_codename[(scheme, codename)] = region

    existing = {(u.scheme, u.level, u.code): u for u in AdminUnit.objects.all()}
    rows = list(_unit_rows())
    to_create, to_update = [], []
    fields = ["name", "short_name", "codename", "unit_type"]
    fields += ["search_name", "bare_name", "sort_key", "region_id"]
    for scheme, level, code, name, division_type, codename, _parent, _province in rows:
        short = short_name_of(name)
        unit = existing.get((scheme, level, code)) or AdminUnit(scheme=scheme, level=level, code=code)
        before = [getattr(unit, f) for f in fields]
        unit.name, unit.short_name, unit.codename = name, short, codename
        unit.unit_type = unit_type_of(name, division_type)
        unit.search_name, unit.bare_name = vntext.fold(name), vntext.fold(short)
        unit.sort_key = vntext.sort_key(short)
        if level == "province":
            region = region_by_codename.get((scheme, _CODENAME_PREFIX_RE.sub("", codename)))
            unit.region_id = region.pk if region else None
        if unit.pk is None:
            to_create.append(unit)
        elif before != [getattr(unit, f) for f in fields]:
            to_update.append(unit)
        existing[(scheme, level, code)] = unit
    fields = [f.removesuffix("_id") for f in fields]
    AdminUnit.objects.bulk_create(to_create, batch_size=2000)
    AdminUnit.objects.bulk_update(to_update, fields, batch_size=2000)
    if to_create and any(u.pk is None for u in to_create):  # backends that do not return ids
        existing = {(u.scheme, u.level, u.code): u for u in AdminUnit.objects.all()}

    changed = []
    for scheme, level, code, *_rest, parent_key, province_key in rows:
        unit = existing[(scheme, level, code)]
        parent_id = existing[parent_key].pk if parent_key else None
        province_id = existing[province_key].pk if province_key else None
        if unit.parent_id != parent_id or unit.province_id != province_id:
            unit.parent_id, unit.province_id = parent_id, province_id
            changed.append(unit)
    AdminUnit.objects.bulk_update(changed, ["parent", "province"], batch_size=2000)

    wanted: dict[tuple[int, int], tuple[bool, bool]] = {}
    for old_code, entry in WARD_OLD_TO_NEW.items():
        legacy = existing.get(("legacy", "commune", old_code))
        if legacy is None:
            continue
        for new in entry.new_wards:
            current = existing.get(("current", "commune", new.code))
            if current is not None:
                partial = entry.old_ward.is_partly_merged or len(entry.new_wards) > 1
                wanted[(legacy.pk, current.pk)] = (partial, True)
    # Province level: a legacy province split between several current ones is mapped to each,
    # the one that received most of its communes marked primary.
    communes_moved: dict[int, Counter] = defaultdict(Counter)
    for entry in WARD_OLD_TO_NEW.values():
        for new in entry.new_wards:
            communes_moved[entry.old_ward.province_code][new.province_code] += 1
    for old_code, entry in PROVINCE_OLD_TO_NEW.items():
        legacy = existing.get(("legacy", "province", old_code))
        if legacy is None:
            continue
        counts = communes_moved[old_code]
        main_code = counts.most_common(1)[0][0] if counts else entry.new_provinces[0].code
        for new in entry.new_provinces:
            current = existing.get(("current", "province", new.code))
            if current is not None:
                wanted[(legacy.pk, current.pk)] = (len(entry.new_provinces) > 1, new.code == main_code)

    have = {(s.legacy_id, s.current_id): s for s in UnitSuccession.objects.all()}
    create = [
        UnitSuccession(legacy_id=lid, current_id=cid, partial=partial, primary=primary)
        for (lid, cid), (partial, primary) in wanted.items()
        if (lid, cid) not in have
    ]
    update = []
    for key, succession in have.items():
        if key in wanted and (succession.partial, succession.primary) != wanted[key]:
            succession.partial, succession.primary = wanted[key]
            update.append(succession)
    stale = [s.pk for key, s in have.items() if key not in wanted]
    UnitSuccession.objects.bulk_create(create, batch_size=5000)
    UnitSuccession.objects.bulk_update(update, ["partial", "primary"], batch_size=5000)
    UnitSuccession.objects.filter(pk__in=stale).delete()

    counts = {
        "units_created": len(to_create),
        "units_updated": len(to_update),
        "successions": len(wanted),
    }
    if stdout is not None:
        stdout.write(f"geo: {counts}")
    return counts
