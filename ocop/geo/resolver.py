"""Turn a place name as people write it into administrative units of both schemes.

`resolve("soc trang")` → legacy Tỉnh Sóc Trăng, now part of Thành phố Cần Thơ. The rules:

- Text is compared folded (`vntext.fold`): any case, with or without diacritics.
- A type prefix ("Tỉnh", "TP.", "Huyện", "Xã", "Phường", …) restricts the unit type; a name that is
  only a number ("Phường 3") keeps its prefix, as in the official lists.
- "Xã A, Huyện B, Tỉnh C": each part must lie inside the next, more general one, in either scheme
  (a legacy commune lies inside the current province its successor belongs to, and vice versa).
- Without a level, a province beats a district, which beats a commune.
- A date before 01/07/2025 prefers the legacy scheme, from then the current one.
- A legacy unit and its own successor matching the same name are one answer, not an ambiguity.
- A legacy commune split across several current communes is ambiguous: a person must choose.

Indexes are built from the database once per process (`clear_cache()` after reloading units), so an
import can call `resolve` for every row without one query per call.
"""

import datetime
import difflib
import threading
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Max
from django.db.models.signals import post_delete, post_save

from ocop.core import vntext
from ocop.geo.loader import load_historical_names
from ocop.geo.models import AdminUnit, Level, Scheme, UnitSuccession

REFORM_DATE = datetime.date(2025, 7, 1)

RESOLVED, AMBIGUOUS, UNKNOWN = "resolved", "ambiguous", "unknown"

LEVEL_RANK = {Level.PROVINCE: 0, Level.DISTRICT: 1, Level.COMMUNE: 2}

# Folded prefix → (unit types it names, levels those types live at). Longest first.
_PREFIXES: list[tuple[str, frozenset[str], frozenset[str]]] = [
    ("thanh pho", frozenset({"thành phố"}), frozenset({Level.PROVINCE, Level.DISTRICT})),
    ("thi tran", frozenset({"thị trấn"}), frozenset({Level.COMMUNE})),
    ("dac khu", frozenset({"đặc khu"}), frozenset({Level.COMMUNE})),
    ("phuong", frozenset({"phường"}), frozenset({Level.COMMUNE})),
    ("thi xa", frozenset({"thị xã"}), frozenset({Level.DISTRICT})),
    ("huyen", frozenset({"huyện"}), frozenset({Level.DISTRICT})),
    ("tinh", frozenset({"tỉnh"}), frozenset({Level.PROVINCE})),
    ("quan", frozenset({"quận"}), frozenset({Level.DISTRICT})),
    ("tp", frozenset({"thành phố"}), frozenset({Level.PROVINCE, Level.DISTRICT})),
    ("tx", frozenset({"thị xã"}), frozenset({Level.DISTRICT})),
    ("tt", frozenset({"thị trấn"}), frozenset({Level.COMMUNE})),
    ("xa", frozenset({"xã"}), frozenset({Level.COMMUNE})),
]

_MESSAGES_LIMIT = 12  # candidates named in a message; the rest are in `matches`


# --------------------------------------------------------------------------------------------
# Result types


@dataclass
class Counterpart:
    """A unit of the other scheme: a successor of a legacy unit or a predecessor of a current one."""

    unit: AdminUnit
    partial: bool = False  # only part of the legacy unit went there
    primary: bool = True  # for a split province: the one that received most of it

    def to_dict(self) -> dict:
        return {**unit_dict(self.unit), "partial": self.partial, "primary": self.primary}


@dataclass
class Match:
    unit: AdminUnit
    path: str  # the unit's parents, "Huyện Châu Thành, Tỉnh Tiền Giang (cũ)"
    counterparts: list[Counterpart] = field(default_factory=list)
    # A legacy unit whose territory went to several current units of its level.
    split: bool = False
    note: str = ""

    @property
    def label(self) -> str:
        return f"{self.unit.label} — {self.path}" if self.path else self.unit.label

    @property
    def successors(self) -> list[Counterpart]:
        return self.counterparts if self.unit.is_legacy else []

    @property
    def predecessors(self) -> list[Counterpart]:
        return [] if self.unit.is_legacy else self.counterparts

    def to_dict(self) -> dict:
        return {
            **unit_dict(self.unit),
            "path": self.path,
            "split": self.split,
            "note": self.note,
            "counterparts": [c.to_dict() for c in self.counterparts],
        }


