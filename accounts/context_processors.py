from .permissions import is_innovation_unit, is_liaison


def roles(request):
    """Role flags for the navigation; computed lazily so anonymous pages pay nothing."""
    user = request.user
    return {
        "is_innovation_unit": lambda: is_innovation_unit(user),
        "is_liaison": lambda: is_liaison(user),
    }
