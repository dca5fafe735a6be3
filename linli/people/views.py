from django.contrib.auth.decorators import login_required
from django.http import HttpResponse


@login_required
def ledger(request):  # replaced by the ledger pages
    return HttpResponse("")
