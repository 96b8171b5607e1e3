from datetime import date

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views import View
from django.views.decorators.http import require_GET, require_POST

from comments.forms import CommentForm
from comments.selectors import visible_comments
from core.decorators import editor_required
from core.feeds import BaseFeedView
from core.mixins import EditorRequiredMixin
from core.pagination import paginate

from . import selectors, services
from .forms import ArticleForm
from .models import Article


def article_list(request):
    articles = selectors.published_articles()
    section_slug = request.GET.get("section")
    if section_slug:
        if section_slug not in selectors.get_section_map():
            raise Http404("Unknown section.")
        articles = articles.in_section(section_slug)
    page = paginate(request, articles)
    return render(request, "articles/list.html", {"page": page, "articles": page.object_list})


def article_detail(request, slug):
    article = selectors.get_article_for_reader(slug, request.user)
    if article is None:
        raise Http404("No such article.")
    if article.is_published:
        services.record_view(article)
    context = {
        "article": article,
        "comments": visible_comments(article),
        "comment_form": CommentForm() if article.allow_comments else None,
    }
    return render(request, "articles/detail.html", context)


class SectionFeedView(BaseFeedView):
    template_name = "articles/section.html"

    def get_items(self):
        section = selectors.get_section_map().get(self.kwargs["section_slug"])
        if section is None:
            return None
        self.section = section
        return selectors.section_articles(section.slug)

    def get_title(self):
        return self.section.name

    def get_extra_context(self):
        return {"section": self.section}


class ArticleFormMixin:
    template_name = "articles/edit.html"

    def render_form(self, request, form, article=None, status=200):
        return render(request, self.template_name, {"form": form, "article": article}, status=status)


class ArticleCreateView(EditorRequiredMixin, ArticleFormMixin, View):
    def get(self, request):
        return self.render_form(request, ArticleForm())

    def post(self, request):
        form = ArticleForm(request.POST)
        if not form.is_valid():
            return self.render_form(request, form, status=400)
        data = form.cleaned_data
        article = services.create_article(
            request.user,
            section=data["section"],
            title=data["title"],
            body=data["body"],
            standfirst=data["standfirst"],
            allow_comments=data["allow_comments"],
        )
        messages.success(request, "Draft saved.")
        return redirect("articles:edit", slug=article.slug)


class ArticleUpdateView(EditorRequiredMixin, ArticleFormMixin, View):
    def get_article(self, slug) -> Article:
        return get_object_or_404(Article, slug=slug)

    def get(self, request, slug):
        article = self.get_article(slug)
        return self.render_form(request, ArticleForm(instance=article), article)

    def post(self, request, slug):
        article = self.get_article(slug)
        form = ArticleForm(request.POST, instance=article)
        if not form.is_valid():
            return self.render_form(request, form, article, status=400)
        changes = {name: form.cleaned_data[name] for name in ArticleForm.Meta.fields}
        services.update_article(article, request.user, note=form.cleaned_data["revision_note"], **changes)
        messages.success(request, "Changes saved.")
        return redirect("articles:edit", slug=article.slug)


@require_POST
@editor_required
def publish(request, slug):
    article = get_object_or_404(Article, slug=slug)
    try:
        services.publish_article(article, request.user)
    except services.PublishError as exc:
        messages.error(request, str(exc))
        return redirect("articles:edit", slug=slug)
    messages.success(request, f"“{article.title}” is live.")
    return redirect(article)


@require_GET
def archive_month(request, year, month):
    year, month = int(year), int(month)
    try:
        first_day = date(year, month, 1)
    except ValueError:
        raise Http404("No such month.")
    page = paginate(request, selectors.archive_for_month(year, month))
    return render(request, "articles/archive.html", {"page": page, "month": first_day})
