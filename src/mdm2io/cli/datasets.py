"""``mdm2io datasets``: list, export and show the licence of bundled datasets."""

from __future__ import annotations

from pathlib import Path

import typer


def _ds():
    # imported when a subcommand runs, so `mdm2io --help` does not pay for pandas (~0.3 s)
    from .. import datasets

    return datasets

datasets_app = typer.Typer(help="List bundled real datasets; export one as a cohort folder.", invoke_without_command=True,
                           no_args_is_help=False)


@datasets_app.callback()
def _default(ctx: typer.Context):
    """List bundled datasets with their citation and licence (default action)."""
    if ctx.invoked_subcommand is None:
        list_datasets()


@datasets_app.command("list")
def list_datasets():
    """List bundled datasets with citation and licence."""
    for info in _ds().DATASETS.values():
        typer.echo(f"{info.name}\n  {info.title}\n  {info.description}\n  cite: {info.citation} doi:{info.doi}\n"
                   f"  licence: {info.licence} (mdm2io datasets licence {info.name})\n")


@datasets_app.command("export")
def export(name: str = typer.Argument(..., help="Dataset name, e.g. imvigor210."),
           directory: Path = typer.Argument(..., help="Output folder (created)."),
           format: str = typer.Option("tsv", "--format", help="tsv or parquet."),
           force: bool = typer.Option(False, "--force", help="Write into a folder that already holds files "
                                                            "(its table files and meta.json are replaced).")):
    """Write a bundled dataset as a cohort folder (one file per table + meta.json)."""
    from ..errors import InputError

    if directory.is_dir() and any(directory.iterdir()) and not force:
        # writing replaces table files in every format: never over someone's own cohort by accident
        raise InputError("the output folder is not empty", file=str(directory),
                         expected="a new or empty folder", fix="choose another folder, or add --force to replace its tables")
    folder = _ds().load(name).write(directory, format=format)
    typer.echo(f"wrote {name} to {folder}")


@datasets_app.command("licence")
def licence(name: str = typer.Argument(..., help="Dataset name.")):
    """Print the licence and attribution of a bundled dataset."""
    typer.echo(_ds().licence_text(name))


def register(app) -> None:
    app.add_typer(datasets_app, name="datasets")
