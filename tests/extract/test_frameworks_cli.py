"""Command-line entry points read from source snippets: click and typer commands, `__main__`
blocks and Django management commands, and the look-alikes that must stay silent."""

from __future__ import annotations

from .jobs_helpers import facts, found


def cmd(unit: str, command: str, framework: str = "click") -> tuple:
    return (unit, "cli", framework, (("command", command),))


def routers(src: str) -> dict[str, str]:
    return {e.unit: e.router for e in facts(src).entry_points}


def test_click_commands_and_groups() -> None:
    src = """
        import click

        @click.command()
        def init_db():
            pass

        @click.command("create-admin")
        @click.argument("email")
        def create_admin_command(email):
            pass

        @click.command(name="Seed_Data")
        def seed():
            pass

        @click.command
        def bare():
            pass

        @click.group()
        def cli():
            pass

        @cli.command()
        def sync_all():
            pass

        @cli.group()
        def users():
            pass

        @users.command("add")
        def add_user():
            pass
    """
    assert found(src) == {
        cmd("pkg.mod.init_db", "init-db"),
        cmd("pkg.mod.create_admin_command", "create-admin"),
        cmd("pkg.mod.seed", "Seed_Data"),
        cmd("pkg.mod.bare", "bare"),
        cmd("pkg.mod.cli", "cli"),
        cmd("pkg.mod.sync_all", "sync-all"),
        cmd("pkg.mod.users", "users"),
        cmd("pkg.mod.add_user", "add"),
    }
    assert routers(src) == {
        "pkg.mod.init_db": "", "pkg.mod.create_admin_command": "", "pkg.mod.seed": "",
        "pkg.mod.bare": "", "pkg.mod.cli": "", "pkg.mod.sync_all": "cli",
        "pkg.mod.users": "cli", "pkg.mod.add_user": "users",
    }


def test_click_names_imported_from_click_and_groups_from_elsewhere() -> None:
    src = """
        import click
        from click import command, group

        from .main import cli

        @command()
        def Hello_World():
            pass

        @cli.command()
        @click.option("--force")
        def rebuild_index(force):
            pass
    """
    assert found(src) == {cmd("pkg.mod.Hello_World", "hello-world"), cmd("pkg.mod.rebuild_index", "rebuild-index")}


def test_typer_commands() -> None:
    src = """
        import typer

        app = typer.Typer()
        users = typer.Typer(help="Manage users")
        app.add_typer(users, name="users")

        @app.command()
        def hello_world(name: str):
            pass

        @app.command("bye")
        def goodbye():
            pass

        @users.command()
        def create(email: str):
            pass

        if __name__ == "__main__":
            app()
    """
    assert found(src) == {
        cmd("pkg.mod.hello_world", "hello-world", "typer"),
        cmd("pkg.mod.goodbye", "bye", "typer"),
        cmd("pkg.mod.create", "create", "typer"),
        cmd("pkg.mod", "pkg.mod", "main"),
    }


def test_flask_cli_commands() -> None:
    src = """
        from flask import Flask
        from flask.cli import AppGroup

        app = Flask(__name__)
        user_cli = AppGroup("user")

        @app.cli.command("seed")
        def seed_db():
            pass

        @user_cli.command("create")
        def create_user():
            pass
    """
    assert found(src) == {cmd("pkg.mod.seed_db", "seed", "flask"), cmd("pkg.mod.create_user", "create", "flask")}


def test_command_look_alikes_stay_silent() -> None:
    src = """
        from discord.ext import commands
        from slack_bolt import App

        bot = commands.Bot(command_prefix="!")
        slack = App()

        @bot.command()
        async def ping(ctx):
            pass

        @commands.command()
        async def pong(ctx):
            pass

        @slack.command("/echo")
        def echo(ack, command):
            pass

        @group.command()
        def unknown():
            pass
    """
    assert found(src) == set()


# -- __main__ blocks ----------------------------------------------------------------------


def test_main_blocks() -> None:
    src = """
        import sys

        def main():
            pass

        if __name__ == "__main__":
            sys.exit(main())
    """
    assert found(src, "tools.migrate", "tools/migrate.py") == {cmd("tools.migrate", "tools.migrate", "main")}
    assert [e.line for e in facts(src).entry_points] == [7]
    reversed_test = """
        if '__main__' == __name__:
            main()
    """
    assert found(reversed_test, "manage", "manage.py") == {cmd("manage", "manage", "main")}


def test_a_package_main_module_is_the_package_command() -> None:
    with_block = """
        from .cli import main
        if __name__ == "__main__":
            main()
    """
    without_block = """
        from .cli import main
        main()
    """
    assert found(with_block, "ledger.__main__", "ledger/__main__.py") == {cmd("ledger.__main__", "ledger", "main")}
    assert found(without_block, "ledger.__main__", "ledger/__main__.py") == {cmd("ledger.__main__", "ledger", "main")}


def test_main_look_alikes_stay_silent() -> None:
    src = """
        def run():
            if __name__ == "__main__":
                pass

        if __name__ != "__main__":
            pass

        if name == "__main__":
            pass

        if __name__ == "__main__" and DEBUG:
            pass
    """
    assert found(src) == set()


# -- Django management commands -----------------------------------------------------------


def test_django_management_command() -> None:
    src = """
        from django.core.management.base import BaseCommand

        class Command(BaseCommand):
            help = "Import orders"

            def handle(self, *args, **options):
                pass
    """
    module, path = "shop.management.commands.import_orders", "shop/management/commands/import_orders.py"
    assert found(src, module, path) == {cmd(f"{module}.Command", "import_orders", "django")}
    top = "management/commands/flush_cache.py"
    assert found(src, "management.commands.flush_cache", top) == {
        cmd("management.commands.flush_cache.Command", "flush_cache", "django"),
    }


def test_management_command_look_alikes_stay_silent() -> None:
    command = """
        class Command:
            pass
    """
    other_class = """
        from django.core.management.base import BaseCommand

        class ImportCommand(BaseCommand):
            class Command:
                pass
    """
    assert found(command, "shop.commands", "shop/commands.py") == set()
    assert found(command, "shop.management.utils", "shop/management/utils.py") == set()
    assert found(command, "shop.management.commands._base", "shop/management/commands/_base.py") == set()
    assert found(other_class, "shop.management.commands.x", "shop/management/commands/x.py") == set()
