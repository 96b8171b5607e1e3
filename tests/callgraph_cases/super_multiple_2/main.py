class Serializer:
    def to_dict(self):
        return {"type": type(self).__name__}


class TimestampMixin:
    def to_dict(self):
        data = super().to_dict()
        data["ts"] = 0
        return data


class Event(TimestampMixin, Serializer):
    def to_dict(self):
        data = super().to_dict()
        data["kind"] = "event"
        return data


event = Event()
print(event.to_dict())
