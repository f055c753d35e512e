"""``mdm2io report``: the self-contained HTML report for a cohort folder or the bundled demo."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from ..errors import InputError, Mdm2ioError


def report(cohort_dir: Path = typer.Argument(None, help="Cohort folder (omit with --demo)."),
           out: Path = typer.Option(Path("report"), "--out", "-o", help="Output folder for index.html, report.json, tables/ and figures/."),
           demo: bool = typer.Option(False, "--demo", help="Report on the bundled IMvigor210 cohort."),
           preset: str = typer.Option("foundation", "--preset", help="Copy-number preset of the biomarker calls used by "
                                      "every section (as in 'mdm2io call --preset'), e.g. foundation, pcgr, mantra2."),
           endpoint: Optional[str] = typer.Option(None, "--endpoint", help="Survival endpoint of the survival section "
                                                  "(outcomes.endpoint). Default: OS."),
           group: Optional[str] = typer.Option(None, "--group", help="Grouping of the survival section: a biomarker "
                                               "column (e.g. MDM2_or_MDM4_amplified) or a patients column. "
                                               "Default: MDM2_amplified."),
           treatment: Optional[str] = typer.Option(None, "--treatment", help="Two-arm column: adds the biomarker x "
                                                   "treatment interaction and forest plot."),
           entry: Optional[str] = typer.Option(None, "--entry-col", help="Delayed-entry (left truncation) column in "
                                               "months from the endpoint's origin, e.g. time of sequencing.")):
    """Build a self-contained HTML report (index.html) plus report.json, TSV tables and figures.

    Survival options given on the command line must be usable: if the survival section cannot
    be run with them, its problem is printed and the exit code is 1 (the report is still
    written). With the defaults (OS by MDM2_amplified) a cohort without outcomes simply gets
    no survival analysis.
    """
    from ..datasets import load_imvigor210
    from ..io.cohort_folder import read_cohort
    from ..progress import step
    from ..report import build_report

    if demo == (cohort_dir is not None):
        raise InputError("give either a cohort folder or --demo", expected="mdm2io report COHORT_DIR --out DIR, or mdm2io report --demo --out DIR",
                         fix=f"drop one of them: the folder {str(cohort_dir)!r} or --demo" if demo else
                         "add --demo to report on the bundled IMvigor210 data, or name your cohort folder")
    with step("loading cohort"):
        cohort = load_imvigor210() if demo else read_cohort(cohort_dir)
    given = {k: v for k, v in (("--endpoint", endpoint), ("--group", group), ("--treatment", treatment),
                               ("--entry-col", entry)) if v is not None}
    options = {"genomics_preset": preset, "survival_endpoint": endpoint or "OS", "survival_group": group or "MDM2_amplified"}
    options.update({k: v for k, v in (("survival_treatment", treatment), ("survival_entry", entry)) if v is not None})
    index = build_report(cohort, out, options=options)
    typer.echo(f"report written to {index}")
    if given:
        _check_survival_section(cohort, index, options, given)


def _check_survival_section(cohort, index: Path, options: dict, given: dict) -> None:
    """Exit 1 with the survival section's problem when the survival options the user gave could not be used.

    The problem is found again with :func:`mdm2io.survival.survival_data` (the call the section makes),
    only when the section did not run.
    """
    import json

    from ..survival import survival_data

    status = json.loads((index.parent / "report.json").read_text())["sections"].get("survival", {}).get("status")
    if status != "not_run":
        return
    opts = " ".join(f"{k} {v}" for k, v in given.items())
    endpoint = options["survival_endpoint"]
    if cohort.outcomes.empty:
        raise InputError(f"the survival section could not be run with {opts}: the cohort has no outcomes table",
                         fix="leave out the survival options, or add an outcomes table (docs/data.md)")
    try:
        survival_data(cohort, options["survival_group"], endpoint=endpoint, treatment=options.get("survival_treatment"),
                      preset=options["genomics_preset"], entry=options.get("survival_entry"))
    except Mdm2ioError as exc:
        head = f"the survival section could not be run with {opts} (the rest of the report is in {index}): "
        p = getattr(exc, "problem", None)
        if p is None:
            raise InputError(head + str(exc), fix="correct the survival options") from None
        raise InputError(head + p.message, file=p.file, line=p.line, column=p.column, expected=p.expected,
                         fix=p.fix) from None
    raise InputError(f"the survival section could not be run with {opts}", file=str(index),
                     fix="see the survival section of the report for the reason")


def register(app) -> None:
    app.command("report")(report)
