from django.contrib import admin, messages

from .models import Article, ArticleRevision, Section
from .services import PublishError, publish_article


class ArticleRevisionInline(admin.TabularInline):
    model = ArticleRevision
    extra = 0
    fields = ("created_at", "editor", "note")
    readonly_fields = fields
    can_delete = False


@admin.register(Section)
class SectionAdmin(admin.ModelAdmin):
    list_display = ("name", "slug", "position", "is_visible")
    prepopulated_fields = {"slug": ("name",)}


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ("title", "section", "author", "status", "published_at", "view_count")
    list_filter = ("status", "section")
    search_fields = ("title", "standfirst")
    inlines = [ArticleRevisionInline]
    actions = ["publish_selected"]

    @admin.action(description="Publish selected articles")
    def publish_selected(self, request, queryset):
        published = 0
        for article in queryset:
            try:
                publish_article(article, request.user)
                published += 1
            except PublishError as exc:
                self.message_user(request, f"{article}: {exc}", level=messages.WARNING)
        self.message_user(request, f"Published {published} article(s).")
