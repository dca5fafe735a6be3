from django.db import migrations


def seed(apps, schema_editor):
    from linli.stairwells.choices import DEFAULT_CRITERIA

    Criterion = apps.get_model("stairwells", "Criterion")
    for indicator, weight, target in DEFAULT_CRITERIA:
        Criterion.objects.get_or_create(indicator=indicator, defaults={"weight": weight, "target": target})


class Migration(migrations.Migration):
    dependencies = [("stairwells", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
