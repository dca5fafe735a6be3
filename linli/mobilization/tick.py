from django.utils import timezone

from .services import escalate_due


def run(now=None) -> str:
    n = escalate_due(now=now or timezone.now())
    return f"应急动员：临近时限上报网格长 {n} 户"
