"""``mdm2io report``: the self-contained HTML report for a cohort folder or the bundled demo."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from ..errors import InputError


def report(cohort_dir: Path = typer.Argument(None, help="Cohort folder (omit with --demo)."),
           out: Path = typer.Option(Path("report"), "--out", "-o", help="Output folder for index.html, report.json, tables/ and figures/."),
           demo: bool = typer.Option(False, "--demo", help="Report on the bundled IMvigor210 cohort."),
           preset: str = typer.Option("foundation", "--preset", help="Copy-number preset of the biomarker calls used by "
                                      "every section (as in 'mdm2io call --preset'), e.g. foundation, pcgr, mantra2."),
           endpoint: str = typer.Option("OS", "--endpoint", help="Survival endpoint of the survival section (outcomes.endpoint)."),
           group: str = typer.Option("MDM2_amplified", "--group", help="Grouping of the survival section: a biomarker "
                                     "column (e.g. MDM2_or_MDM4_amplified) or a patients column."),
           treatment: Optional[str] = typer.Option(None, "--treatment", help="Two-arm column: adds the biomarker x "
                                                   "treatment interaction and forest plot."),
           entry: Optional[str] = typer.Option(None, "--entry-col", help="Delayed-entry (left truncation) column in "
                                               "months from the endpoint's origin, e.g. time of sequencing.")):
    """Build a self-contained HTML report (index.html) plus report.json, TSV tables and figures."""
    from ..datasets import load_imvigor210
    from ..io.cohort_folder import read_cohort
    from ..progress import step
    from ..report import build_report

    if demo == (cohort_dir is not None):
        raise InputError("give either a cohort folder or --demo", expected="mdm2io report COHORT_DIR --out DIR, or mdm2io report --demo --out DIR",
                         fix="add --demo to report on the bundled IMvigor210 data, or name your cohort folder")
    with step("loading cohort"):
        cohort = load_imvigor210() if demo else read_cohort(cohort_dir)
    options = {"genomics_preset": preset, "survival_endpoint": endpoint, "survival_group": group}
    options.update({k: v for k, v in (("survival_treatment", treatment), ("survival_entry", entry)) if v is not None})
    index = build_report(cohort, out, options=options)
    typer.echo(f"report written to {index}")


def register(app) -> None:
    app.command("report")(report)
