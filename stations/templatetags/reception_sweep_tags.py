from django import template

from stations.reception_sweep import missed_receptions_for

register = template.Library()


@register.simple_tag
def missed_receptions_of(user, limit: int = 10) -> dict:
    """{"items": [...], "count": n}: the missed reception days a staff page shows to `user`."""
    items, count = missed_receptions_for(user, limit=limit)
    return {"items": items, "count": count}
