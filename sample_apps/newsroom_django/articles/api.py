from rest_framework import permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from core.permissions import is_editor

from . import selectors
from .models import Article
from .serializers import ArticleSerializer
from .services import PublishError, create_article, publish_article, update_article


class IsEditorOrReadOnly(permissions.BasePermission):
    def has_permission(self, request, view):
        if request.method in permissions.SAFE_METHODS:
            return True
        return is_editor(request.user)


class ArticleViewSet(viewsets.ModelViewSet):
    serializer_class = ArticleSerializer
    permission_classes = [IsEditorOrReadOnly]
    lookup_field = "slug"

    def get_queryset(self):
        if is_editor(self.request.user):
            queryset = Article.objects.select_related("section", "author")
        else:
            queryset = selectors.published_articles()
        section = self.request.query_params.get("section")
        if section:
            queryset = queryset.in_section(section)
        return queryset

    def perform_create(self, serializer):
        data = serializer.validated_data
        serializer.instance = create_article(
            self.request.user,
            section=data["section"],
            title=data["title"],
            body=data["body"],
            standfirst=data.get("standfirst", ""),
        )

    def perform_update(self, serializer):
        serializer.instance = update_article(serializer.instance, self.request.user, **serializer.validated_data)

    @action(detail=True, methods=["post"])
    def publish(self, request, slug=None):
        article = self.get_object()
        try:
            publish_article(article, request.user)
        except PublishError as exc:
            return Response({"detail": str(exc)}, status=status.HTTP_409_CONFLICT)
        return Response(self.get_serializer(article).data)
