"""The interim care flags (visits.CareFlag) become ledger tags (people.TagAssignment on a care tag), then
the model goes. Every flag is copied with its dates, interval, note and who registered it. Where the
person already carries an open tag of that kind from the ledger, the flag is merged into it: the earlier
start and the flag's interval (when the tag has none) are kept; nothing is lost and no second open tag is
made. 低保 was a care kind here; in the ledger the 低保 tag is not a care tag by default (an administrator
may tick “关爱对象” on it) — the rows are copied to it all the same.

Reverse: the care-tag rows (of these kinds) are copied back into CareFlag; the tags stay in the ledger."""

from django.conf import settings
from django.db import migrations
from django.db.models import Q

#: CareFlag.kind → ledger Tag.code (frozen here: the choices may change later).
KIND_TO_TAG = {
    "living_alone": "living_alone",
    "empty_nest": "empty_nest",
    "left_behind_child": "left_behind_child",
    "disabled": "disabled",
    "subsistence": "dibao",
    "extreme_poverty": "tekun",
}
TAG_NAMES = {
    "living_alone": "独居老人",
    "empty_nest": "空巢老人",
    "left_behind_child": "留守儿童",
    "disabled": "残疾人",
    "dibao": "低保",
    "tekun": "特困",
}


def _tag(Tag, code):
    tag = Tag.objects.filter(code=code).first()
    if tag is None:  # an installation that deleted a default tag: bring it back
        tag = Tag.objects.create(code=code, name=TAG_NAMES[code], target="person", care=code != "dibao")
    return tag


def flags_to_tags(apps, schema_editor):
    CareFlag = apps.get_model("visits", "CareFlag")
    Tag = apps.get_model("people", "Tag")
    TagAssignment = apps.get_model("people", "TagAssignment")
    tags = {}
    for flag in CareFlag.objects.order_by("pk").iterator():
        code = KIND_TO_TAG[flag.kind]
        tag = tags.get(code) or tags.setdefault(code, _tag(Tag, code))
        if flag.until is None:
            open_tag = TagAssignment.objects.filter(tag=tag, person_id=flag.person_id, until__isnull=True).first()
            if open_tag is not None:
                open_tag.since = min(open_tag.since, flag.since)
                if open_tag.contact_days is None:
                    open_tag.contact_days = flag.days_between_contacts
                if not open_tag.note:
                    open_tag.note = flag.note
                open_tag.save(update_fields=["since", "contact_days", "note"])
                continue
        TagAssignment.objects.create(
            tag=tag,
            person_id=flag.person_id,
            since=flag.since,
            until=flag.until,
            contact_days=flag.days_between_contacts,
            note=flag.note,
            created_by_id=flag.created_by_id,
        )


def tags_to_flags(apps, schema_editor):
    CareFlag = apps.get_model("visits", "CareFlag")
    TagAssignment = apps.get_model("people", "TagAssignment")
    kinds = {tag: kind for kind, tag in KIND_TO_TAG.items()}
    rows = TagAssignment.objects.filter(person__isnull=False, tag__code__in=kinds).filter(
        Q(tag__care=True) | Q(contact_days__isnull=False)
    )
    for row in rows.select_related("tag").order_by("pk").iterator():
        CareFlag.objects.create(
            person_id=row.person_id,
            kind=kinds[row.tag.code],
            since=row.since,
            until=row.until,
            days_between_contacts=row.contact_days,
            note=row.note,
            created_by_id=row.created_by_id,
        )


class Migration(migrations.Migration):
    dependencies = [
        ("visits", "0001_initial"),
        ("people", "0004_tag_contact_days"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RunPython(flags_to_tags, tags_to_flags),
        migrations.DeleteModel(name="CareFlag"),
    ]
