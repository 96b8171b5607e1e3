"""Statement importers, looked up by name in ``IMPORTERS``.

Each importer module registers its class with ``@register("name")`` when it is imported;
the built-in ones are imported at the bottom of this module.
"""
from .base import BaseImporter

IMPORTERS: dict[str, type[BaseImporter]] = {}


def register(name: str):
    def decorator(cls: type[BaseImporter]) -> type[BaseImporter]:
        if name in IMPORTERS:
            raise ValueError(f"importer {name!r} is already registered")
        IMPORTERS[name] = cls
        cls.kind = name
        return cls

    return decorator


def get_importer(name: str, account: str, **options) -> BaseImporter:
    try:
        importer_cls = IMPORTERS[name]
    except KeyError:
        raise ValueError(f"unknown importer {name!r}; choose from {', '.join(sorted(IMPORTERS))}") from None
    return importer_cls(account, **options)


from . import bank, books, card  # noqa: E402,F401  (registers the built-in importers)
