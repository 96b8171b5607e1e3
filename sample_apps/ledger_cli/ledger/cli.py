"""Command line: ``ledger [--db PATH] COMMAND ...``."""
import json
import logging
from dataclasses import replace
from datetime import date

import click

from . import __version__, stats
from .audit import log_event
from .categorize import categorize
from .config import DEFAULT_CURRENCY, DEFAULT_DB, MATCH_WINDOW_DAYS, MIN_MATCH_SCORE
from .exporters import EXPORTERS, export_entries
from .importers import IMPORTERS, get_importer
from .reconcile import MatchParams, Reconciler
from .reports import build_report, render_text, to_dict
from .store import LedgerStore

pass_store = click.make_pass_decorator(LedgerStore)


def _period(until: str | None, months: int) -> tuple[date, date]:
    """``months`` whole months ending with ``until`` (YYYY-MM), default the last full month."""
    if until:
        last = date.fromisoformat(f"{until}-01")
    else:
        today = date.today().replace(day=1)
        last = date(today.year - (today.month == 1), (today.month - 2) % 12 + 1, 1)
    end = date(last.year + (last.month == 12), last.month % 12 + 1, 1)
    first_index = last.year * 12 + last.month - 1 - (months - 1)
    return date(first_index // 12, first_index % 12 + 1, 1), end


@click.group()
@click.option("--db", "db_path", default=DEFAULT_DB, show_default=True, help="SQLite database file.")
@click.option("-v", "--verbose", is_flag=True, help="Log what is going on.")
@click.version_option(__version__, prog_name="ledger")
@click.pass_context
def cli(ctx: click.Context, db_path: str, verbose: bool) -> None:
    """Import statements, reconcile them against the books, report and export."""
    logging.basicConfig(
        level=logging.DEBUG if verbose else logging.WARNING, format="%(levelname)s %(message)s"
    )
    ctx.obj = ctx.with_resource(LedgerStore(db_path))


@cli.command()
@click.option("--account", "accounts", multiple=True, help="Create this account (repeatable).")
@click.option("--currency", default=DEFAULT_CURRENCY, show_default=True)
@pass_store
def init(store: LedgerStore, accounts: tuple[str, ...], currency: str) -> None:
    """Create the database tables."""
    store.init_schema()
    for name in accounts:
        store.ensure_account(name, currency)
    click.echo(f"Initialised {store.path}")


@cli.command("import")
@click.argument("kind", type=click.Choice(sorted(IMPORTERS)))
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@click.option("--account", required=True, help="Account the statement belongs to.")
@click.option("--currency", default=DEFAULT_CURRENCY, show_default=True)
@click.option("--decimal-comma/--decimal-point", default=None, help="Default: guess per value.")
@click.option("--strict", is_flag=True, help="Import nothing if any row fails to parse.")
@pass_store
def import_statement(
    store: LedgerStore,
    kind: str,
    path: str,
    account: str,
    currency: str,
    decimal_comma: bool | None,
    strict: bool,
) -> None:
    """Import a CSV statement or a books export."""
    importer = get_importer(kind, account, currency=currency, decimal_comma=decimal_comma)
    result = importer.read(path)
    for error in result.errors[:20]:
        click.echo(f"{path}:{error.line}: {error.message}", err=True)
    if strict and not result.ok:
        raise click.ClickException(f"{len(result.errors)} rows failed; nothing imported")

    store.ensure_account(account, currency)
    batch_id = store.start_batch(kind, path, account)
    if importer.target == "transactions":
        records = [
            r if r.category else replace(r, category=categorize(r.description))
            for r in result.records
        ]
        added = store.add_entries(batch_id, records)
    else:
        added = store.add_bank_lines(batch_id, result.records)
    store.finish_batch(batch_id, added, len(result.errors))
    stats.bump(f"imported.{importer.target}", added)
    log_event("import", kind=kind, source=path, account=account, batch=batch_id,
              rows=added, errors=len(result.errors))
    skipped = len(result.records) - added
    click.echo(f"Batch {batch_id}: {added} rows imported, {skipped} duplicates, "
               f"{len(result.errors)} errors")


@cli.command()
@click.option("--account", required=True)
@click.option("--window", "window_days", default=MATCH_WINDOW_DAYS, show_default=True,
              type=click.IntRange(0, 31), help="Days a booking may lag the entry.")
@click.option("--tolerance", "tolerance_cents", default=0, show_default=True,
              type=click.IntRange(0, 10_000), help="Allowed amount difference in cents.")
@click.option("--min-score", default=MIN_MATCH_SCORE, show_default=True, type=click.FloatRange(0, 1))
@click.option("--dry-run", is_flag=True, help="Show what would match, store nothing.")
@pass_store
def reconcile(
    store: LedgerStore,
    account: str,
    window_days: int,
    tolerance_cents: int,
    min_score: float,
    dry_run: bool,
) -> None:
    """Match unmatched bank lines to book entries."""
    reconciler = Reconciler(store, MatchParams(window_days, tolerance_cents, min_score))
    result = reconciler.run(account, dry_run=dry_run)
    if not dry_run:
        log_event("reconcile", account=account, matched=result.matched,
                  bank_lines=result.bank_lines, entries=result.entries)
    click.echo(
        f"{account}: {result.matched}/{result.bank_lines} bank lines matched "
        f"({result.match_rate:.0%}), {result.unmatched_amount_cents / 100:,.2f} still open"
        + (" [dry run]" if dry_run else "")
    )


@cli.command()
@click.option("--until", metavar="YYYY-MM", help="Last month of the report.")
@click.option("--months", default=6, show_default=True, type=click.IntRange(1, 36))
@click.option("--account")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True))
@pass_store
def report(
    store: LedgerStore, until: str | None, months: int, account: str | None, fmt: str, output: str | None
) -> None:
    """Spending by category per month, flagging unusual months."""
    start, end = _period(until, months)
    result = build_report(store.entries_between(start, end, account), start, end)
    text = render_text(result, DEFAULT_CURRENCY) if fmt == "text" else json.dumps(to_dict(result), indent=2)
    if output:
        with open(output, "w", encoding="utf-8") as fh:
            fh.write(text)
        click.echo(f"Report written to {output}")
    else:
        click.echo(text, nl=False)


@cli.command()
@click.argument("output", type=click.Path(dir_okay=False, writable=True))
@click.option("--format", "fmt", type=click.Choice(sorted(EXPORTERS)), default="csv", show_default=True)
@click.option("--year", type=int, default=lambda: date.today().year)
@click.option("--account")
@pass_store
def export(store: LedgerStore, output: str, fmt: str, year: int, account: str | None) -> None:
    """Export a year of book entries."""
    entries = store.entries_between(date(year, 1, 1), date(year + 1, 1, 1), account)
    count = export_entries(entries, fmt, output)
    stats.bump("exported", count)
    log_event("export", path=output, format=fmt, year=year, account=account, rows=count)
    click.echo(f"{count} entries written to {output}")


@cli.command("undo-import")
@click.argument("batch_id", type=int)
@click.confirmation_option(prompt="Remove this import and every match made against it?")
@pass_store
def undo_import(store: LedgerStore, batch_id: int) -> None:
    """Remove an import batch."""
    batch = store.batch(batch_id)
    if batch is None:
        raise click.ClickException(f"No import batch {batch_id}")
    removed = store.undo_batch(batch_id)
    log_event("undo-import", batch=batch_id, source=batch["source"], removed=removed)
    click.echo(f"Removed batch {batch_id} ({removed} rows)")


if __name__ == "__main__":
    cli()
