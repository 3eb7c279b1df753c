"""Template helpers shared by the protection, assistance and partners pages."""

from django import template

from awda.protection.viewutils import case_page_url

register = template.Library()


@register.filter
def case_link(case) -> str:
    """The URL of a case's file page."""
    return case_page_url(case)
