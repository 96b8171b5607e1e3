from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from articles.models import Article
from notifications.notifiers import CommentReplyNotifier

from .models import Comment


@receiver([post_save, post_delete], sender=Comment)
def update_comment_count(sender, instance: Comment, **kwargs):
    visible = Comment.objects.filter(article_id=instance.article_id, is_approved=True, is_removed=False).count()
    Article.objects.filter(pk=instance.article_id).update(comment_count=visible)


@receiver(post_save, sender=Comment)
def notify_on_reply(sender, instance: Comment, created: bool, **kwargs):
    if not created or instance.parent_id is None or not instance.is_approved:
        return
    if instance.parent.author_id == instance.author_id:
        return
    CommentReplyNotifier(instance).send()
