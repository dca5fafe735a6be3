"""What helps the people handling appeals: duplicates and merging, hotspots, photos of the result,
internal notes kept from residents."""

import base64
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from linli.appeals.choices import Status
from linli.appeals.models import Appeal, AppealPhoto
from linli.appeals.selectors import hotspots, similar_open_appeals
from linli.appeals.services import workflow as wf
from linli.appeals.services.intake import appeal_note
from linli.appeals.tests.factories import Cast, category
from linli.core.exceptions import DomainError
from linli.core.frozen_time import frozen_at
from linli.notifications.models import Notification

PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
)


@pytest.fixture
def cast(world):
    return Cast(world)


def test_a_similar_open_appeal_of_the_same_compound_is_suggested_as_duplicate(cast):
    first = cast.report(text="3栋电梯又坏了，早上困了一个老人半个小时，物业一直不来修")
    second = cast.report(text="3栋的电梯坏了，老人被困在电梯里，物业不来修怎么办")
    cast.report(text="楼下广场舞音响太吵了，晚上十点还在跳")
    suggestions = similar_open_appeals(appeal=second)
    assert [a.pk for _, a in suggestions] == [first.pk]
    assert suggestions[0][0] >= 0.5


def test_merged_reporters_all_hear_the_result(cast, django_capture_on_commit_callbacks):
    first = cast.report()
    dup = cast.report(actor=cast.resident, text="单元门门禁坏了，外人随便进出")
    wf.appeal_receive(appeal=first, actor=cast.desk, category=category("0102"))
    wf.appeal_merge(appeal=dup, into=first, actor=cast.desk)
    assert dup.status == Status.MERGED and dup.merged_into == first
    with pytest.raises(DomainError):
        wf.appeal_merge(appeal=cast.report(), into=dup, actor=cast.desk)  # not into a merged one
    with django_capture_on_commit_callbacks(execute=True):
        wf.appeal_dispatch(appeal=first, actor=cast.desk, unit=cast.unit)
        wf.appeal_sign(appeal=first, actor=cast.handler)
        wf.appeal_reply(appeal=first, actor=cast.handler, reply="门禁已修好。")
        wf.appeal_close(appeal=first, actor=cast.desk)
    assert Notification.objects.filter(recipient=cast.resident, kind="appeal.closed").count() == 1


def test_same_problem_in_the_same_building_again_and_again_is_a_hotspot(cast):
    lift = category("0103")
    for days in (25, 12, 3):
        with frozen_at(timezone.now() - timedelta(days=days)):
            cast.report(
                actor=cast.desk, channel="hotline", category=lift, text="电梯又停了，住在高层的老人下不了楼"
            )
    with frozen_at(timezone.now() - timedelta(days=60)):
        cast.report(actor=cast.desk, channel="hotline", category=lift, text="电梯停运，请尽快处理")
    rows = hotspots(user=cast.secretary)
    assert len(rows) == 1 and rows[0]["n"] == 3 and rows[0]["category__code"] == "0103"
    assert rows[0]["place_name"] == "春晖花园1栋"
    assert hotspots(user=cast.outsider) == []


def test_the_handler_attaches_photos_of_the_result(cast, client):
    appeal = cast.report()
    wf.appeal_receive(appeal=appeal, actor=cast.desk, category=category("0102"))
    wf.appeal_dispatch(appeal=appeal, actor=cast.desk, unit=cast.unit)
    wf.appeal_sign(appeal=appeal, actor=cast.handler)
    client.force_login(cast.handler)
    photo = SimpleUploadedFile("after.png", PNG, content_type="image/png")
    client.post(f"/appeals/{appeal.pk}/act/reply/", {"reply": "已修好，附现场照片。", "photos": [photo]})
    appeal.refresh_from_db()
    assert appeal.status == Status.REPLIED
    assert appeal.photos.filter(event__kind="replied").count() == 1


def test_a_file_that_is_not_an_image_is_refused_and_nothing_changes(cast, client):
    appeal = cast.report()
    wf.appeal_receive(appeal=appeal, actor=cast.desk, category=category("0102"))
    wf.appeal_dispatch(appeal=appeal, actor=cast.desk, unit=cast.unit)
    wf.appeal_sign(appeal=appeal, actor=cast.handler)
    client.force_login(cast.handler)
    fake = SimpleUploadedFile("virus.png", b"MZ\x90\x00not an image", content_type="image/png")
    response = client.post(
        f"/appeals/{appeal.pk}/act/reply/", {"reply": "门禁已经修好了。", "photos": [fake]}, follow=True
    )
    assert "不是图片" in response.content.decode()
    appeal.refresh_from_db()
    assert appeal.status == Status.IN_PROGRESS and appeal.photos.count() == 0


def test_a_resident_reporting_with_an_oversized_or_fake_photo_is_told_why_and_nothing_is_stored(
    cast, client, settings
):
    settings.LINLI_APPEAL_PHOTO_MAX_BYTES = 1024
    client.force_login(cast.resident)
    big = SimpleUploadedFile("楼道.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 2048, content_type="image/png")
    fake = SimpleUploadedFile("照片.jpg", b"<html><script>alert(1)</script>", content_type="image/jpeg")
    ten = [SimpleUploadedFile(f"{i}.png", PNG, content_type="image/png") for i in range(10)]
    for photos, reason in (([big], "超过 5MB"), ([fake], "不是图片"), (ten, "最多上传 9 张照片")):
        response = client.post(
            reverse("appeals:report"),
            {"appeal_type": "help", "place": cast.home.code, "text": "楼道灯坏了好几天", "photos": photos},
        )
        assert response.status_code == 200 and reason in response.content.decode()
    assert not Appeal.objects.exists() and not AppealPhoto.objects.exists()


def test_internal_notes_are_never_shown_to_the_resident(cast, client):
    appeal = cast.report()
    appeal_note(appeal=appeal, actor=cast.desk, text="该户曾多次重复反映，注意沟通方式")
    client.force_login(cast.desk)
    assert "注意沟通方式" in client.get(f"/appeals/{appeal.pk}/").content.decode()
    client.force_login(cast.resident)
    assert "注意沟通方式" not in client.get(f"/appeals/{appeal.pk}/").content.decode()


def test_photos_are_served_only_to_those_who_may_see_the_appeal(cast, client):
    photo = SimpleUploadedFile("door.png", PNG, content_type="image/png")
    appeal = cast.report(photos=[photo])
    url = f"/appeals/{appeal.pk}/photos/{appeal.photos.get().pk}/"
    client.force_login(cast.resident)
    page = client.get(f"/appeals/{appeal.pk}/").content.decode()
    assert url in page and "/media/" not in page
    response = client.get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content) == PNG
    assert "private" in response["Cache-Control"]
    client.force_login(cast.outsider)
    assert client.get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 302
