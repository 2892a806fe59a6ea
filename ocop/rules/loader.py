"""Load regimes and taxonomies from `ocop/rules/data/*.json` (idempotent)."""

import datetime
import json
from pathlib import Path

DATA_DIR = Path(__file__).parent / "data"


def load_rules(Regime, Taxonomy, ProductGroup, ProductSet) -> None:
    spec = json.loads((DATA_DIR / "taxonomies.json").read_text(encoding="utf-8"))
    for tax in spec["taxonomies"]:
        taxonomy, _ = Taxonomy.objects.update_or_create(code=tax["code"], defaults={"name": tax["name"]})
        for g_order, group in enumerate(tax["groups"]):
            group_obj, _ = ProductGroup.objects.update_or_create(
                taxonomy=taxonomy,
                code=group["code"],
                defaults={
                    "name": group["name"],
                    "stats_code": group.get("stats_group", group["code"]),
                    "sort_order": g_order,
                },
            )
            for s_order, (code, name) in enumerate(group["sets"]):
                ProductSet.objects.update_or_create(
                    group=group_obj, code=code, defaults={"name": name, "sort_order": s_order}
                )
    spec = json.loads((DATA_DIR / "regimes.json").read_text(encoding="utf-8"))
    common = spec["common"]
    for regime in spec["regimes"]:
        part_a, part_b, part_c = regime["part_max"]
        defaults = {
            "name": regime["name"],
            "decision": regime["decision"],
            "valid_from": datetime.date.fromisoformat(regime["valid_from"]),
            "valid_to": datetime.date.fromisoformat(regime["valid_to"]) if regime["valid_to"] else None,
            "taxonomy": Taxonomy.objects.get(code=regime["taxonomy"]),
            "part_a_max": part_a,
            "part_b_max": part_b,
            "part_c_max": part_c,
            "validity_months": regime.get("validity_months", common["validity_months"]),
            "notice_days": regime.get("notice_days", common["notice_days"]),
            "star_thresholds": regime.get("star_thresholds", common["star_thresholds"]),
            "min_certified_stars": regime.get("min_certified_stars", common["min_certified_stars"]),
            "certifiers": regime["certifiers"],
            "verified": regime.get("verified", True),
            "screening_level": regime.get("screening_level", "commune"),
            "scoring_councils": regime.get("scoring_councils", {}),
            "forward_threshold": regime.get("forward_threshold", common["forward_threshold"]),
            "rounds_per_year": regime.get("rounds_per_year"),
            "note": regime.get("note", ""),
        }
        # Older migrations run this with the historical model, which lacks later fields.
        fields = {f.name for f in Regime._meta.get_fields()}
        Regime.objects.update_or_create(
            code=regime["code"], defaults={k: v for k, v in defaults.items() if k in fields}
        )
