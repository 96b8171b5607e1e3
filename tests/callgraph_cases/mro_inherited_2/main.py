class JsonMixin:
    def dump(self):
        return "json:" + str(self.data)


class XmlMixin:
    def dump(self):
        return "<xml/>"

    def header(self):
        return "<?xml version='1.0'?>"


class Record(JsonMixin, XmlMixin):
    def __init__(self, data):
        self.data = data


rec = Record({"a": 1})
print(rec.header(), rec.dump())
