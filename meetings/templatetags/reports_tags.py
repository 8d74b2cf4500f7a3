"""The "reports to voters" card on a deputy's page: `{% load reports_tags %}{% deputy_reports_card deputy %}`.

A template tag, so that deputies/ (below meetings/) renders the card without importing meetings.
"""

from django import template

from meetings.selectors_reports import deputy_reports_for, public_reports, report_results

register = template.Library()


@register.inclusion_tag("meetings/reports/_deputy_card.html", takes_context=True)
def deputy_reports_card(context, deputy):
    """The deputy's reports the viewer may see, with each closed year's counts (three queries)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"reports": []}
    reports = deputy_reports_for(user, deputy.pk)
    results = report_results(deputy.pk) if any(r.is_closed for r in reports) else {}
    return {"reports": [{"report": r, "result": results.get(r.year) if r.is_closed else None} for r in reports]}


@register.inclusion_tag("meetings/reports/_public_card.html")
def deputy_public_reports(deputy):
    """For the public deputy page (`{% load reports_tags %}{% deputy_public_reports deputy %}`): the
    deputy's published results, year by year. One query, three more when there are any."""
    reports = list(public_reports().filter(deputy_id=deputy.pk).order_by("-year"))
    results = report_results(deputy.pk) if reports else {}
    return {"reports": [{"report": r, "result": results.get(r.year)} for r in reports]}
