from django import template

register = template.Library()


@register.filter
def star_glyphs(stars) -> str:
    """3 → "★★★" (shown beside a text alternative, never alone)."""
    try:
        return "★" * int(stars)
    except (TypeError, ValueError):
        return ""
