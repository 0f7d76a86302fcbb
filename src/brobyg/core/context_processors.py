from brobyg.core import navigation
from brobyg.core.permissions import current_partnership, roles_of


def brobyg(request):
    user = request.user
    roles = roles_of(user) if user.is_authenticated else set()
    return {
        "nav_items": navigation.entries(navigation.NAV, user, roles),
        "current_partnership": current_partnership(request) if user.is_authenticated else None,
        "user_roles": roles,
    }
