"""``mdm2io survival``: KM, log-rank, Cox and biomarker × treatment interaction, written to a folder.

A thin layer over :func:`mdm2io.survival.run_survival`.
"""

from __future__ import annotations

from pathlib import Path

import typer


def survival(
    source: Path = typer.Argument(..., metavar="COHORT_DIR_OR_TABLE",
                                  help="Cohort folder, or one table (TSV/CSV, one row per patient)."),
    out: Path = typer.Option(..., "--out", "-o", help="Output folder for survival.json, figures and TSV tables."),
    group: str = typer.Option(..., "--group", "-g", help="Grouping column: clinical (patients), biomarker "
                              "(e.g. MDM2_amplified, called by mdm2io.genomics) or HPD label."),
    endpoint: str = typer.Option(None, "--endpoint", "-e", help="Outcome endpoint, e.g. OS or PFS (cohort folder; "
                                 "for a table: columns <EP>_months/<EP>_event or cBioPortal <EP>_MONTHS/<EP>_STATUS)."),
    time: str = typer.Option(None, "--time", help="Time column in months (table input)."),
    event: str = typer.Option(None, "--event", help="Event column, 1 = event, 0 = censored (table input)."),
    censor: str = typer.Option(None, "--censor", help="Censoring column, 1 = censored (instead of --event)."),
    treatment: str = typer.Option(None, "--treatment", "-t", help="Two-arm treatment column: adds the interaction analysis and forest plot."),
    adjust: str = typer.Option(None, "--adjust", help="Comma-separated covariates for an adjusted Cox model, e.g. tmb_per_mb,age_years."),
    categorical: str = typer.Option(None, "--categorical", help="Comma-separated covariates to treat as categorical (e.g. ecog_baseline)."),
    cutoff: float = typer.Option(None, "--cutoff", help="Split a numeric grouping into '>= CUTOFF' vs '< CUTOFF' (reference), e.g. --cutoff 16 for bTMB."),
    reference: str = typer.Option(None, "--reference", help="Reference level of the grouping (default 0/False/negative/wild-type)."),
    treatment_reference: str = typer.Option(None, "--treatment-reference", help="Control arm (default chemotherapy/docetaxel/0 ...)."),
    strata: str = typer.Option(None, "--strata", help="Column for an additional stratified log-rank test."),
    landmark: float = typer.Option(None, "--landmark", help="Landmark analysis: only patients followed beyond this many months, time from the landmark."),
    conf_type: str = typer.Option("log-log", "--conf-type", help="KM CI transform: log-log (lifelines default) or log (R survfit default) or plain."),
    id_col: str = typer.Option(None, "--id", help="Patient id column (table input)."),
    entry: str = typer.Option(None, "--entry-col", "--entry", help="Delayed-entry column (left truncation): months "
                              "from the same origin as the endpoint (e.g. ICI start to sequencing). Patients are at "
                              "risk only after entry; rows with entry >= time are reported in not_analysed.tsv."),
    preset: str = typer.Option("foundation", "--preset", help="Biomarker preset when --group is a biomarker column."),
):
    """Survival by group: Kaplan–Meier, log-rank, Cox; with --treatment the biomarker × treatment interaction."""
    from ..progress import step
    from ..survival import run_survival

    with step("survival analysis"):
        path = run_survival(source, out, group=group, endpoint=endpoint, time=time, event=event, censor=censor,
                            treatment=treatment, adjust=_split(adjust), categorical=_split(categorical),
                            reference=reference, treatment_reference=treatment_reference, strata=strata,
                            landmark_months=landmark, conf_type=conf_type, id_col=id_col, preset=preset,
                            cutoff=cutoff, entry=entry)
    import json

    res = json.loads(path.read_text())
    typer.echo(res["summary"])
    typer.echo(f"results written to {path.parent} (survival.json, km.png{', forest.png' if treatment else ''})")


def _split(s: str | None) -> list[str]:
    return [c.strip() for c in s.split(",") if c.strip()] if s else []


def register(app) -> None:
    """Add ``mdm2io survival`` to the app."""
    app.command("survival")(survival)
