"""Shared abstract bases, and the one infrastructure table of the kernel: the rate-limit counters."""

from django.core.exceptions import ValidationError
from django.db import models


class AppendOnly(models.Model):
    """A record that is written once and never changed: events, ledger entries. Corrections are new
    records (a reversal, a later event), never edits."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.pk is not None and not self._state.adding:
            raise ValidationError(f"{self._meta.verbose_name}不可修改。")
        super().save(*args, **kwargs)


class AppendOnlyQuerySet(models.QuerySet):
    """Refuses the bulk paths that would bypass ``AppendOnly.save``: ``update()``, ``delete()``,
    ``bulk_update()``. A retention purge deletes with its own SQL (``linli.audit.services.purge``)."""

    def _refuse(self, *args, **kwargs):
        raise ValidationError(f"{self.model._meta.verbose_name}不可修改或删除。")

    update = delete = bulk_update = _refuse


class RateCounter(models.Model):
    """How often ``key`` (e.g. ``intake:user:42``) acted in the fixed window starting at ``window_start``.
    In the database so that every web worker and process counts against the same number
    (``linli.core.ratelimit``); old windows are deleted by the periodic job."""

    key = models.CharField("键", max_length=200)
    window_start = models.DateTimeField("窗口开始", db_index=True)
    count = models.PositiveIntegerField("次数", default=0)

    class Meta:
        verbose_name = verbose_name_plural = "频率计数"
        constraints = [models.UniqueConstraint(fields=["key", "window_start"], name="core_ratecounter_once")]

    def __str__(self):
        return f"{self.key} {self.window_start:%Y-%m-%d %H:%M} {self.count}"
