"""`flask demo load`."""
import click
from flask.cli import AppGroup

from backend.demo.loader import ACCOUNTS, PASSWORD, load_demo
from backend.extensions import db

demo_cli = AppGroup("demo", help="The demo school.")


@demo_cli.command("load")
def load_command():
    """Create or refresh the demo school and its accounts."""
    school = load_demo()
    db.session.commit()
    click.echo(f"demo school ready: {school.name} (code {school.code})")
    for login, who in ACCOUNTS.items():
        click.echo(f"  {login} / {PASSWORD}  {who}")
