from . import tax


def final_price(net):
    return round(net + tax.vat(net), 2)
