"""Every appraisal made before issue 17 gets its business-as-usual option and the default criteria.

Mirrors appraisal/options/services.py options_defaults_create (a migration cannot import services: they use
today's models); the values are copied here so that later changes to the defaults do not rewrite history."""

from django.db import migrations

BUSINESS_AS_USUAL_NAME = "Business as usual"
BUSINESS_AS_USUAL_DESCRIPTION = (
    "Each council carries on as now: no savings from working together, no costs of getting there, and each "
    "council's funding gap left as it is. HM Treasury's Green Book requires it on every short list."
)
DEFAULT_CRITERIA = (  # name, weight, scored from the figures
    ("Financial value", 30, True),
    ("Quality of service to customers", 15, False),
    ("Resilience and capacity", 15, False),
    ("Sovereignty and democratic control", 10, False),
    ("Deliverability", 10, False),
    ("Impact on staff", 10, False),
    ("Ease of withdrawal", 10, False),
)


def create_defaults(apps, schema_editor):
    Appraisal = apps.get_model("appraisal", "Appraisal")
    Option = apps.get_model("appraisal", "Option")
    Criterion = apps.get_model("appraisal", "Criterion")
    for appraisal in Appraisal.objects.all():
        if not Option.objects.filter(appraisal=appraisal, business_as_usual=True).exists():
            taken = {n.casefold() for n in Option.objects.filter(appraisal=appraisal).values_list("name", flat=True)}
            name, n = BUSINESS_AS_USUAL_NAME, 1
            while name.casefold() in taken:
                n += 1
                name = f"{BUSINESS_AS_USUAL_NAME} ({n})"
            Option.objects.create(
                appraisal=appraisal,
                name=name,
                delivery_model="in_house",
                description=BUSINESS_AS_USUAL_DESCRIPTION,
                business_as_usual=True,
            )
        if not Criterion.objects.filter(appraisal=appraisal).exists():
            Criterion.objects.bulk_create(
                Criterion(appraisal=appraisal, name=name, weight=weight, is_financial=financial, position=i)
                for i, (name, weight, financial) in enumerate(DEFAULT_CRITERIA)
            )


class Migration(migrations.Migration):
    dependencies = [
        ("appraisal", "0008_options"),
    ]

    operations = [
        # Going back, the options' tables go with 0008: nothing to undo here.
        migrations.RunPython(create_defaults, migrations.RunPython.noop),
    ]
