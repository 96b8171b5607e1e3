class Engine:
    def start(self):
        return "vroom"


class Radio:
    def __init__(self, station):
        self.station = station

    def play(self):
        return f"playing {self.station}"


class Car:
    def __init__(self):
        self.engine = Engine()
        self.radio = Radio("jazz")

    def drive(self):
        return self.engine.start() + ", " + self.radio.play()


car = Car()
print(car.drive())
