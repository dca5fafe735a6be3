from django.db import migrations


def seed(apps, schema_editor):
    from linli.people.choices import DEFAULT_TAGS

    Tag = apps.get_model("people", "Tag")
    for sort, (code, name, target, care) in enumerate(DEFAULT_TAGS, start=1):
        Tag.objects.get_or_create(code=code, defaults={"name": name, "target": target, "care": care, "sort": sort * 10})
    Person = apps.get_model("people", "Person")
    Residency = apps.get_model("people", "Residency")
    Residency.objects.bulk_create(
        [Residency(person_id=pk, household_id=h) for pk, h in Person.objects.values_list("pk", "household_id")],
        batch_size=2000,
    )


class Migration(migrations.Migration):
    dependencies = [("people", "0002_ledger")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