@dataclass
class Resolution:
    status: str  # "resolved", "ambiguous" or "unknown"
    query: str
    message: str
    matches: list[Match] = field(default_factory=list)
    suggestions: list[str] = field(default_factory=list)

    @property
    def resolved(self) -> bool:
        return self.status == RESOLVED

    @property
    def ambiguous(self) -> bool:
        return self.status == AMBIGUOUS

    @property
    def unit(self) -> AdminUnit | None:
        """The unit when the answer is clear."""
        return self.matches[0].unit if self.status == RESOLVED and self.matches else None

    @property
    def candidates(self) -> list[AdminUnit]:
        """What a person must choose from: the current communes of one split legacy commune, or the
        several units that share the name."""
        if len(self.matches) == 1 and self.matches[0].split:
            return [c.unit for c in self.matches[0].counterparts]
        return [m.unit for m in self.matches]

    def to_dict(self) -> dict:
        return {
            "status": self.status,
            "query": self.query,
            "message": self.message,
            "matches": [m.to_dict() for m in self.matches],
            "candidates": [unit_dict(u) for u in self.candidates] if self.status == AMBIGUOUS else [],
            "suggestions": self.suggestions,
        }


def unit_dict(unit: AdminUnit) -> dict:
    return {
        "scheme": unit.scheme,
        "level": unit.level,
        "code": unit.code_str,
        "name": unit.name,
        "short_name": unit.short_name,
        "type": unit.unit_type,
    }


# --------------------------------------------------------------------------------------------
# Index, loaded once


class _Index:
    def __init__(self):
        units = list(AdminUnit.objects.all())
        self.by_id: dict[int, AdminUnit] = {u.pk: u for u in units}
        parent_field = AdminUnit._meta.get_field("parent")
        province_field = AdminUnit._meta.get_field("province")
        # Fill the foreign-key caches so `unit.parent.name` never queries.
        for unit in units:
            if unit.parent_id:
                parent_field.set_cached_value(unit, self.by_id.get(unit.parent_id))
            if unit.province_id:
                province_field.set_cached_value(unit, self.by_id.get(unit.province_id))
        self.by_bare: dict[str, list[int]] = defaultdict(list)
        self.by_full: dict[str, list[int]] = defaultdict(list)
        for unit in units:
            self.by_bare[unit.bare_name].append(unit.pk)
            if unit.search_name != unit.bare_name:
                self.by_full[unit.search_name].append(unit.pk)
        self.successors: dict[int, list[tuple[int, bool, bool]]] = defaultdict(list)
        self.predecessors: dict[int, list[tuple[int, bool, bool]]] = defaultdict(list)
        successions = list(
            UnitSuccession.objects.values_list("legacy_id", "current_id", "partial", "primary")
        )
        for legacy_id, current_id, partial, primary in successions:
            self.successors[legacy_id].append((current_id, partial, primary))
            self.predecessors[current_id].append((legacy_id, partial, primary))
        self.children: dict[int, list[int]] = defaultdict(list)
        for unit in units:
            if unit.parent_id:
                self.children[unit.parent_id].append(unit.pk)
        self.historical = {vntext.fold(entry["name"]): entry for entry in load_historical_names()}
        self.names = sorted(set(self.by_bare))
        self.fingerprint = (len(units), max(self.by_id, default=None), len(successions))

    def ancestors(self, unit_id: int) -> list[int]:
        chain, unit = [], self.by_id[unit_id]
        while unit.parent_id:
            chain.append(unit.parent_id)
            unit = self.by_id[unit.parent_id]
        return chain

    @property
    def legacy_provinces(self) -> dict[int, AdminUnit]:
        cached = getattr(self, "_legacy_provinces", None)
        if cached is None:
            cached = {
                u.code: u
                for u in self.by_id.values()
                if u.scheme == Scheme.LEGACY and u.level == Level.PROVINCE
            }
            self._legacy_provinces = cached
        return cached

    def district_successors(self, district_id: int) -> list[tuple[int, bool, bool]]:
        """A legacy district has no mapping of its own: the current provinces and communes its
        communes went to. Provinces first, the one that received most communes primary."""
        communes: dict[int, bool] = {}
        provinces: Counter = Counter()
        for child in self.children.get(district_id, ()):
            for current_id, partial, _primary in self.successors.get(child, ()):
                communes[current_id] = communes.get(current_id, False) or partial
                provinces[self.by_id[current_id].province_id] += 1
        main = provinces.most_common(1)[0][0] if provinces else None
        split = len(provinces) > 1
        rows = [(pid, split, pid == main) for pid, _n in provinces.most_common()]
        ordered = sorted(communes, key=lambda cid: self.by_id[cid].sort_key)
        return rows + [(cid, communes[cid], True) for cid in ordered]

    def counterparts(self, unit: AdminUnit) -> list[Counterpart]:
        if unit.scheme == Scheme.LEGACY:
            if unit.level == Level.DISTRICT:
                rows = self.district_successors(unit.pk)
            else:
                rows = sorted(self.successors.get(unit.pk, ()), key=lambda r: (not r[2], r[1]))
        else:
            rows = sorted(
                self.predecessors.get(unit.pk, ()),
                key=lambda r: (r[1], self.by_id[r[0]].sort_key),
            )
        return [Counterpart(self.by_id[uid], partial, primary) for uid, partial, primary in rows]

    def reach(self, unit_id: int) -> set[int]:
        """Every unit, in both schemes, that `unit_id` lies inside (or overlaps, across schemes)."""
        unit = self.by_id[unit_id]
        inside = {unit_id, *self.ancestors(unit_id)}
        if unit.scheme == Scheme.LEGACY:
            if unit.level == Level.DISTRICT:
                others = [r[0] for r in self.district_successors(unit_id)]
            else:
                others = [r[0] for r in self.successors.get(unit_id, ())]
        else:
            others = [r[0] for r in self.predecessors.get(unit_id, ())]
            if unit.level == Level.PROVINCE:
                # A current province overlaps the legacy districts of its legacy provinces too.
                others += [c for p in list(others) for c in self.children.get(p, ())]
        for other in others:
            inside.add(other)
            inside.update(self.ancestors(other))
        return inside

    def path(self, unit: AdminUnit) -> str:
        return ", ".join(self.by_id[a].label for a in self.ancestors(unit.pk))


