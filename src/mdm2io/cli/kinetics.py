"""``mdm2io kinetics``: growth metrics, RECIST/iRECIST, HPD under every definition and growth-model fits.

A thin layer over :func:`mdm2io.kinetics.run_kinetics` and :func:`mdm2io.kinetics.cohort_from_scans_file`.
"""

from __future__ import annotations

from pathlib import Path
from typing import List, Optional

import typer


def kinetics(scans: Path = typer.Argument(..., help="Scans table (.tsv/.csv: patient_id, day or date, sld_mm ...), "
                                                   "a cohort folder, or a bundled dataset name (e.g. laleh2022)."),
             out: Path = typer.Option(Path("kinetics"), "--out", "-o", help="Output folder."),
             treatments: Optional[Path] = typer.Option(None, "--treatments", help="Treatments table with patient_id, agent, "
                                                       "drug_class, start_day/start_date (and stop_day/stop_date)."),
             treatment_start_column: Optional[str] = typer.Option(None, "--treatment-start-column",
                                                                  help="Column of the scans table holding each patient's ICI start (day or ISO date)."),
             value: Optional[str] = typer.Option(None, "--value", help="Size column: sld_mm, tumour_burden or pct_change_from_baseline."),
             definition: Optional[List[str]] = typer.Option(None, "--definition", "-d", help="HPD definition(s); default all."),
             nonpositive_reference: str = typer.Option("not_evaluable", "--nonpositive-reference",
                                                       help="Reference growth <= 0: not_evaluable, not_hpd or hpd_if_growing."),
             lenient: bool = typer.Option(False, "--lenient", help="Label patients whose HPD status is decided even if an input of the original study is missing."),
             linear_tgr: bool = typer.Option(False, "--linear-tgr", help="Linearised TGR (100*TG) instead of Ferté's exact form."),
             pval: float = typer.Option(0.10, "--pval", help="Significance level for growth-model parameters (tumgr)."),
             matos_max_first_eval_days: Optional[float] = typer.Option(None, "--matos-max-first-eval-days",
                                                                       help="Matos 2020: latest first evaluation (days after start)."),
             lo_russo_ecog: str = typer.Option("worsening", "--lo-russo-ecog",
                                               help="Lo Russo 2019 ECOG criterion: worsening (>= 2 points) or absolute (ECOG >= 2)."),
             measurability: str = typer.Option("report", "--measurability",
                                               help="Lesion data: target lesions breaking RECIST 1.1 rules are kept and "
                                                    "reported (report) or counted as non-target (enforce)."),
             kim_combination: str = typer.Option("either", "--kim-combination",
                                                 help="Kim 2019 reading: either, both, tgk or tgr ratio >= 2 "
                                                      "(the paper's combination is unverified)."),
             max_baseline_days_before: Optional[float] = typer.Option(
                 None, "--max-baseline-days-before",
                 help="RECIST 1.1 baseline window: a last pre-treatment scan more than this many days before the "
                      "start is not a baseline (RECIST 1.1 says 28); applies to growth metrics, HPD and RECIST. "
                      "Default: no limit."),
             ):
    """Write kinetics.tsv (one row per patient), hpd.tsv (patient x definition), growth_fits.tsv and unused_scan_rows.tsv."""
    from ..kinetics import cohort_from_scans_file, run_kinetics
    from ..progress import step

    with step("reading scans"):
        cohort = cohort_from_scans_file(scans, treatments=treatments, treatment_start_column=treatment_start_column)
    with step(f"kinetics for {cohort.n_patients} patients"):
        res = run_kinetics(cohort, value=value, definitions=definition or None,
                           nonpositive_reference=nonpositive_reference, strict=not lenient, linear_tgr=linear_tgr,
                           pval=pval, matos_max_first_eval_days=matos_max_first_eval_days,
                           lo_russo_ecog=lo_russo_ecog, measurability=measurability,
                           kim_combination=kim_combination, max_baseline_days_before=max_baseline_days_before)
    paths = res.write(out)
    counts = res.hpd.groupby(["definition", "label"]).size().unstack(fill_value=0)
    typer.echo(f"{cohort.n_patients} patients; HPD labels per definition:")
    typer.echo(counts.to_string())
    if len(res.unused_rows):
        typer.echo(f"{len(res.unused_rows)} scan rows not used (reasons in {out / 'unused_scan_rows.tsv'})")
    if res.lesion_problems is not None and len(res.lesion_problems):
        typer.echo(f"{len(res.lesion_problems)} lesion rows break RECIST 1.1 target rules "
                   f"(listed in {out / 'lesion_problems.tsv'})")
    typer.echo("written: " + ", ".join(str(p) for p in paths))


def register(app) -> None:
    app.command("kinetics")(kinetics)
