"""{% subnav "app" %}: an app's tabs (registered in brobyg.core.navigation.SUBNAV), only those the user may open."""
from django import template

from brobyg.core import navigation

register = template.Library()


@register.inclusion_tag("core/_subnav.html", takes_context=True)
def subnav(context, name, label=""):
    request = context.get("request")
    user = getattr(request, "user", None)
    roles = context.get("user_roles") or set()
    items = navigation.entries(navigation.SUBNAV.get(name, []), user, roles) if user else []
    path = getattr(request, "path", "")
    for item in items:
        item["current"] = path == item["url"]
    return {"items": items, "name": name, "label": label}
