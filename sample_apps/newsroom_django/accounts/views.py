from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import redirect, render
from django.views import View

from comments.models import Comment
from subscriptions.selectors import active_subscription_for

from .forms import ProfileForm, SignupForm


def signup(request):
    if request.user.is_authenticated:
        return redirect("home")
    if request.method == "POST":
        form = SignupForm(request.POST)
        if form.is_valid():
            user = form.save()
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, "Welcome to the Newsroom.")
            return redirect(request.GET.get("next") or "accounts:profile")
    else:
        form = SignupForm()
    return render(request, "accounts/signup.html", {"form": form})


class ProfileView(LoginRequiredMixin, View):
    template_name = "accounts/profile.html"

    def get_context(self, form):
        user = self.request.user
        return {
            "form": form,
            "subscription": active_subscription_for(user),
            "recent_comments": Comment.objects.filter(author=user, is_removed=False)
            .select_related("article")
            .order_by("-created_at")[:10],
        }

    def get(self, request):
        form = ProfileForm(instance=request.user.profile)
        return render(request, self.template_name, self.get_context(form))

    def post(self, request):
        form = ProfileForm(request.POST, instance=request.user.profile)
        if form.is_valid():
            form.save()
            messages.success(request, "Profile updated.")
            return redirect("accounts:profile")
        return render(request, self.template_name, self.get_context(form), status=400)
