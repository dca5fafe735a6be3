"""The notification outbox. A ``Notification`` is one message to one user and is visible in their inbox
the moment it exists; each ``Delivery`` is its trip through one channel (in-app, SMS, WeChat). External
deliveries are sent after commit by ``tasks.deliver_pending``."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from .choices import Channel, DeliveryStatus


class Notification(models.Model):
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="接收人",
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    kind = models.CharField("类型", max_length=50, help_text="机器可读，例如 appeal.dispatched")
    title = models.CharField("标题", max_length=100)
    body = models.TextField("内容", blank=True)
    url = models.CharField("链接", max_length=300, blank=True, help_text="站内相对地址")
    dedupe_key = models.CharField("去重键", max_length=100, blank=True, help_text="为空表示不去重")
    created_at = models.DateTimeField("时间", default=timezone.now)
    read_at = models.DateTimeField("已读时间", null=True, blank=True)

    class Meta:
        verbose_name = "通知"
        verbose_name_plural = "通知"
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["recipient", "-created_at"], name="notification_mine"),
            models.Index(
                fields=["recipient", "-created_at"],
                condition=Q(read_at__isnull=True),
                name="notification_mine_unread",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "dedupe_key"],
                condition=~Q(dedupe_key=""),
                name="notification_once_per_key",
            ),
        ]

    def __str__(self):
        return f"{self.title} → {self.recipient_id}"

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


class Delivery(models.Model):
    notification = models.ForeignKey(
        Notification, verbose_name="通知", on_delete=models.CASCADE, related_name="deliveries"
    )
    channel = models.CharField("渠道", max_length=16, choices=Channel.choices)
    status = models.CharField(
        "状态", max_length=16, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField("尝试次数", default=0)
    # A claimed delivery is leased until this time; a failed one waits for it before the next attempt.
    next_attempt_at = models.DateTimeField("下次尝试时间", default=timezone.now)
    last_error = models.CharField("最近错误", max_length=500, blank=True)
    sent_at = models.DateTimeField("发送时间", null=True, blank=True)

    class Meta:
        verbose_name = "发送记录"
        verbose_name_plural = "发送记录"
        ordering = ["id"]
        indexes = [
            models.Index(
                fields=["next_attempt_at"],
                condition=Q(status=DeliveryStatus.PENDING),
                name="delivery_due",
            ),
        ]
        constraints = [
            models.UniqueConstraint(fields=["notification", "channel"], name="delivery_once_per_channel"),
            models.CheckConstraint(
                condition=~Q(status=DeliveryStatus.SENT) | Q(sent_at__isnull=False),
                name="delivery_sent_has_time",
            ),
        ]

    def __str__(self):
        return f"{self.get_channel_display()} · {self.get_status_display()} · {self.notification_id}"


class WechatBinding(models.Model):
    """The user's openid for WeChat template messages (bound when they follow the official account)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name="用户",
        on_delete=models.CASCADE,
        related_name="wechat_binding",
    )
    openid = models.CharField("OpenID", max_length=64, unique=True)
    bound_at = models.DateTimeField("绑定时间", default=timezone.now)

    class Meta:
        verbose_name = "微信绑定"
        verbose_name_plural = "微信绑定"

    def __str__(self):
        return f"{self.user_id} · {self.openid[:4]}****"
