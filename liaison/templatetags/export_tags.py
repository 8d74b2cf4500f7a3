from django import template
from django.urls import reverse

from liaison.exports import filter_params

register = template.Library()


@register.simple_tag(takes_context=True)
def export_url(context, name: str, fmt: str) -> str:
    """The export of the list on this page, with the page's filters and sort order (not its page number)."""
    query = filter_params(context["request"].GET).urlencode()
    url = reverse("exports:export", kwargs={"name": name, "fmt": fmt})
    return f"{url}?{query}" if query else url
