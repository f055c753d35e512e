"""``mdm2io simulate``: a virtual trial (arms × virtual patients) written as a cohort folder and a report."""

from __future__ import annotations

from pathlib import Path

import typer

from ..errors import InputError


def simulate(
    n: int = typer.Option(200, "--n", help="Virtual patients (balanced over MDM2-amp x TP53 strata); each is simulated in every arm."),
    seed: int = typer.Option(1, "--seed", help="Seed (same seed = same patients, in any process)."),
    out: Path = typer.Option(Path("virtual_trial"), "--out", "-o", help="Output folder: cohort/ tables and report/ (index.html)."),
    arms: list[str] = typer.Option(None, "--arms", help="Arm as NAME=REGIMEN, repeatable, e.g. --arms 'combo=pembrolizumab 200 mg q3w + siremadlin 120 mg d1,d8 q28d'. Default: anti-PD-1, MDM2i and combination."),
    horizon_days: float = typer.Option(364.0, "--horizon-days", help="Follow-up in days."),
    scan_interval_days: float = typer.Option(42.0, "--scan-interval-days", help="Days between RECIST scans (6-8 weeks is typical)."),
    hold_platelets: float = typer.Option(75.0, "--hold-platelets", help="Hold MDM2-inhibitor doses when platelets are below this (x10^9/L); 0 disables."),
    jobs: int = typer.Option(1, "--jobs", help="Worker processes for the simulation."),
    stop_at_progression: str = typer.Option("confirmed", "--stop-at-progression",
                                            help="Stop all drugs at RECIST progression: 'confirmed' (PD at two consecutive scans), 'first' (first PD scan) or 'never'."),
    hpd_definition: list[str] = typer.Option(None, "--hpd-definition",
                                             help="HPD definition labelled by mdm2io.kinetics on the virtual scans, repeatable, or 'all' "
                                                  "(names as in 'mdm2io kinetics'). Default: champiat2017, matos2020, kato2017."),
    nonpositive_reference: str = typer.Option("not_evaluable", "--nonpositive-reference",
                                              help="HPD ratio definitions when pre-treatment growth <= 0: not_evaluable (default, as mdm2io.kinetics), not_hpd or hpd_if_growing."),
):
    """Run a virtual trial and write the simulated cohort and its HTML report."""
    from ..model.endpoints import DEFAULT_HPD_DEFINITIONS
    from ..model.trial import DEFAULT_ARMS, run_trial
    from ..report import build_report

    if n < 4:
        raise InputError(f"--n {n} is too small", expected="at least 4 virtual patients (one per MDM2 x TP53 stratum)", fix="use e.g. --n 200")
    # checked before simulating (a bad value used to fail only after the whole simulation had run)
    if not horizon_days > 0 or horizon_days == float("inf"):
        raise InputError(f"--horizon-days {horizon_days:g} is not a follow-up", expected="a number of days > 0",
                         fix="use e.g. --horizon-days 364")
    if not scan_interval_days > 0 or scan_interval_days == float("inf"):
        raise InputError(f"--scan-interval-days {scan_interval_days:g} is not an interval between scans",
                         expected="a number of days > 0 (6-8 weeks is typical)", fix="use e.g. --scan-interval-days 42")
    if jobs < 1:
        raise InputError(f"--jobs {jobs} is not a number of worker processes", expected="1 or more",
                         fix="use --jobs 1 (or the number of CPU cores)")
    if not hold_platelets >= 0:
        raise InputError(f"--hold-platelets {hold_platelets:g} is not a platelet count",
                         expected="a count >= 0 (x10^9/L; 0 disables the hold)", fix="use e.g. --hold-platelets 75")
    if out.exists() and not out.is_dir():  # checked now, not after minutes of simulation
        raise InputError("the output path is an existing file", file=str(out), expected="a folder (created if missing)",
                         fix="choose another --out path or remove the file")
    arm_map = DEFAULT_ARMS
    if arms:
        arm_map = {}
        for a in arms:
            name, sep, reg = a.partition("=")
            if not sep or not name.strip() or not reg.strip():
                raise InputError(f"--arms {a!r} is not NAME=REGIMEN", expected="NAME=REGIMEN, e.g. 'combo=pembrolizumab 200 mg q3w + siremadlin 120 mg d1,d8 q28d'",
                                 fix="put the arm name, '=', then the regimen in quotes")
            arm_map[name.strip()] = reg.strip()
    res = run_trial(n=n, seed=seed, arms=arm_map, horizon_days=horizon_days, scan_interval_days=scan_interval_days,
                    hold_platelets_below=hold_platelets or None, n_jobs=jobs,
                    stop_at_progression=None if stop_at_progression == "never" else stop_at_progression,
                    hpd_definitions=("all" if hpd_definition == ["all"] else hpd_definition) or DEFAULT_HPD_DEFINITIONS,
                    nonpositive_reference=nonpositive_reference)
    out.mkdir(parents=True, exist_ok=True)
    res.cohort.write(out / "cohort")
    # the survival section compares PFS between arms (the simulated endpoint; OS is not modelled)
    index = build_report(res.cohort, out / "report", title=f"mdm2io virtual trial (n = {n}, seed = {seed})",
                         options={"survival_endpoint": "PFS", "survival_group": "arm"})
    typer.echo(f"simulated {n} virtual patients x {len(arm_map)} arms in {res.timings['population_s'] + res.timings['simulation_s']:.1f} s")
    typer.echo(f"cohort written to {out / 'cohort'}; report written to {index}")


def register(app) -> None:
    """Add ``mdm2io simulate`` to the app."""
    app.command("simulate")(simulate)