_index: _Index | None = None
_lock = threading.Lock()


def _get_index() -> _Index:
    global _index
    if _index is None:
        with _lock:
            if _index is None:
                _index = _Index()
    return _index


def fingerprint() -> tuple:
    """What the cached indexes were built from; compare with `current_fingerprint()` to notice a
    reload that bypassed the signals (bulk writes, a flushed test database)."""
    return _index.fingerprint if _index is not None else ()


def current_fingerprint() -> tuple:
    units = AdminUnit.objects.aggregate(n=Count("pk"), top=Max("pk"))
    return (units["n"], units["top"], UnitSuccession.objects.count())


def clear_cache() -> None:
    """Forget the indexes (call after the units or the mapping changed)."""
    global _index
    with _lock:
        _index = None


def _units_changed(sender, **kwargs) -> None:
    clear_cache()


# The cache exists only once this module is imported, so connecting here is enough. Bulk writes
# send no signals: whoever bulk-loads units calls `clear_cache()` (as `ocop geo_load` does).
for _model in (AdminUnit, UnitSuccession):
    post_save.connect(_units_changed, sender=_model, dispatch_uid=f"geo-resolver-{_model.__name__}-save")
    post_delete.connect(_units_changed, sender=_model, dispatch_uid=f"geo-resolver-{_model.__name__}-delete")


@dataclass(frozen=True)
class LegacyAddress:
    """The legacy units a current unit lies in, as far as the mapping says without guessing."""

    commune_id: int | None = None
    district_id: int | None = None
    province_id: int | None = None


