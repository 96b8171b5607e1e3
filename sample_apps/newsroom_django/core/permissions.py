from django.contrib.auth.models import AnonymousUser


def is_editor(user) -> bool:
    """Editors are staff members or users whose profile carries the editor flag."""
    if user is None or isinstance(user, AnonymousUser) or not user.is_authenticated:
        return False
    if user.is_staff or user.is_superuser:
        return True
    profile = getattr(user, "profile", None)
    return bool(profile and profile.is_editor)


def can_moderate(user) -> bool:
    return is_editor(user) or user.has_perm("comments.change_comment")


def can_edit_article(user, article) -> bool:
    if is_editor(user):
        return True
    return article.author_id == getattr(user, "pk", None) and article.status != "published"
