"""Administrators' corrections to the official working calendar (see official.py)."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

WEEKDAYS = "一二三四五六日"


class WorkdayOverride(models.Model):
    """One date whose status differs from, or is missing in, the packaged official calendar."""

    date = models.DateField("日期", unique=True)
    is_workday = models.BooleanField(
        "上班", help_text="勾选：这一天上班（如周末调休上班）；不勾选：这一天放假（如法定节假日）。"
    )
    name = models.CharField("名称", max_length=50, help_text="如：元旦、春节、春节调休上班")
    note = models.CharField("备注", max_length=200, blank=True, help_text="如：国办发明电〔2026〕×号")
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        ordering = ["date"]
        verbose_name = "工作日调整"
        verbose_name_plural = "工作日调整"

    def __str__(self):
        return f"{self.date:%Y-%m-%d}（周{WEEKDAYS[self.date.weekday()]}）{self.name}：{self.status_label}"

    @property
    def status_label(self) -> str:
        return "上班" if self.is_workday else "放假"


class WorkdayYear(models.Model):
    """A year whose holidays and 调休 days an administrator has entered completely as overrides."""

    year = models.PositiveSmallIntegerField(
        "年份", unique=True, validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    note = models.CharField("备注", max_length=200, blank=True, help_text="依据，如国务院办公厅通知文号")
    confirmed_at = models.DateTimeField("确认时间", auto_now=True)

    class Meta:
        ordering = ["year"]
        verbose_name = "已确认年份"
        verbose_name_plural = "已确认年份"

    def __str__(self):
        return f"{self.year}年"