def legacy_address_of(unit_id: int) -> LegacyAddress:
    """Where a current commune (or province) lay before 01/07/2025: the legacy commune when it
    came from exactly one, the district and province when all its predecessors lay in one —
    so a commune created at the reform from three communes of one legacy province still belongs
    to that province in legacy views. Read from the cached index: no query per call."""
    index = _get_index()
    predecessors = [index.by_id[legacy_id] for legacy_id, *_flags in index.predecessors.get(unit_id, ())]
    if not predecessors:
        return LegacyAddress()
    unit = index.by_id[unit_id]
    if unit.level == Level.PROVINCE:
        provinces = {p.pk for p in predecessors if p.level == Level.PROVINCE}
        return LegacyAddress(province_id=provinces.pop() if len(provinces) == 1 else None)
    districts = {
        p.parent_id if p.parent_id and index.by_id[p.parent_id].level == Level.DISTRICT else None
        for p in predecessors
    }
    provinces = {p.province_id for p in predecessors}
    return LegacyAddress(
        commune_id=predecessors[0].pk if len(predecessors) == 1 else None,
        district_id=districts.pop() if len(districts) == 1 else None,
        province_id=provinces.pop() if len(provinces) == 1 else None,
    )


def counterparts_of(unit: AdminUnit) -> list[Counterpart]:
    """Successors of a legacy unit (for a district: the current provinces, then communes, its
    communes went to) or legacy predecessors of a current unit."""
    return _get_index().counterparts(unit)


def path_of(unit: AdminUnit) -> str:
    return _get_index().path(unit)


# --------------------------------------------------------------------------------------------
# Matching


@dataclass(frozen=True)
class _Part:
    text: str  # as typed
    name: str  # folded, prefix removed
    full: str  # folded, as typed
    types: frozenset[str] = frozenset()
    levels: frozenset[str] = frozenset()


def _parse(text: str, level: str | None = None) -> _Part:
    full = vntext.fold(text)
    for prefix, types, levels in _PREFIXES:
        if full.startswith(prefix + " "):
            rest = full[len(prefix) + 1 :]
            if rest and not rest.isdigit():
                if level:
                    levels = levels & {level}
                return _Part(text, rest, full, types, levels)
            break
    return _Part(text, full, full, frozenset(), frozenset({level}) if level else frozenset())


def _candidates(index: _Index, part: _Part) -> list[int]:
    """Units whose name is the part's: short name first, then the full name; a type prefix
    restricts the type, or failing that the level."""

    def allowed(unit_id: int, strict: bool) -> bool:
        unit = index.by_id[unit_id]
        if part.levels and unit.level not in part.levels:
            return False
        return not (strict and part.types) or unit.unit_type in part.types

    names = [part.name, part.full] if part.name != part.full else [part.name]
    for strict in (True, False):
        for name in names:
            found = [u for u in index.by_bare.get(name, ()) if allowed(u, strict)]
            found += [u for u in index.by_full.get(name, ()) if allowed(u, strict) and u not in found]
            if found:
                return found
        if not part.types:
            break
    return []


def _top_level(index: _Index, ids: list[int]) -> list[int]:
    best = min(LEVEL_RANK[index.by_id[u].level] for u in ids)
    return [u for u in ids if LEVEL_RANK[index.by_id[u].level] == best]


def _preferred_scheme(date: datetime.date | None) -> str:
    return Scheme.LEGACY if date is not None and date < REFORM_DATE else Scheme.CURRENT


def _merge_schemes(index: _Index, ids: list[int], preferred: str) -> list[int]:
    """A legacy unit and its own successor found by the same name are one answer: keep the one of
    the preferred scheme."""
    found = set(ids)
    keep = []
    for unit_id in ids:
        unit = index.by_id[unit_id]
        if unit.scheme == preferred:
            keep.append(unit_id)
            continue
        links = index.successors if unit.scheme == Scheme.LEGACY else index.predecessors
        twins = {r[0] for r in links.get(unit_id, ())} & found
        if not twins:
            keep.append(unit_id)
    return keep


def _narrow(index: _Index, ids: list[int], containers: list[int] | None) -> list[int]:
    if containers is None:
        return ids
    inside = set(containers)
    return [u for u in ids if index.reach(u) & inside]


def _suggest(index: _Index, part: _Part) -> list[str]:
    close = difflib.get_close_matches(part.name, index.names, n=6, cutoff=0.72)
    suggestions = []
    for name in close:
        units = sorted(
            (index.by_id[u] for u in index.by_bare[name]),
            key=lambda u: (LEVEL_RANK[u.level], u.scheme != Scheme.CURRENT, u.sort_key),
        )
        label = units[0].name
        if label not in suggestions:
            suggestions.append(label)
    return suggestions[:5]


