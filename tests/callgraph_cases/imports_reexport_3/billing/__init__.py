from .invoice import Invoice
from .invoice import total as invoice_total
