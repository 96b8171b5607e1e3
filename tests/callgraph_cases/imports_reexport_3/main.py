import billing

inv = billing.Invoice([(2.5, 2), (1.0, 3)])
print(inv.amount(), billing.invoice_total([(1, 1)]))