def _match(index: _Index, unit_id: int, note: str = "") -> Match:
    unit = index.by_id[unit_id]
    counterparts = index.counterparts(unit)
    split = False
    if unit.scheme == Scheme.LEGACY:
        same_level = {c.unit.pk for c in counterparts if c.unit.level == unit.level}
        if unit.level == Level.DISTRICT:
            same_level = {c.unit.pk for c in counterparts if c.unit.level == Level.PROVINCE}
        split = len(same_level) > 1
    return Match(unit=unit, path=index.path(unit), counterparts=counterparts, split=split, note=note)


def _with_code(unit: AdminUnit) -> str:
    if unit.is_legacy:
        return f"{unit.name} (cũ, mã {unit.code_str})"
    return f"{unit.name} (mã {unit.code_str})"


def _in_province(unit: AdminUnit) -> str:
    province = unit.province if unit.province_id else None
    return f"{_with_code(unit)}, {province.name}" if province else _with_code(unit)


def _describe(match: Match) -> str:
    unit = match.unit
    head = _with_code(unit) if unit.level == Level.PROVINCE else _in_province(unit)
    if unit.level != Level.PROVINCE and match.path:
        head = f"{_with_code(unit)} — {match.path}"
    if unit.is_legacy:
        if unit.level == Level.DISTRICT:
            provinces = [c for c in match.counterparts if c.unit.level == Level.PROVINCE]
            communes = [c for c in match.counterparts if c.unit.level == Level.COMMUNE]
            if not provinces:
                return f"{head}: chưa có dữ liệu chuyển đổi."
            text = f"{head} → nay thuộc " + "; ".join(_with_code(c.unit) for c in provinces)
            if communes:
                shown = ", ".join(c.unit.name for c in communes[:_MESSAGES_LIMIT])
                more = f" và {len(communes) - _MESSAGES_LIMIT} đơn vị khác" if len(communes) > 12 else ""
                text += f"; các xã/phường mới: {shown}{more}"
            return text
        successors = match.counterparts
        if not successors:
            return f"{head}: chưa có dữ liệu chuyển đổi."
        if len(successors) == 1:
            successor = successors[0]
            unchanged = len(_get_index().predecessors.get(successor.unit.pk, ())) == 1
            if unchanged and successor.unit.name == unit.name and not successor.partial:
                return f"{head} → giữ nguyên sau 01/07/2025 ({_with_code(successor.unit)})"
            target = (
                _with_code(successor.unit)
                if successor.unit.level == Level.PROVINCE
                else _in_province(successor.unit)
            )
            suffix = " (một phần)" if successor.partial else ""
            return f"{head} → nay thuộc {target}{suffix}"
        if unit.level == Level.PROVINCE:
            primary = [c for c in successors if c.primary]
            partial = [c for c in successors if not c.primary]
            text = f"{head} → nay thuộc chủ yếu {', '.join(_with_code(c.unit) for c in primary)}"
            if partial:
                text += f"; một phần thuộc {', '.join(_with_code(c.unit) for c in partial)}"
            return text
        names = ", ".join(_in_province(c.unit) for c in successors)
        return f"{unit.name} (cũ) đã được chia cho nhiều xã/phường mới: {names}; cần người dùng chọn."
    predecessors = match.counterparts
    if not predecessors:
        return f"{head}."
    if len(predecessors) == 1 and predecessors[0].unit.name == unit.name and not predecessors[0].partial:
        return f"{head} — giữ nguyên sau 01/07/2025 (trước đây: {_with_code(predecessors[0].unit)})"
    names = ", ".join(
        _with_code(c.unit) + (" (một phần)" if c.partial else "") for c in predecessors[:_MESSAGES_LIMIT]
    )
    more = f" và {len(predecessors) - _MESSAGES_LIMIT} đơn vị khác" if len(predecessors) > 12 else ""
    return f"{head} — hình thành từ: {names}{more}"


