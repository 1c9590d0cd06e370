"""Every model of ours has an admin page (search and filters), and each opens for a superuser."""

import pytest
from django.apps import apps
from django.contrib import admin
from django.urls import reverse

OUR_APPS = {"accounts", "proposals", "screening", "routing", "labs", "notifications", "ledger", "people", "privacy"}


def our_models():
    return [
        model
        for model in apps.get_models()
        if model._meta.app_label in OUR_APPS
        and not model.__name__.startswith("Historical")
        and not model.__name__.endswith("ObjectPermission")
    ]


@pytest.mark.parametrize("model", our_models(), ids=lambda m: m._meta.label)
def test_model_has_a_searchable_admin_that_opens(model, admin_client):
    model_admin = admin.site._registry.get(model)
    assert model_admin is not None, f"{model._meta.label} is not registered in the admin"
    assert model_admin.search_fields, f"{model._meta.label}'s admin has no search"
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    assert admin_client.get(url, {"q": "검색"}).status_code == 200
