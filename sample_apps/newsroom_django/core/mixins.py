from django.contrib.auth.mixins import LoginRequiredMixin, UserPassesTestMixin

from .permissions import can_moderate, is_editor


class EditorRequiredMixin(LoginRequiredMixin, UserPassesTestMixin):
    raise_exception = True

    def test_func(self):
        return is_editor(self.request.user)


class ModeratorRequiredMixin(LoginRequiredMixin, UserPassesTestMixin):
    raise_exception = True

    def test_func(self):
        return can_moderate(self.request.user)
