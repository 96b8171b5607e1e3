class Model:
    def __init__(self, **fields):
        self.fields = dict(fields)


class User(Model):
    def greeting(self):
        return "hi " + self.fields["name"]


class Admin(User):
    pass


admin = Admin(name="root")
print(admin.greeting())
