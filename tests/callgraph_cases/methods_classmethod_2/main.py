class Plugin:
    registry = []

    @classmethod
    def register(cls, name):
        cls.registry.append(name)
        cls._log(name)

    @classmethod
    def _log(cls, name):
        print("registered", name)


class AudioPlugin(Plugin):
    pass


AudioPlugin.register("mp3")
Plugin.register("core")
