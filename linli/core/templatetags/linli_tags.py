from django import template

from linli.core import masking

register = template.Library()


@register.filter
def get_item(mapping, key):
    """{{ counts|get_item:code }} — a dict lookup by a variable key."""
    if not mapping:
        return None
    return mapping.get(key)


@register.filter
def percent(value, digits=1):
    """0.934 → "93.4%"; None → "—"."""
    if value is None or value == "":
        return "—"
    return f"{float(value) * 100:.{int(digits)}f}%"


@register.filter(name="mask_name")
def mask_name_filter(value):
    """{{ person.name|mask_name }} → 张*明 (public pages)."""
    return masking.mask_name(value)


@register.filter(name="mask_id_number")
def mask_id_number_filter(value):
    """{{ number|mask_id_number }} → 110***********1234."""
    return masking.mask_id_number(value)


@register.filter(name="mask_mobile")
def mask_mobile_filter(value):
    """{{ phone|mask_mobile }} → 138****5678."""
    return masking.mask_mobile(value)
