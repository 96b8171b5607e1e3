from django.conf import settings
from django.db import models


class Profile(models.Model):
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile")
    display_name = models.CharField(max_length=80, blank=True)
    bio = models.TextField(blank=True)
    is_editor = models.BooleanField(default=False)
    email_opt_in = models.BooleanField(default=True, help_text="Receive notification emails.")
    last_seen_at = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return self.public_name

    @property
    def public_name(self) -> str:
        return self.display_name or self.user.get_username()
