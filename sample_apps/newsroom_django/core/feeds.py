from django.http import Http404
from django.shortcuts import render
from django.views import View

from .pagination import paginate


class BaseFeedView(View):
    """A paginated list of items with a title; subclasses say which items."""

    template_name = "feed.html"
    per_page = None

    def get_items(self):
        raise NotImplementedError

    def get_title(self) -> str:
        return ""

    def get_extra_context(self) -> dict:
        return {}

    def get(self, request, *args, **kwargs):
        items = self.get_items()
        if items is None:
            raise Http404("No such feed.")
        page = paginate(request, items, per_page=self.per_page)
        context = {"title": self.get_title(), "page": page, "items": page.object_list}
        context.update(self.get_extra_context())
        return render(request, self.template_name, context)
