"""Administration of the options appraisal (issue 17): registered, and business as usual never deleted there."""

import pytest
from django.urls import reverse

from appraisal.models import Option
from appraisal.options import services

pytestmark = pytest.mark.django_db


def test_the_admin_lists_options_and_criteria(admin_client, dh_appraisal):
    assert admin_client.get(reverse("admin:appraisal_option_changelist")).status_code == 200
    assert admin_client.get(reverse("admin:appraisal_criterion_changelist")).status_code == 200


def test_business_as_usual_has_no_delete_in_the_admin(admin_client, dh_appraisal):
    bau = Option.objects.get(appraisal=dh_appraisal, business_as_usual=True)
    r = admin_client.get(reverse("admin:appraisal_option_change", args=[bau.pk]))
    assert r.status_code == 200
    assert reverse("admin:appraisal_option_delete", args=[bau.pk]) not in r.content.decode()
    r = admin_client.post(reverse("admin:appraisal_option_delete", args=[bau.pk]), {"post": "yes"})
    assert r.status_code == 403
    assert Option.objects.filter(pk=bau.pk).exists()


def test_delete_selected_leaves_business_as_usual(admin_client, dh_appraisal):
    other = services.option_create(appraisal=dh_appraisal, name="Company", delivery_model="company", user=None)
    bau = Option.objects.get(appraisal=dh_appraisal, business_as_usual=True)
    data = {"action": "delete_selected", "_selected_action": [bau.pk, other.pk], "post": "yes"}
    admin_client.post(reverse("admin:appraisal_option_changelist"), data)
    assert Option.objects.filter(pk=bau.pk).exists()
