from django.urls import path, re_path

from . import views, webhooks

urlpatterns = [
    path("plans/", views.plan_list, name="plans"),
    path("subscribe/<slug:plan_slug>/", views.SubscribeView.as_view(), name="subscribe"),
    path("cancel/", views.cancel_subscription, name="cancel"),
    path("newsletter/", views.newsletter_signup, name="newsletter"),
    re_path(
        r"^newsletter/confirm/(?P<token>[0-9a-f]{32})/$",
        views.confirm_newsletter,
        name="newsletter-confirm",
    ),
    path("webhooks/stripe/", webhooks.stripe_webhook, name="stripe-webhook"),
]
