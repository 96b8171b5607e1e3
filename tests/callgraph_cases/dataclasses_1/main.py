from dataclasses import dataclass


@dataclass
class Item:
    name: str
    price: float
    qty: int = 1

    def total(self) -> float:
        return round(self.price * self.qty, 2)


def invoice_line(item: Item) -> str:
    return f"{item.name}: {item.total()}"


pen = Item("pen", 1.5, 4)
print(invoice_line(pen), pen.total())
