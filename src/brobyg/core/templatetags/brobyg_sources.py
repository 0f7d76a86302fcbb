"""{% cited %}…{% endcited %}: the content's source codes "(000 §7.2)" become "Source" links (brobyg.core.sources)."""
from django import template
from django.utils.safestring import mark_safe

from brobyg.core.sources import link, link_citations, readable

register = template.Library()


@register.filter
def cite(ref):
    """{{ "003 §6"|cite }}: a "Source" link to the sources page."""
    return mark_safe(link(str(ref))) if ref else ""


@register.filter
def source_name(ref):
    """{{ "003 §6"|source_name }}: the report's title and section, as text (PDFs)."""
    return readable(str(ref)) if ref else ""


class CitedNode(template.Node):
    def __init__(self, nodelist):
        self.nodelist = nodelist

    def render(self, context):
        return mark_safe(link_citations(self.nodelist.render(context)))


@register.tag
def cited(parser, token):
    nodelist = parser.parse(("endcited",))
    parser.delete_first_token()
    return CitedNode(nodelist)
