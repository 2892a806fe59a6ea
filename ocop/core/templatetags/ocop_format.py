"""Vietnamese number and date formats used in pages and reports: 5.400; 22,2%; 07/08/2024."""

from django import template

register = template.Library()


def vn_number(value, decimals: int = 0) -> str:
    if value is None or value == "":
        return ""
    text = f"{float(value):,.{decimals}f}" if decimals else f"{round(float(value)):,}"
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


@register.filter(name="vn_number")
def vn_number_filter(value, decimals=0):
    return vn_number(value, int(decimals))


@register.filter(name="vn_percent")
def vn_percent(value, decimals=1):
    if value is None or value == "":
        return ""
    return vn_number(value, int(decimals)) + "%"


@register.inclusion_tag("core/history.html")
def history_block(obj):
    from ocop.core.audit import action_label, actor_label, detail_items, history_for

    entries = list(history_for(obj)[:50])
    for entry in entries:
        entry.action_label = action_label(entry.action)
        entry.actor_label = actor_label(entry)
        entry.detail_items = detail_items(entry)
    return {"entries": entries}
