"""``mdm2io validate PATH``: load a cohort folder and report every problem."""

from __future__ import annotations

import json
from pathlib import Path

import typer


def validate(path: Path = typer.Argument(..., help="Cohort folder (patients.tsv, samples.tsv, outcomes.tsv ...)."),
             as_json: bool = typer.Option(False, "--json", help="Print problems as JSON.")):
    """Load a cohort folder and report problems (file, line, column, fix); exit 1 on errors."""
    from ..io.cohort_folder import validate_cohort_folder

    cohort, problems = validate_cohort_folder(path)
    errors = [p for p in problems if p.severity == "error"]
    if as_json:
        typer.echo(json.dumps({"valid": not errors, "problems": [p.to_dict() for p in problems]}, indent=2))
    else:
        for p in problems:
            typer.echo(f"{p.severity}: {p}", err=True)
        if cohort is not None:
            typer.echo(f"OK: {cohort!r}")
        else:
            typer.echo(f"{path}: {len(errors)} error{'s' if len(errors) != 1 else ''}; the cohort was not loaded.", err=True)
    if errors:
        raise typer.Exit(1)


def register(app) -> None:
    app.command("validate")(validate)
