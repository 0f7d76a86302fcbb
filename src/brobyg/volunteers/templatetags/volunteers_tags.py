from django import template

from brobyg.volunteers.services import slot_label

register = template.Library()


@register.filter
def slot_text(slots) -> str:
    """[(weekday, part)] → "Monday afternoon, Wednesday evening" (translated)."""
    return ", ".join(str(slot_label(d, p)) for d, p in slots or [])
