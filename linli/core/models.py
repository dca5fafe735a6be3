"""Shared abstract bases (no tables of their own)."""

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
