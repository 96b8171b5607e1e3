class Point:
    def __init__(self, x, y):
        self.x = x
        self.y = y


class Origin:
    x = 0
    y = 0


class Label(Point):
    pass


p = Point(1, 2)
o = Origin()
lab = Label(3, 4)
print(p.x + o.x + lab.x)
