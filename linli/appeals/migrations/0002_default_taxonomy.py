from django.db import migrations


def load(apps, schema_editor):
    from linli.appeals.taxonomy import load_default_taxonomy

    load_default_taxonomy(apps.get_model("appeals", "Category"))


class Migration(migrations.Migration):
    dependencies = [("appeals", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
