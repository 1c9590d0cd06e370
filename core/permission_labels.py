"""A permission as the admin lists it, in the active language. Django stores each permission's
name in English in the database ("Can add lab"); the admin's groups screen
(``accounts.admin.GroupAdmin``) names them here instead. The words come from Django's admin
catalogue, the models' own catalogues and the project's (glab_portal/admin_words.py)."""

from django.apps import apps as django_apps
from django.utils.translation import gettext
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase

# The four permissions Django makes for every model, by their codename's first word, named with
# Django's admin words (추가, 변경, 삭제, 보기 in its Korean catalogue). Plain strings given to
# gettext at display, not marked: they are Django's msgids, not ours to translate again.
_DEFAULT_ACTIONS = {"add": "Add", "change": "Change", "delete": "Delete", "view": "View"}


def _model_name(model) -> str:
    """A model's name for a permission: a simple-history model as the history of its model,
    a guardian per-object permission table as the per-object permissions of its model."""
    instance_type = getattr(model, "instance_type", None)  # simple-history's historical models
    if instance_type is not None:
        return gettext("History of %(model)s") % {"model": instance_type._meta.verbose_name}
    if issubclass(model, UserObjectPermissionBase | GroupObjectPermissionBase):
        target = getattr(model._meta.get_field("content_object"), "related_model", None)
        name = target._meta.verbose_name if target is not None else gettext("any object")
        if issubclass(model, UserObjectPermissionBase):
            return gettext("Per-person permissions on %(model)s") % {"model": name}
        return gettext("Per-group permissions on %(model)s") % {"model": name}
    return str(model._meta.verbose_name)


def permission_label(permission) -> str:
    """A permission as the admin lists it, in the active language: app | model | action.
    Django stores a permission's name in English when it creates it ("Can add lab"); the
    default four are named here with Django's admin words, a model's own permissions with the
    gettext of their name (the models write them with gettext_lazy, so their catalogues have
    them). Reads nothing from the database beyond the permission and its content type."""
    content_type = permission.content_type
    model = content_type.model_class()
    try:
        app = str(django_apps.get_app_config(content_type.app_label).verbose_name)
    except LookupError:
        app = content_type.app_label
    model_name = _model_name(model) if model is not None else content_type.model
    action, _sep, rest = permission.codename.partition("_")
    if action in _DEFAULT_ACTIONS and rest == content_type.model:
        what = gettext(_DEFAULT_ACTIONS[action])
    else:
        what = gettext(permission.name)
    return f"{app} | {model_name} | {what}"
