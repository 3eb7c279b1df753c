"""Template helpers: the main menu, country names, numbers and dates safe in Arabic pages."""

from __future__ import annotations

import datetime as dt
import logging

from django import template
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.html import format_html
from django_countries import countries

from awda.accounts.access import can_see_section, has_capability
from awda.web.registry import NAV_LINKS

register = template.Library()
log = logging.getLogger(__name__)


@register.inclusion_tag("web/_nav_links.html", takes_context=True)
def main_nav(context):
    request = context["request"]
    user = request.user
    links = []
    for link in NAV_LINKS:
        if link.capability and not has_capability(user, link.capability):
            continue
        if link.section and not can_see_section(user, link.section):
            continue
        try:
            url = reverse(link.url_name)
        except NoReverseMatch:
            # An app still being written may list a page before its URL exists.
            log.warning("Menu entry %s has no URL", link.url_name)
            continue
        current = request.path == url if link.exact else request.path.startswith(url)
        links.append({"url": url, "label": link.label, "current": current})
    return {"links": links}


@register.filter
def country(code) -> str:
    """The country's name in the active language ('GN' -> 'Guinée' / 'غينيا')."""
    code = str(code or "")
    return countries.name(code) if code else ""


@register.filter
def num(value):
    """A number formatted for the active language and isolated for right-to-left pages,
    where '2 457' would otherwise read '457 2'."""
    if value is None or value == "":
        return ""
    return format_html("<bdi>{}</bdi>", number_format(value, force_grouping=True))


@register.filter
def day(value, fmt: str = "SHORT_DATE_FORMAT"):
    """A date in the active language, isolated from the surrounding text direction."""
    if not value:
        return ""
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value)
        if fmt == "SHORT_DATE_FORMAT":
            fmt = "SHORT_DATETIME_FORMAT"
    return format_html("<bdi>{}</bdi>", date_format(value, fmt))


@register.filter
def age(date_of_birth) -> int | str:
    """Age in full years today."""
    if not date_of_birth:
        return ""
    today = timezone.localdate()
    years = today.year - date_of_birth.year
    if (today.month, today.day) < (date_of_birth.month, date_of_birth.day):
        years -= 1
    return years


@register.simple_tag(takes_context=True)
def url_with(context, **changes) -> str:
    """The current URL's query string with some parameters changed (a page, a sort)."""
    query = context["request"].GET.copy()
    for key, value in changes.items():
        if value is None or value == "":
            query.pop(key, None)
        else:
            query[key] = value
    if "page" not in changes:
        query.pop("page", None)
    encoded = query.urlencode()
    return f"?{encoded}" if encoded else "?"


@register.simple_tag(takes_context=True)
def sort_link(context, key: str, label) -> str:
    """A column heading that sorts the list by `key`, and reverses it on a second click."""
    from awda.cases.selectors import DEFAULT_SORT

    current = context["request"].GET.get("sort") or DEFAULT_SORT
    if current == key:
        target, arrow = f"-{key}", " ▲"
    elif current == f"-{key}":
        target, arrow = key, " ▼"
    else:
        target, arrow = key, ""
    url = url_with(context, sort=target)
    return format_html(
        '<a href="{}" hx-get="{}" hx-target="#case-results" hx-push-url="true">{}'
        '<span aria-hidden="true">{}</span></a>',
        url,
        url,
        label,
        arrow,
    )
