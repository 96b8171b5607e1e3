"""Notifications that other apps raise, one class per kind of event."""
from django.conf import settings
from django.urls import reverse

from .services import notify


class Notifier:
    verb = "notice"
    email = False

    def __init__(self, recipient):
        self.recipient = recipient

    def get_message(self) -> str:
        raise NotImplementedError

    def get_target_url(self) -> str:
        return ""

    def should_send(self) -> bool:
        if not self.recipient.is_active:
            return False
        profile = getattr(self.recipient, "profile", None)
        if self.email and profile is not None and not profile.email_opt_in:
            self.email = False
        return True

    def send(self):
        if not self.should_send():
            return None
        return notify(
            self.recipient,
            self.verb,
            message=self.get_message(),
            target_url=self.get_target_url(),
            email=self.email,
        )


class CommentReplyNotifier(Notifier):
    verb = "comment_reply"

    def __init__(self, reply):
        super().__init__(reply.parent.author)
        self.reply = reply

    def get_message(self) -> str:
        who = self.reply.author.profile.public_name
        return f"{who} replied to your comment on “{self.reply.article.title}”."

    def get_target_url(self) -> str:
        return f"{self.reply.article.get_absolute_url()}#comment-{self.reply.pk}"


class CommentModeratedNotifier(Notifier):
    verb = "comment_moderated"

    def __init__(self, comment, approved: bool):
        super().__init__(comment.author)
        self.comment = comment
        self.approved = approved

    def get_message(self) -> str:
        outcome = "is now visible" if self.approved else "was removed by a moderator"
        return f"Your comment on “{self.comment.article.title}” {outcome}."

    def get_target_url(self) -> str:
        return self.comment.article.get_absolute_url()


class SubscriptionStatusNotifier(Notifier):
    verb = "subscription"
    email = True

    MESSAGES = {
        "active": "Your {plan} subscription is active. Thank you for supporting independent journalism.",
        "past_due": "We couldn't take payment for your {plan} subscription. Please update your card.",
        "canceled": "Your {plan} subscription has been cancelled.",
        "expired": "Your {plan} subscription has expired.",
    }

    def __init__(self, subscription):
        super().__init__(subscription.user)
        self.subscription = subscription

    def get_message(self) -> str:
        template = self.MESSAGES.get(self.subscription.status, "Your {plan} subscription was updated.")
        return template.format(plan=self.subscription.plan.name)

    def get_target_url(self) -> str:
        return f"{settings.SITE_URL}{reverse('accounts:profile')}"