def _historical(index: _Index, query: str, part: _Part) -> Resolution | None:
    if part.levels and Level.PROVINCE not in part.levels:
        return None
    entry = index.historical.get(part.full) or index.historical.get(part.name)
    if entry is None:
        return None
    units = [index.legacy_provinces.get(entry["legacy_province"])]
    units += [index.legacy_provinces.get(code) for code in entry.get("ambiguous_with", ())]
    matches = [_match(index, u.pk, note=entry["note"]) for u in units if u is not None]
    if not matches:
        return None
    if len(matches) > 1:
        names = "; ".join(_describe(m) for m in matches)
        return Resolution(
            AMBIGUOUS, query, f"{entry['note']} Có thể là: {names}. Cần người dùng chọn.", matches
        )
    return Resolution(RESOLVED, query, f"{entry['note']} {_describe(matches[0])}", matches)


def resolve(
    text: str,
    *,
    province: str | None = None,
    date: datetime.date | None = None,
    level: str | None = None,
) -> Resolution:
    """Find the administrative unit meant by `text` (see the module docstring for the rules)."""
    query = (text or "").strip()
    index = _get_index()
    raw_parts = [p for p in query.split(",") if vntext.fold(p)]
    if not raw_parts:
        return Resolution(UNKNOWN, query, "Chưa nhập tên đơn vị hành chính.")
    parts = [_parse(raw_parts[0], level)] + [_parse(p) for p in raw_parts[1:]]
    if province and vntext.fold(province):
        parts.append(_parse(province, Level.PROVINCE))

    if len(parts) == 1:
        historical = _historical(index, query, parts[0])
        if historical is not None:
            return historical

    # From the most general part to the most specific, each inside the previous one.
    containers: list[int] | None = None
    found: list[int] = []
    for position in range(len(parts) - 1, -1, -1):
        part = parts[position]
        candidates = _candidates(index, part)
        if not candidates and position > 0:
            historical = _historical(index, part.text, part)
            candidates = [m.unit.pk for m in historical.matches] if historical else []
        if not candidates:
            where = "" if len(parts) == 1 else f" (trong “{query}”)"
            return Resolution(
                UNKNOWN,
                query,
                f"Không tìm thấy đơn vị hành chính nào tên “{part.text.strip()}”{where}.",
                suggestions=_suggest(index, part),
            )
        # A higher-level container holds every lower one of the same name lying in it, so narrow
        # by the highest level first and by all of them only when that leaves nothing.
        narrowed = _narrow(index, candidates, containers and _top_level(index, containers))
        narrowed = narrowed or _narrow(index, candidates, containers)
        if not narrowed:
            return Resolution(
                UNKNOWN,
                query,
                f"Không có đơn vị nào tên “{part.text.strip()}” thuộc “{parts[position + 1].text.strip()}”.",
                suggestions=[
                    index.by_id[u].name + " — " + index.path(index.by_id[u]) for u in candidates[:5]
                ],
            )
        containers = found = narrowed

    found = _top_level(index, found)
    preferred = _preferred_scheme(date)
    found = _merge_schemes(index, found, preferred)
    if date is not None:
        in_scheme = [u for u in found if index.by_id[u].scheme == preferred]
        found = in_scheme or found
    found.sort(
        key=lambda u: (
            index.by_id[u].scheme != preferred,
            index.by_id[u].province.sort_key if index.by_id[u].province_id else "",
            index.path(index.by_id[u]),
            index.by_id[u].sort_key,
        )
    )
    matches = [_match(index, u) for u in found]
    if len(matches) == 1:
        match = matches[0]
        if match.split and match.unit.level == Level.COMMUNE:
            return Resolution(AMBIGUOUS, query, _describe(match), matches)
        return Resolution(RESOLVED, query, _describe(match), matches)
    shown = "; ".join(m.label for m in matches[:_MESSAGES_LIMIT])
    more = f" và {len(matches) - _MESSAGES_LIMIT} đơn vị khác" if len(matches) > _MESSAGES_LIMIT else ""
    name = parts[0].text.strip()
    return Resolution(
        AMBIGUOUS,
        query,
        f"Có {len(matches)} đơn vị hành chính tên “{name}”: {shown}{more}; cần người dùng chọn.",
        matches,
    )
