import logging

from django.http import HttpResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from .billing import BillingError, StripeGateway
from .services import handle_stripe_event

logger = logging.getLogger(__name__)


@csrf_exempt
@require_POST
def stripe_webhook(request):
    gateway = StripeGateway()
    try:
        event = gateway.parse_event(request.body, request.headers.get("Stripe-Signature", ""))
    except BillingError:
        return HttpResponse(status=400)
    handled = handle_stripe_event(event)
    if not handled:
        logger.debug("ignoring stripe event %s", event["type"])
    return HttpResponse(status=200)
