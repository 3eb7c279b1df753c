"""Rendering of report figures: localised numbers isolated in <bdi>, "<5" for hidden ones."""

from django import template
from django.utils.formats import number_format
from django.utils.html import format_html

register = template.Library()


@register.simple_tag
def figure(cell):
    if cell.hidden:
        return format_html('<bdi class="hidden-count" title="{}">&lt;5</bdi>', "1–4")
    value = cell.value
    if value is None or value == "":
        return "—"
    if cell.kind == "share":
        text = number_format(value, decimal_pos=1, force_grouping=True)
        return format_html("<bdi>{}</bdi>", text)
    text = number_format(value, force_grouping=True)
    if cell.drill_url:
        return format_html('<a href="{}" class="drill"><bdi>{}</bdi></a>', cell.drill_url, text)
    return format_html("<bdi>{}</bdi>", text)


@register.filter
def get_item(mapping, key):
    return mapping.get(key, "")
