from django.conf import settings
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator


def paginate(request, object_list, per_page=None, param="page"):
    """Return the requested page, falling back to the first or last page on bad input."""
    paginator = Paginator(object_list, per_page or settings.NEWSROOM["ARTICLES_PER_PAGE"])
    number = request.GET.get(param, 1)
    try:
        return paginator.page(number)
    except PageNotAnInteger:
        return paginator.page(1)
    except EmptyPage:
        return paginator.page(paginator.num_pages)
