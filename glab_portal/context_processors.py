"""Navigation flags that need more than one app (the project may import every app)."""

from django.utils.functional import SimpleLazyObject

from screening.permissions import board_calls


def navigation(request):
    user = request.user
    return {"is_board_member": SimpleLazyObject(lambda: board_calls(user).exists())}
