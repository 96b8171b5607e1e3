class Base:
    def __init__(self):
        self.log = ["Base"]


class Left(Base):
    def __init__(self):
        super().__init__()
        self.log.append("Left")


class Right(Base):
    def __init__(self):
        super().__init__()
        self.log.append("Right")


class Child(Left, Right):
    def __init__(self):
        super().__init__()
        self.log.append("Child")


child = Child()
left = Left()
print(child.log, left.log)
