from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views import View
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from . import newsletter
from . import services as subscription_services
from .billing import BillingError
from .models import Plan
from .selectors import active_plans, active_subscription_for


class NewsletterForm(forms.Form):
    email = forms.EmailField()


@require_GET
def plan_list(request):
    context = {"plans": active_plans(), "current": active_subscription_for(request.user)}
    return render(request, "subscriptions/plans.html", context)


class SubscribeView(LoginRequiredMixin, View):
    template_name = "subscriptions/subscribe.html"

    def get_plan(self, plan_slug) -> Plan:
        return get_object_or_404(Plan, slug=plan_slug, is_active=True)

    def get(self, request, plan_slug):
        plan = self.get_plan(plan_slug)
        return render(request, self.template_name, {"plan": plan, "current": active_subscription_for(request.user)})

    def post(self, request, plan_slug):
        plan = self.get_plan(plan_slug)
        if active_subscription_for(request.user) is not None:
            messages.info(request, "You already have an active subscription.")
            return redirect("accounts:profile")
        try:
            checkout_url = subscription_services.start_checkout(request.user, plan, request.build_absolute_uri)
        except BillingError:
            messages.error(request, "We couldn't reach our payment provider. Please try again shortly.")
            return redirect("subscriptions:plans")
        return redirect(checkout_url)


@login_required
@require_POST
def cancel_subscription(request):
    subscription = active_subscription_for(request.user)
    if subscription is None:
        raise Http404("No active subscription.")
    try:
        subscription_services.cancel(subscription)
    except BillingError:
        messages.error(request, "Cancellation failed; please contact support.")
    else:
        messages.success(request, "Your subscription will end at the close of the current period.")
    return redirect("accounts:profile")


@require_http_methods(["GET", "POST"])
def newsletter_signup(request):
    form = NewsletterForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        newsletter.request_signup(form.cleaned_data["email"])
        return render(request, "subscriptions/newsletter_check_inbox.html")
    return render(request, "subscriptions/newsletter_signup.html", {"form": form})


@require_GET
def confirm_newsletter(request, token):
    signup = newsletter.confirm_signup(token)
    if signup is None:
        raise Http404("Unknown confirmation link.")
    return render(request, "subscriptions/newsletter_confirmed.html", {"signup": signup})
