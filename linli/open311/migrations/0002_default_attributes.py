from django.db import migrations


def load(apps, schema_editor):
    from linli.open311.seed import load_default_attributes

    load_default_attributes(apps.get_model("appeals", "Category"), apps.get_model("open311", "ServiceAttribute"))


class Migration(migrations.Migration):
    dependencies = [("open311", "0001_initial"), ("appeals", "0002_default_taxonomy")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
