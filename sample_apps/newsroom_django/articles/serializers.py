from rest_framework import serializers

from .models import Article, Section


class SectionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Section
        fields = ("id", "name", "slug")


class ArticleSerializer(serializers.ModelSerializer):
    section = serializers.SlugRelatedField(slug_field="slug", queryset=Section.objects.filter(is_visible=True))
    author = serializers.StringRelatedField(read_only=True)
    url = serializers.SerializerMethodField()

    class Meta:
        model = Article
        fields = (
            "id",
            "url",
            "slug",
            "title",
            "standfirst",
            "body",
            "section",
            "author",
            "status",
            "published_at",
            "comment_count",
        )
        read_only_fields = ("slug", "status", "published_at", "comment_count")

    def get_url(self, obj):
        request = self.context.get("request")
        path = obj.get_absolute_url()
        return request.build_absolute_uri(path) if request else path
