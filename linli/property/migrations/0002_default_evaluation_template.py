from django.db import migrations

DEFAULT_ITEMS = [
    ("环境卫生", 20),
    ("秩序维护", 15),
    ("设施设备维护", 20),
    ("绿化养护", 10),
    ("服务态度与响应", 20),
    ("党建引领与配合", 15),
]


def seed(apps, schema_editor):
    Template = apps.get_model("property", "EvaluationTemplate")
    Item = apps.get_model("property", "EvaluationItem")
    if Template.objects.exists():
        return
    template = Template.objects.create(name="小区党支部评价物业服务（默认）", active=True)
    for order, (name, weight) in enumerate(DEFAULT_ITEMS, start=1):
        Item.objects.create(template=template, name=name, weight=weight, order=order)


class Migration(migrations.Migration):
    dependencies = [("property", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
