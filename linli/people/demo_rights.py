"""Demo data of the residents' rights (PIPL): one moved-out resident anonymised after the retention period,
and one pending deletion request of a moved-out resident for the community to answer. Idempotent."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from linli.core.demo import DemoContext

from . import rights
from .choices import DeletionStatus
from .models import DeletionRequest, Person, Residency


def build(ctx: DemoContext) -> None:
    today = timezone.localdate()
    moved_out = Person.objects.filter(moved_out_on__isnull=False, anonymised_at__isnull=True).order_by("id")
    if not Person.objects.filter(anonymised_at__isnull=False).exists():
        old = moved_out.first()
        if old is not None:
            long_ago = today - timedelta(days=settings.LINLI_MOVED_OUT_RETENTION_DAYS + 30)
            Person.objects.filter(pk=old.pk).update(moved_out_on=long_ago)
            Residency.objects.filter(person=old, moved_out_on__isnull=False).update(moved_out_on=long_ago)
            rights.anonymise_moved_out(today=today)
    if not DeletionRequest.objects.exists():
        from linli.accounts.models import User

        person = moved_out.filter(user__isnull=True).exclude(name=rights.ANONYMOUS).first()
        if person is not None:
            user, _ = User.objects.get_or_create(phone="13500000023", defaults={"name": person.name})
            user.set_unusable_password()
            user.save(update_fields=["password"])
            Person.objects.filter(pk=person.pk).update(user=user)
            request = rights.deletion_request(user=user, reason="已搬离本社区，不再需要保留我的登记信息。")
            DeletionRequest.objects.filter(pk=request.pk).update(
                requested_at=timezone.now() - timedelta(days=3)
            )
    pending = DeletionRequest.objects.filter(status=DeletionStatus.PENDING).count()
    done = Person.objects.filter(anonymised_at__isnull=False).count()
    ctx.say(f"个人信息权利：已匿名化迁出满期居民 {done} 人，待答复删除申请 {pending} 件。")
