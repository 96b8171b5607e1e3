"""Generic views write in framework code: a DRF ModelViewSet saves and deletes through its
serializer and queryset, Django's CreateView/UpdateView save their form and DeleteView
deletes. The class declaration says which model; an overridden hook runs the app's code."""

from __future__ import annotations

from pathlib import Path

from evaluate.helpers import write_app

from granularity.pipeline import GraphOptions, build

APP = {
    "shop/__init__.py": "",
    "shop/models.py": """
        from django.db import models

        class Profile(models.Model):
            bio = models.TextField()

        class Order(models.Model):
            total = models.IntegerField()

        class Coupon(models.Model):
            code = models.CharField(max_length=10)
    """,
    "shop/forms.py": """
        from django import forms
        from rest_framework import serializers

        from .models import Order, Profile

        class ProfileForm(forms.ModelForm):
            class Meta:
                model = Profile
                fields = ("bio",)

        class OrderSerializer(serializers.ModelSerializer):
            class Meta:
                model = Order
                fields = "__all__"

        class PlainSerializer(serializers.Serializer):
            code = serializers.CharField()
    """,
    "shop/api.py": """
        from rest_framework import generics, mixins, viewsets

        from . import models
        from .forms import OrderSerializer, PlainSerializer

        class OrderViewSet(viewsets.ModelViewSet):
            serializer_class = OrderSerializer

        class CouponViewSet(viewsets.ModelViewSet):
            serializer_class = PlainSerializer
            queryset = models.Coupon.objects.filter(active=True).order_by("code")

        class OrderReadOnly(viewsets.ReadOnlyModelViewSet):
            serializer_class = OrderSerializer

        class OrderCustom(viewsets.ModelViewSet):
            serializer_class = OrderSerializer

            def perform_create(self, serializer):
                pass

            def perform_update(self, serializer):
                pass

            def perform_destroy(self, instance):
                pass

        class CouponCreate(mixins.CreateModelMixin, generics.GenericAPIView):
            queryset = models.Coupon.objects.all()

            class Meta:
                model = models.Order
    """,
    "shop/views.py": """
        from django.views.generic import CreateView, DeleteView, UpdateView

        from .forms import ProfileForm
        from .models import Order, Profile

        class ProfileCreate(CreateView):
            model = Profile
            fields = ("bio",)

        class ProfileEdit(UpdateView):
            form_class = ProfileForm

        class OrderDelete(DeleteView):
            model = Order

        class OrderArchive(DeleteView):
            model = Order

            def form_valid(self, form):
                return None
    """,
    "shop/lookalike.py": """
        from .base import CreateView
        from .models import Order

        class NotDjango(CreateView):
            model = Order
    """,
    "shop/base.py": """
        class CreateView:
            model = None
    """,
}


def _writes(tmp_path: Path) -> set[tuple[str, str]]:
    root = write_app(tmp_path / "app", APP)
    graph = build(root, GraphOptions(jobs=1, use_cache=False)).graph
    return {(a.unit, a.resource) for a in graph.accesses if a.mode == "write"}


def test_generic_views_write_the_model_they_declare(tmp_path: Path) -> None:
    assert _writes(tmp_path) == {
        # the serializer's Meta.model
        ("shop.api.OrderViewSet", "table:shop_order"),
        # a plain serializer has no model; the queryset's model is deleted and updated
        ("shop.api.CouponViewSet", "table:shop_coupon"),
        # a mixin that creates; the nested Meta is not the view's
        ("shop.api.CouponCreate", "table:shop_coupon"),
        ("shop.views.ProfileCreate", "table:shop_profile"),
        # the form's Meta.model
        ("shop.views.ProfileEdit", "table:shop_profile"),
        ("shop.views.OrderDelete", "table:shop_order"),
    }
    # Not there: a read-only viewset, a viewset overriding every write hook, a DeleteView
    # overriding form_valid, and a class named CreateView in a file that imports no Django.


def test_the_write_points_at_the_line_that_names_the_model(tmp_path: Path) -> None:
    root = write_app(tmp_path / "app", APP)
    graph = build(root, GraphOptions(jobs=1, use_cache=False)).graph
    lines = (root / "shop" / "api.py").read_text().splitlines()
    (access,) = [a for a in graph.accesses if a.unit == "shop.api.OrderViewSet"]
    assert lines[access.line - 1].strip() == "serializer_class = OrderSerializer"
    assert access.via == "django"
