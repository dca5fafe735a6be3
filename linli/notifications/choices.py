from django.db import models


class Channel(models.TextChoices):
    IN_APP = "in_app", "站内通知"
    SMS = "sms", "短信"
    WECHAT = "wechat", "微信模板消息"


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", "待发送"
    SENT = "sent", "已发送"
    FAILED = "failed", "发送失败"
    SKIPPED = "skipped", "未发送"


#: Channels that leave the platform; they go through a backend after commit.
EXTERNAL_CHANNELS = frozenset({Channel.SMS, Channel.WECHAT})
