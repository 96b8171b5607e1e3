"""``flask`` sub-commands for setting up a database."""
import click
from flask.cli import with_appcontext

from .extensions import db
from .users.services import UserService


@click.command("init-db")
@with_appcontext
def init_db_command() -> None:
    db.create_all()
    click.echo("Database tables created.")


@click.command("create-admin")
@click.argument("email")
@click.password_option()
@with_appcontext
def create_admin_command(email: str, password: str) -> None:
    user = UserService().register(email, password, full_name="Administrator", role="admin")
    click.echo(f"Created admin user {user.email} (id {user.id}).")
