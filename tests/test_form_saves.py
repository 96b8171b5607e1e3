"""`form.save()` writes the table of the form's `Meta.model` (Django ModelForm, DRF
ModelSerializer); a form without a model writes nothing."""

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
    """,
    "shop/forms.py": """
        from django import forms
        from rest_framework import serializers

        from .models import Order, Profile

        class ProfileForm(forms.ModelForm):
            class Meta:
                model = Profile
                fields = ("bio",)

        class ContactForm(forms.Form):
            message = forms.CharField()

            def save(self):
                return self.cleaned_data

        class OrderSerializer(serializers.ModelSerializer):
            class Meta:
                model = Order
                fields = "__all__"
    """,
    "shop/views.py": """
        from django.urls import path

        from .forms import ContactForm, OrderSerializer, ProfileForm

        def edit_profile(request):
            form = ProfileForm(request.POST)
            if form.is_valid():
                form.save()

        def contact(request):
            form = ContactForm(request.POST)
            form.save()

        def place(request):
            serializer = OrderSerializer(data=request.POST)
            serializer.save()

        urlpatterns = [path("p/", edit_profile), path("c/", contact), path("o/", place)]
    """,
}


def test_a_form_save_writes_its_meta_models_table(tmp_path: Path) -> None:
    root = write_app(tmp_path / "app", APP)
    graph = build(root, GraphOptions(jobs=1, use_cache=False)).graph
    writes = {(a.unit, a.resource) for a in graph.accesses if a.mode == "write"}
    assert writes == {("shop.views.edit_profile", "table:shop_profile"),
                      ("shop.views.place", "table:shop_order")}
