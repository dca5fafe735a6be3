from django.db import migrations

TEMPLATES = [
    (
        "已现场处理",
        "您好，您反映的问题已安排人员到现场处理完毕。感谢您对社区工作的支持，如仍有问题请随时联系网格员。",
    ),
    ("已转物业跟进", "您好，您反映的问题已转交小区物业服务中心跟进处理，处理结果将及时告知您。"),
    ("已协调相关部门", "您好，经社区协调，相关职能部门已到场处置，后续我们将持续跟踪，确保问题彻底解决。"),
    (
        "政策解答",
        "您好，关于您咨询的事项，相关政策规定如下：……如需进一步了解，可在工作日到社区服务中心咨询。",
    ),
    ("感谢表扬", "感谢您的肯定和鼓励！我们会继续努力，把服务做得更好。"),
]


def load(apps, schema_editor):
    ReplyTemplate = apps.get_model("appeals", "ReplyTemplate")
    for title, text in TEMPLATES:
        ReplyTemplate.objects.get_or_create(title=title, defaults={"text": text})


class Migration(migrations.Migration):
    dependencies = [("appeals", "0002_default_taxonomy")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
