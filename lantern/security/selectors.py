"""Reads for the second factors page: each staff account's authenticator app and codes."""

from django.db.models import Count, Exists, OuterRef, Q

from lantern.access.policy import NotPermitted
from lantern.staff.models import User


def second_factors(user, *, name: str = ""):
    """Every active staff account with whether its authenticator app is set up and how many
    recovery codes it has left, by surname; for the administrators who reset them."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from .services import SECOND_FACTOR_RESETTERS

    if user.role not in SECOND_FACTOR_RESETTERS:
        raise NotPermitted("Only system administrators manage second factors")
    accounts = User.objects.filter(is_active=True)
    if name:
        accounts = accounts.filter(Q(username__icontains=name) | Q(first_name__icontains=name)
                                   | Q(last_name__icontains=name))
    return (accounts.select_related("team")
            .annotate(has_app=Exists(TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True)),
                      codes_left=Count("recovery_codes", filter=Q(recovery_codes__used_at__isnull=True)))
            .order_by("last_name", "first_name", "pk"))


def account_for_reset(user, account_id) -> User:
    """The account whose second factor an administrator is resetting."""
    from django.http import Http404

    from .services import SECOND_FACTOR_RESETTERS

    if user.role not in SECOND_FACTOR_RESETTERS:
        raise Http404("No such page")
    try:
        return User.objects.get(pk=int(account_id), is_active=True)
    except (User.DoesNotExist, ValueError, TypeError):
        raise Http404("No such account") from None
