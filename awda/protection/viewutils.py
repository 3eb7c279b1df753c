"""What the views of protection, assistance and partners share: a case-file section answered
as an htmx fragment or, without JavaScript, as a page of its own; one-time form keys.
(Service errors next to the fields: `awda.lib.forms.add_service_errors`.)"""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse


def new_request_key() -> str:
    """A key generated when a form is rendered; submitting the form twice repeats it."""
    return uuid.uuid4().hex


def case_page_url(case) -> str:
    try:
        return reverse("web:case_detail", args=[case.pk])
    except NoReverseMatch:
        return f"/cases/{case.pk}/"


def section_response(
    request,
    *,
    case,
    template: str,
    title,
    context: dict,
    status: int = 200,
    refresh: bool = False,
) -> HttpResponse:
    """The section re-rendered: a fragment for htmx, a page of its own otherwise.

    `refresh` asks htmx to reload the whole case page, for changes other sections show too
    (a child screened as alone changes what booking says).
    """
    ctx = {"case": case, **context}
    if getattr(request, "htmx", False):
        # htmx does not swap 4xx answers by default: a form with errors comes back as 200 so
        # the user sees the errors next to the fields.
        response = render(request, template, ctx, status=200 if status == 422 else status)
        if refresh and status == 200:
            response["HX-Refresh"] = "true"
        return response
    return render(
        request,
        "protection/section_page.html",
        {
            **ctx,
            "section_template": template,
            "section_title": title,
            "case_url": case_page_url(case),
        },
        status=status,
    )


def section_done(request, case, message: str, render_section) -> HttpResponse:
    """After a successful change: htmx gets the section re-rendered; without JavaScript the
    user goes back to the case page with a confirmation message."""
    if getattr(request, "htmx", False):
        return render_section()
    messages.success(request, message)
    return redirect(case_page_url(case))
