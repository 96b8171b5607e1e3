def clamp(value):
    return max(10, min(value, 30))


class Thermostat:
    def __init__(self):
        self._target = 20

    @property
    def target(self):
        return self._target

    @target.setter
    def target(self, value):
        self._target = clamp(value)


thermostat = Thermostat()
thermostat.target = 45
print(thermostat.target)
