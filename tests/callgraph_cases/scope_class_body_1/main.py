def env_flag(name, default=False):
    return default


def build_choices(*names):
    return tuple((n, n.title()) for n in names)


class Settings:
    debug = env_flag("DEBUG")
    colors = build_choices("red", "green")
    size = len(colors)

    def show(self):
        return self.debug, self.size


settings = Settings()
print(settings.show())
