from django.db import models


class ServiceLevel(models.TextChoices):
    FIRST = "1", "一级"
    SECOND = "2", "二级"
    THIRD = "3", "三级"
    FOURTH = "4", "四级"
    FIFTH = "5", "五级"


class CreditKind(models.TextChoices):
    BASIC = "basic", "基础分"
    GOOD = "good", "良好信息"
    BAD = "bad", "不良信息"
    REVERSAL = "reversal", "撤销"


class CreditSource(models.TextChoices):
    EVALUATION = "evaluation", "支部评价"
    APPEAL = "appeal", "群众诉求"
    MANUAL = "manual", "人工录入"


class CampaignStatus(models.TextChoices):
    PLANNED = "planned", "计划中"
    ACTIVE = "active", "整治中"
    CLOSED = "closed", "已结束"


class PaymentMethod(models.TextChoices):
    WECHAT = "wechat", "微信"
    ALIPAY = "alipay", "支付宝"
    BANK = "bank", "银行转账"
    CASH = "cash", "现金"
    OTHER = "other", "其他"


class PaymentSource(models.TextChoices):
    MANUAL = "manual", "手工登记"
    IMPORT = "import", "表格导入"


class EventKind(models.TextChoices):
    BILL_CREATED = "bill_created", "开具账单"
    BILL_CHANGED = "bill_changed", "调整应收"
    PAYMENT_RECORDED = "payment_recorded", "登记缴费"
    FEES_IMPORTED = "fees_imported", "导入收费表"
    CAMPAIGN_STARTED = "campaign_started", "发起集中整治"
    ITEM_ADDED = "item_added", "交办整治事项"
    ITEM_RECTIFIED = "item_rectified", "整改销号"
    CAMPAIGN_CLOSED = "campaign_closed", "结束集中整治"
