from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseBadRequest, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views import View
from django.views.decorators.http import require_http_methods, require_POST

from articles.models import Article
from core.decorators import rate_limited
from core.mixins import ModeratorRequiredMixin
from core.permissions import can_moderate

from . import selectors
from . import services as comment_services
from .forms import CommentForm, FlagForm
from .models import Comment


@login_required
@require_POST
@rate_limited(per_minute=5)
def post_comment(request, article_id):
    article = get_object_or_404(Article, pk=article_id)
    form = CommentForm(request.POST)
    if not form.is_valid():
        return HttpResponseBadRequest("Your comment could not be posted.")
    parent = None
    if form.cleaned_data.get("parent_id"):
        parent = get_object_or_404(Comment, pk=form.cleaned_data["parent_id"], article=article)
    try:
        comment = comment_services.post_comment(article, request.user, form.cleaned_data["body"], parent=parent)
    except comment_services.CommentsClosed as exc:
        messages.error(request, str(exc))
        return redirect(article)
    if not comment.is_approved:
        messages.info(request, "Thanks! Your comment will appear once a moderator has approved it.")
    return redirect(f"{article.get_absolute_url()}#comment-{comment.pk}")


class FlagCommentView(LoginRequiredMixin, View):
    def post(self, request, pk):
        comment = get_object_or_404(Comment, pk=pk, is_removed=False)
        form = FlagForm(request.POST)
        if not form.is_valid():
            return JsonResponse({"errors": form.errors}, status=400)
        created = comment_services.flag_comment(comment, request.user, form.cleaned_data["reason"])
        return JsonResponse({"flagged": True, "duplicate": not created})


@login_required
@require_http_methods(["POST", "DELETE"])
def delete_comment(request, pk):
    comment = get_object_or_404(Comment, pk=pk)
    if comment.author_id != request.user.pk and not can_moderate(request.user):
        raise PermissionDenied
    comment_services.remove_comment(comment, request.user)
    if request.method == "DELETE":
        return JsonResponse({"removed": comment.pk})
    return redirect(comment.article)


class ModerationQueueView(ModeratorRequiredMixin, View):
    template_name = "comments/moderation.html"

    def get(self, request):
        return render(request, self.template_name, {"comments": selectors.moderation_queue()[:100]})

    def post(self, request):
        ids = [int(pk) for pk in request.POST.getlist("comment_ids") if pk.isdigit()]
        action = request.POST.get("action")
        service = comment_services.ModerationService(request.user)
        queue = selectors.moderation_queue().filter(pk__in=ids)
        if action == "approve":
            done = service.bulk_approve(queue)
        elif action == "reject":
            done = 0
            for comment in queue:
                service.reject(comment)
                done += 1
        else:
            return HttpResponseBadRequest("Unknown action.")
        messages.success(request, f"{done} comment(s) updated.")
        return redirect("comments:moderation")
