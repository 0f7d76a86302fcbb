"""{% advice "bridge.referral" %}: the projects' advice for one step (brobyg.core.advice), collapsed, with sources."""
from django import template

from brobyg.core import advice as registry

register = template.Library()


@register.inclusion_tag("core/_advice.html")
def advice(key):
    return {"key": key, "items": registry.items(key)}
