"""``mdm2io model``: the mechanistic model itself (SBML export, parameter table)."""

from __future__ import annotations

from pathlib import Path

import typer

from ..errors import InputError

model_app = typer.Typer(help="The mechanistic p53-MDM2-immune model: SBML export and parameters.", no_args_is_help=True)


@model_app.command("sbml")
def sbml(out: Path = typer.Argument(..., help="Output SBML file (.xml)."),
         regimen: str = typer.Option(None, "--regimen", help="Add bolus-dose events for a regimen, e.g. 'pembrolizumab 200 mg q3w + siremadlin 120 mg d1,d8 q28d'."),
         horizon_days: float = typer.Option(364.0, "--horizon-days", help="Dose events up to this day (with --regimen).")):
    """Write the model with its default parameters as SBML Level 3 Version 2 (time in days)."""
    from ..model.default import build_model
    from ..model.sbml import write_sbml
    from ..model.schedule import parse_arm

    if not 0 < horizon_days < float("inf"):
        raise InputError(f"--horizon-days {horizon_days:g} is not a time horizon", expected="a number of days > 0",
                         fix="use e.g. --horizon-days 364")
    doses = None
    if regimen:
        doses = sorted((t, "Ab_c" if r.drug_class == "PD-1" else "G_m", r.dose_mg)
                       for r in parse_arm(regimen) for t in r.dose_times(horizon_days))
    path = write_sbml(build_model(), out, doses=doses)
    typer.echo(f"SBML written to {path}")


@model_app.command("parameters")
def parameters(out: Path = typer.Option(None, "--out", "-o", help="Write a TSV instead of printing.")):
    """Print the parameter table (value, unit, prior, status, source)."""
    from ..model.default import build_model

    table = build_model().parameter_table()
    if out:
        table.to_csv(out, sep="\t", index=False)
        typer.echo(f"parameter table written to {out}")
    else:
        typer.echo(table.to_csv(sep="\t", index=False))


def register(app) -> None:
    """Add the ``mdm2io model`` command group."""
    app.add_typer(model_app, name="model")
