from datetime import datetime

from ninja import Router, Schema
from ninja.pagination import paginate

from linli.core.api_errors import errors

from . import selectors, services

router = Router(tags=["通知"])


class NotificationOut(Schema):
    id: int
    kind: str
    title: str
    body: str
    url: str
    created_at: datetime
    read_at: datetime | None


class UnreadOut(Schema):
    unread: int


@router.get("/", response={200: list[NotificationOut], **errors(422)}, summary="我的通知（未读在前，分页）")
@paginate
def notification_list(request, unread: bool = False):
    rows = selectors.notification_visible_to(request.user)
    return rows.filter(read_at__isnull=True) if unread else rows


@router.get("/unread-count", response={200: UnreadOut, **errors()}, summary="我的未读通知数")
def notification_unread(request):
    return {"unread": selectors.notification_unread_count(user=request.user)}


@router.post(
    "/{int:notification_id}/read",
    response={200: NotificationOut, **errors(403, 404, 422)},
    summary="将一条通知标为已读",
)
def notification_read(request, notification_id: int):
    notification = selectors.notification_get_for_user(user=request.user, pk=notification_id)
    return services.notification_mark_read(user=request.user, notification=notification)
