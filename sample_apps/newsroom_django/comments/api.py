from rest_framework import permissions, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.response import Response

from core.permissions import can_moderate

from .models import Comment
from .serializers import CommentSerializer
from .services import CommentsClosed, ModerationService, post_comment, remove_comment


class IsAuthorOrModerator(permissions.BasePermission):
    def has_object_permission(self, request, view, obj):
        if request.method in permissions.SAFE_METHODS:
            return True
        return obj.author_id == request.user.pk or can_moderate(request.user)


class CommentViewSet(viewsets.ModelViewSet):
    serializer_class = CommentSerializer
    permission_classes = [permissions.IsAuthenticatedOrReadOnly, IsAuthorOrModerator]

    def get_queryset(self):
        queryset = Comment.objects.select_related("author__profile").prefetch_related("replies")
        if not can_moderate(self.request.user):
            queryset = queryset.filter(is_approved=True, is_removed=False)
        article = self.request.query_params.get("article")
        if article:
            queryset = queryset.filter(article_id=article)
        return queryset

    def perform_create(self, serializer):
        data = serializer.validated_data
        try:
            serializer.instance = post_comment(data["article"], self.request.user, data["body"], data.get("parent"))
        except CommentsClosed as exc:
            raise ValidationError({"article": str(exc)})

    def perform_destroy(self, instance):
        remove_comment(instance, self.request.user)

    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        if not can_moderate(request.user):
            raise PermissionDenied("Moderators only.")
        comment = ModerationService(request.user).approve(self.get_object())
        return Response(self.get_serializer(comment).data)
