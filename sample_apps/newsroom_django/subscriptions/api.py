from rest_framework import serializers
from rest_framework.decorators import api_view, permission_classes
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from .models import Plan
from .selectors import active_plans


class PlanSerializer(serializers.ModelSerializer):
    price = serializers.CharField(source="price_display", read_only=True)

    class Meta:
        model = Plan
        fields = ("slug", "name", "interval", "price_cents", "price")


@api_view(["GET"])
@permission_classes([AllowAny])
def plan_list(request):
    return Response(PlanSerializer(active_plans(), many=True).data)
