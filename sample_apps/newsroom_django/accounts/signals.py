from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.db.models.signals import post_save
from django.dispatch import receiver
from django.utils import timezone

from .models import Profile


@receiver(post_save, sender=settings.AUTH_USER_MODEL)
def create_profile(sender, instance, created, **kwargs):
    if created:
        Profile.objects.create(user=instance, display_name=instance.get_full_name())


@receiver(user_logged_in)
def touch_last_seen(sender, request, user, **kwargs):
    Profile.objects.filter(user=user).update(last_seen_at=timezone.now())
