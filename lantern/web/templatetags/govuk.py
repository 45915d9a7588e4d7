"""Template helpers for the GOV.UK page template and components."""

from django import template
from django.urls import reverse

register = template.Library()

def _front_door(user) -> bool:
    from lantern.staff.models import MANAGER_ROLES

    return user.works_at_front_door or user.role in MANAGER_ROLES


def _measures(user) -> bool:
    from lantern.staff.models import MANAGER_ROLES, Role

    return user.role in MANAGER_ROLES or user.role == Role.PERFORMANCE


def _care_measures(user) -> bool:
    from lantern.staff.models import Role

    return _measures(user) or user.role == Role.IRO


def _legal_tracker(user) -> bool:
    from lantern.legal.views.tracker import READERS

    return user.role in READERS


def _access_reports(user) -> bool:
    from lantern.staff.models import Role

    return user.role in (Role.SERVICE_MANAGER, Role.SENIOR_LEADER)


def _security_events(user) -> bool:
    from lantern.audit.selectors import SECURITY_EVENT_READERS

    return user.role in SECURITY_EVENT_READERS


def _second_factors(user) -> bool:
    from lantern.security.services import SECOND_FACTOR_RESETTERS

    return user.role in SECOND_FACTOR_RESETTERS


# (text, URL name, is it the current section?, who sees it) for the header's service navigation.
SERVICE_NAVIGATION = (
    ("My work", "obligations:my-work", lambda match: match.view_name == "obligations:my-work", None),
    ("Team", "obligations:team", lambda match: match.view_name == "obligations:team", None),
    ("Front door", "frontdoor:queue", lambda match: match.namespace == "frontdoor", _front_door),
    ("Find a child", "people:search", lambda match: match.namespace == "people", None),
    ("Practice quality", "plans:quality",
     lambda match: match.view_name in ("plans:quality", "stepchange:measure"), _measures),
    ("Children in care", "care:measures",
     lambda match: match.view_name in ("care:measures", "care:out-of-area", "care:disputes"),
     _care_measures),
    ("Legal tracker", "legal:tracker", lambda match: match.namespace == "legal", _legal_tracker),
    ("Data quality", "returns:quality", lambda match: match.namespace == "returns", None),
    ("Timescales", "obligations:rules", lambda match: match.view_name == "obligations:rules", None),
    ("Restricted records", "access:restrictions",
     lambda match: match.namespace == "access" and match.view_name != "access:emergency",
     _access_reports),
    ("Security events", "security:events", lambda match: match.view_name == "security:events",
     _security_events),
    ("Second factors", "security:second-factors",
     lambda match: match.view_name in ("security:second-factors", "security:second-factor-reset"),
     _second_factors),
)


@register.simple_tag(takes_context=True)
def service_navigation(context):
    """The header's navigation items: [{text, href, active}]."""
    request = context.get("request")
    match = getattr(request, "resolver_match", None)
    user = context.get("user")
    return [
        {"text": text, "href": reverse(name), "active": bool(match and is_current(match))}
        for text, name, is_current, shown in SERVICE_NAVIGATION
        if shown is None or (user is not None and user.is_authenticated and shown(user))
    ]


@register.filter
def as_cell(value):
    """A table cell as a dict: {"text": value} unless it already is one."""
    return value if isinstance(value, dict) else {"text": value}


@register.filter
def any_has(items, key):
    """True if any of the dicts has a truthy ``key`` (e.g. summary list rows with actions)."""
    return any(item.get(key) for item in items or ())


@register.simple_tag(takes_context=True)
def pagination_links(context, page, param="page"):
    """The context for components/pagination.html from a Django ``Page``.

    Keeps the other query parameters (filters, sort) of the current request
    and shows the first, last and neighbouring pages, with ellipses between.
    """
    request = context["request"]

    def href(number):
        query = request.GET.copy()
        query[param] = number
        return f"?{query.urlencode()}"

    current, last = page.number, page.paginator.num_pages
    shown = sorted({1, last, current - 1, current, current + 1} & set(range(1, last + 1)))
    items, previous = [], 0
    for number in shown:
        if number - previous > 1:
            items.append({"ellipsis": True})
        items.append({"number": number, "href": href(number), "current": number == current})
        previous = number
    return {
        "items": items if last > 1 else [],
        "previous": href(current - 1) if page.has_previous() else None,
        "next": href(current + 1) if page.has_next() else None,
    }
