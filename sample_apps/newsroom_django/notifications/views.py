from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.views import View
from django.views.decorators.http import require_POST

from core.pagination import paginate

from .models import Notification
from .services import mark_all_read, mark_read, unread_count


@login_required
def notification_list(request):
    notifications = Notification.objects.filter(recipient=request.user)
    page = paginate(request, notifications, per_page=30)
    context = {"page": page, "notifications": page.object_list, "unread": unread_count(request.user)}
    return render(request, "notifications/list.html", context)


@login_required
@require_POST
def mark_notification_read(request, pk):
    changed = mark_read(request.user, pk)
    if request.headers.get("x-requested-with") == "XMLHttpRequest":
        return JsonResponse({"changed": changed, "unread": unread_count(request.user)})
    return redirect("accounts:notifications:list")


class MarkAllReadView(LoginRequiredMixin, View):
    def post(self, request):
        count = mark_all_read(request.user)
        return JsonResponse({"marked": count})
