"""Virtual trials: arms (regimens) × virtual population → a :class:`~mdm2io.cohort.Cohort`.

Every virtual patient is simulated in every arm (a crossover-style in-silico design, so
arms differ only by treatment). The result uses the standard Cohort schema so
:mod:`mdm2io.kinetics` and :mod:`mdm2io.survival` run on it unchanged:

- ``patients``: one row per (virtual patient, arm); covariates, best overall response,
  platelet nadir and grade, TGR and HPD labels (computed by :mod:`mdm2io.kinetics` on the
  scans and treatments below, see :mod:`mdm2io.model.endpoints`).
- ``samples`` / ``alterations``: one sample per patient; MDM2 amplification (with copy
  number) and TP53 mutation rows, so genomics calls apply.
- ``scans``: SLD at day −42 (pre-treatment), day 0 (baseline) and every
  ``scan_interval_days`` (default 6 weeks) to the horizon; ``new_lesions`` is 0 by
  construction (one tumour mass, no metastasis modelled).
- ``treatments``: one row per drug and cycle with doses planned/given/held (holds when
  platelets are below the threshold at a dose time).
- ``outcomes``: PFS by RECIST 1.1 on SLD (:func:`mdm2io.kinetics.recist_responses`' first PD
  day; censored at the last
  scan). Overall survival is not modelled (no mortality process; see docs/model.md).

Treatment stops at progression, as in trials (``stop_at_progression``): by default at
*confirmed* progression — PD by RECIST 1.1 at a scan and again at the next scan, the
treatment-beyond-progression rule of immunotherapy trials (iRECIST, Seymour et al. 2017,
Lancet Oncol 18:e143, doi:10.1016/S1470-2045(17)30074-8; simplified to "still PD versus the
nadir" at the confirming scan). The dose due on the confirming scan's day is not given, all
later doses are cancelled, and the patient is followed untreated (drug already given washes
out). PFS still counts the first PD. Platelet holds are the other dose modification.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..cohort import Cohort
from ..errors import InputError
from ..kinetics import cohort_from_scans as kinetics_cohort_from_scans
from ..progress import step, track
from .default import compiled_model
from .endpoints import (DAYS_PER_MONTH, DEFAULT_HPD_DEFINITIONS, DETECTION_LIMIT_CELLS_1E9, check_hpd_options,
                        scan_responses, virtual_endpoints)
from .pk import ANTIBODIES, MDM2_INHIBITORS
from .population import PRE_SCAN_DAY, STRATA, VirtualPopulation, sample_population
from .schedule import Regimen, parse_arm
from .solver import Doses, integrate
from .toxicity import ctcae_platelet_grade

__all__ = ["DEFAULT_ARMS", "TrialResult", "run_trial", "simulate_arms", "progression_stop_days"]

#: The three default arms (siremadlin 120 mg d1,d8 q4w is the solid-tumour RDE, Abdul Razak 2022
#: doi:10.1158/1078-0432.CCR-21-1295; pembrolizumab 200 mg q3w, Freshwater 2017 doi:10.1186/s40425-017-0242-5).
DEFAULT_ARMS = {
    "anti-PD-1": "pembrolizumab 200 mg q3w",
    "MDM2i": "siremadlin 120 mg d1,d8 q28d",
    "combination": "pembrolizumab 200 mg q3w + siremadlin 120 mg d1,d8 q28d",
}
#: Patients per integration batch (see _integrate_chunked).
CHUNK_SIZE = 1024


@dataclass
class TrialResult:
    """A simulated trial: the Cohort plus trajectories and summaries."""

    cohort: Cohort
    population: VirtualPopulation
    arms: dict
    days: np.ndarray
    trajectories: dict = field(default_factory=dict)
    timings: dict = field(default_factory=dict)


def _arm_params(model, base: np.ndarray, regs: list[Regimen]) -> np.ndarray:
    """Population parameters with the arm's drugs' typical PK values (individual variability kept)."""
    p = base.copy()
    spec = model.spec
    for r in regs:
        if r.drug in ANTIBODIES:
            d = ANTIBODIES[r.drug]
            new = {"CL_ab": d.cl_l_per_day, "Vc_ab": d.vc_l, "Q_ab": d.q_l_per_day, "Vp_ab": d.vp_l}
        else:
            d = MDM2_INHIBITORS[r.drug]
            new = {"ka_m": d.ka_per_day, "F_m": d.bioavailability, "V_m": d.v_l, "ke_m": d.ke_per_day, "IC50_m": d.ic50_mg_per_l}
        for pid, v in new.items():
            i = model.pindex[pid]
            p[i] = p[i] * v / spec.parameter(pid).value
    return p


def simulate_arms(population: VirtualPopulation, arms: dict, *, horizon_days: float = 364.0,
                  hold_platelets_below: float | None = 75.0, rtol: float = 1e-5, atol: float = 1e-8,
                  output_step_days: float = 1.0, n_jobs: int = 1):
    """Simulate every patient of ``population`` in every arm in one batch.

    Returns ``(days, y, given, arm_index, regimens)`` where ``y`` has shape
    ``(n_days, n_states, n_patients * n_arms)`` (arm-major order).

    Examples
    --------
    >>> from mdm2io.model.default import compiled_model
    >>> pop = sample_population(compiled_model(), 4, seed=2)
    >>> days, y, given, arm, regs = simulate_arms(pop, {"pembro": "pembrolizumab 200 mg q3w"}, horizon_days=42)
    >>> y.shape
    (43, 19, 4)
    """
    model = compiled_model()
    n = population.params.shape[1]
    names = list(arms)
    regs = {a: parse_arm(arms[a]) for a in names}
    P = np.concatenate([_arm_params(model, population.params, regs[a]) for a in names], axis=1)
    y0 = np.concatenate([population.state0] * len(names), axis=1)
    per_arm = []
    for a in names:
        t, s, amt, thr = [], [], [], []
        for r in regs[a]:
            times = r.dose_times(horizon_days)
            t.append(times)
            s.append(np.full(len(times), model.index["Ab_c" if r.drug_class == "PD-1" else "G_m"]))
            amt.append(np.full(len(times), r.dose_mg))
            h = r.hold_platelets_below if r.hold_platelets_below is not None else hold_platelets_below
            thr.append(np.full(len(times), np.nan if (r.drug_class == "PD-1" or h is None) else h))
        t, s, amt, thr = (np.concatenate(x) if x else np.zeros(0) for x in (t, s, amt, thr))
        order = np.argsort(t, kind="stable")
        per_arm.append((t[order], s[order].astype(int), amt[order], thr[order]))
    K = max(1, max(len(x[0]) for x in per_arm))
    N = n * len(names)
    T = np.full((N, K), np.inf); S = np.zeros((N, K), int); A = np.zeros((N, K)); H = np.full((N, K), np.nan)
    for k, (t, s, amt, thr) in enumerate(per_arm):
        sl = slice(k * n, (k + 1) * n)
        T[sl, :len(t)], S[sl, :len(t)], A[sl, :len(t)], H[sl, :len(t)] = t, s, amt, thr
    days = np.arange(0.0, horizon_days + 1e-9, output_step_days)
    y, given = _integrate_chunked(model, y0, P, days, (T, S, A, H), rtol, atol, n_jobs)
    arm_index = np.repeat(np.arange(len(names)), n)
    return days, y, (T, S, A, H, given), arm_index, regs


def _integrate_chunk(args):
    model_key, y0, P, days, dose_arrays, rtol, atol = args
    model = compiled_model(*model_key)
    T, S, A, H = dose_arrays
    sol = integrate(model, y0, P, days, doses=Doses(T, S, A, H, hold_state=model.index["Plt"]), rtol=rtol, atol=atol)
    return sol.y, sol.given, sol.n_steps


def _integrate_chunked(model, y0, P, days, dose_arrays, rtol, atol, n_jobs, return_steps=False):
    """Integrate in chunks of similar stiffness (sorted by MDM2 copy number), in ``n_jobs`` processes.

    Each patient's trajectory does not depend on the chunking (steps are per patient).
    """
    N = y0.shape[1]
    # large batches amortise numpy's per-operation overhead; the integrator drops finished patients
    # from the batch, so the lockstep no longer waits on the stiffest (measured, daily dosing at rtol
    # 1e-6: 1000 patients in one batch 32 ms per patient-year, in batches of 256 55 ms)
    n_chunks = max(1 if N < 64 else n_jobs, int(np.ceil(N / CHUNK_SIZE)))
    order = np.argsort(P[model.pindex["mdm2_cn"]], kind="stable")
    chunks = [c for c in np.array_split(order, n_chunks) if len(c)]
    # every drug shares the default model's structure; drug-specific PK values are already in P
    jobs = [(("pembrolizumab", "siremadlin"), y0[:, c], P[:, c], days, tuple(a[c] for a in dose_arrays), rtol, atol) for c in chunks]
    if n_jobs > 1 and len(jobs) > 1:  # fork: children inherit the compiled model
        import multiprocessing as mp
        from concurrent.futures import ProcessPoolExecutor

        with ProcessPoolExecutor(max_workers=n_jobs, mp_context=mp.get_context("fork")) as ex:
            results = list(ex.map(_integrate_chunk, jobs))
    else:
        results = [_integrate_chunk(j) for j in track(jobs, f"integrating {N} patient-arms in {len(jobs)} batches")]
    y = np.empty((len(days), y0.shape[0], N))
    given = np.zeros(dose_arrays[0].shape, dtype=bool)
    steps = np.zeros(N, dtype=int)
    for c, (yc, gc, sc) in zip(chunks, results):
        y[:, :, c] = yc
        given[c] = gc
        steps[c] = sc
    return (y, given, steps) if return_steps else (y, given)


def run_trial(n: int = 200, seed: int = 1, arms: dict | None = None, *, horizon_days: float = 364.0,
              scan_interval_days: float = 42.0, hold_platelets_below: float | None = 75.0,
              strata=STRATA, rtol: float = 1e-5, scale_params: dict | None = None, n_jobs: int = 1,
              stop_at_progression: str | None = "confirmed", hpd_definitions=DEFAULT_HPD_DEFINITIONS,
              nonpositive_reference: str = "not_evaluable") -> TrialResult:
    """Run a virtual trial and return it as a Cohort (see module docstring).

    Parameters
    ----------
    n
        Virtual patients (balanced over the MDM2 × TP53 strata); each is simulated in every arm.
    seed
        Seed of the virtual population (reproducible across processes).
    arms
        Arm name -> regimen text (see :mod:`mdm2io.model.schedule`); default
        :data:`DEFAULT_ARMS`.
    horizon_days
        Follow-up (days).
    scan_interval_days
        Imaging interval (RECIST scans), 42 days by default.
    hold_platelets_below
        Hold an MDM2-inhibitor dose when platelets are below this count (×10⁹/L) at the
        dose time; ``None`` disables holds (a regimen's own ``hold<X>`` wins).
    scale_params
        Parameter id -> multiplier applied to every virtual patient after selection (for
        scenario analyses of on-treatment mechanisms, e.g. ``{"theta_R": 5}`` for a stronger
        Treg response to PD-1 blockade).
    n_jobs
        Worker processes for the simulation (results do not depend on it).
    stop_at_progression
        ``"confirmed"`` (default): stop all drugs at the scan confirming RECIST PD (PD at two
        consecutive scans); ``"first"``: stop at the first PD scan; ``None``: treat to the horizon.
    hpd_definitions
        Names in :data:`mdm2io.kinetics.HPD_DEFINITIONS` (or ``"all"``) labelled on the virtual
        scans by :func:`mdm2io.kinetics.hpd_labels`; one ``hpd_<name>`` column each on
        ``patients`` ("HPD", "not HPD", "not evaluable"). Default: champiat2017, matos2020, kato2017.
    nonpositive_reference
        :func:`mdm2io.kinetics.hpd_labels`' policy for a pre-treatment growth rate <= 0:
        ``"not_evaluable"`` (default, as for real cohorts), ``"not_hpd"`` or ``"hpd_if_growing"``.

    Examples
    --------
    >>> res = run_trial(n=8, seed=3, horizon_days=84)
    >>> res.cohort.n_patients, sorted(res.cohort.patients.arm.unique())
    (24, ['MDM2i', 'anti-PD-1', 'combination'])
    """
    import time

    if stop_at_progression is not None:
        _check_stop_rule(stop_at_progression)  # before the simulation, not after it
    hpd_definitions = check_hpd_options(hpd_definitions, nonpositive_reference)
    arms = dict(arms or DEFAULT_ARMS)
    model = compiled_model()
    t0 = time.perf_counter()
    with step(f"drawing {n} plausible virtual patients"):
        pop = sample_population(model, n, seed, strata=strata)
    for pid, factor in (scale_params or {}).items():
        if pid not in model.pindex:
            raise InputError(f"unknown model parameter {pid!r}", expected="a parameter id of the model (see docs/model.md)",
                             fix="use one of: " + ", ".join(sorted(model.spec.parameter_ids)))
        pop.params[model.pindex[pid]] *= float(factor)
    t1 = time.perf_counter()
    with step(f"simulating {n} patients x {len(arms)} arms for {horizon_days:g} days"):
        days, y, (T, S, A, H, given), arm_index, regs = simulate_arms(
            pop, arms, horizon_days=horizon_days, hold_platelets_below=hold_platelets_below, rtol=rtol, n_jobs=n_jobs)
    stop_day = np.full(y.shape[2], np.nan)
    if stop_at_progression is not None:
        with step("stopping treatment at progression and following up untreated"):
            P = np.concatenate([_arm_params(model, pop.params, regs[a]) for a in arms], axis=1)
            stop_day = _stop_at_progression(model, P, days, y, T, S, A, given, scan_interval_days, horizon_days,
                                            stop_at_progression, rtol)
    t2 = time.perf_counter()
    cohort = _to_cohort(model, pop, arms, regs, days, y, T, S, given, arm_index, scan_interval_days, horizon_days, seed,
                        stop_day, stop_at_progression, hpd_definitions, nonpositive_reference)
    traj = {"days": days, "sld_mm": _sld(model, y), "platelets": y[:, model.index["Plt"], :],
            "p53_activity": y[:, model.index["p53"], :] * np.tile(pop.params[model.pindex["w_tp53"]], len(arms)),
            "S_arrest": y[:, model.index["S_arrest"], :], "S_apop": y[:, model.index["S_apop"], :]}
    return TrialResult(cohort, pop, arms, days, traj, {"population_s": t1 - t0, "simulation_s": t2 - t1})


STOP_RULES = ("confirmed", "first")


def _check_stop_rule(rule) -> None:
    if rule not in STOP_RULES:
        raise InputError(f"unknown stop_at_progression rule {rule!r}", expected="one of " + ", ".join(STOP_RULES) + " or None",
                         fix="use 'confirmed' (default), 'first', or None ('never' on the command line) to treat to the horizon")


def progression_stop_days(scan_days, responses, rule: str = "confirmed") -> np.ndarray:
    """Day treatment stops for progression, per patient (``nan`` = never).

    ``rule="first"``: the first scan with RECIST PD; ``"confirmed"``: the first scan with PD
    whose preceding scan was also PD (iRECIST-style confirmation, Seymour 2017
    doi:10.1016/S1470-2045(17)30074-8).

    Examples
    --------
    >>> r = np.array([["", ""], ["PD", "SD"], ["SD", "PD"], ["PD", "PD"]], dtype=object)
    >>> progression_stop_days([0, 42, 84, 126], r, "confirmed").tolist()
    [nan, 126.0]
    >>> progression_stop_days([0, 42, 84, 126], r, "first").tolist()
    [42.0, 84.0]
    """
    _check_stop_rule(rule)
    scan_days = np.asarray(scan_days, float)
    pd_ = np.asarray(responses) == "PD"
    hit = pd_.copy()
    if rule == "confirmed":
        hit[1:] &= pd_[:-1]
        hit[0] = False
    first = np.where(hit.any(axis=0), hit.argmax(axis=0), -1)
    return np.where(first >= 0, scan_days[np.maximum(first, 0)], np.nan)


def _stop_at_progression(model, P, days, y, T, S, A, given, scan_interval_days, horizon_days, rule, rtol):
    """Cancel doses from the stop day on and re-integrate those patients untreated from it (in place)."""
    scan_days = np.arange(0.0, horizon_days + 1e-9, scan_interval_days)
    scan_idx = np.searchsorted(days, scan_days)
    resp = scan_responses([f"p{i}" for i in range(y.shape[2])], scan_days, _scan_sld(model, y, scan_idx))
    stop = progression_stop_days(scan_days, resp, rule)
    stop[stop >= days[-1]] = np.nan  # confirmed at the last scan: nothing left to cancel
    idx = np.flatnonzero(~np.isnan(stop))
    if len(idx) == 0:
        return stop
    j = np.searchsorted(days, stop[idx])
    y0 = y[j, :, idx].T.copy()  # (n_states, n_stopped): state at each patient's stop day
    # outputs are recorded after the doses due at that time: take back the doses of the stop day
    for k, i in enumerate(idx):
        due = given[i] & (np.abs(T[i] - stop[i]) < 1e-9)
        np.add.at(y0[:, k], S[i, due], -A[i, due])
    given[idx] &= ~(T[idx] >= stop[idx, None] - 1e-9)
    # one batch, each patient from its own stop day (untreated: no doses)
    sol = integrate(model, y0, P[:, idx], days[j.min():], t0=stop[idx], rtol=rtol, atol=rtol * 1e-3)
    for k, i in enumerate(idx):
        y[j[k]:, :, i] = sol.y[j[k] - j.min():, :, k]
    return stop


def _sld(model, y):
    k = model.spec.parameter("sld_per_cbrt_cells").value
    return k * np.cbrt(y[:, model.index["T"], :] + y[:, model.index["T_dead"], :])


def _scan_sld(model, y, scan_idx):
    """SLD recorded at the scans: 0 (no measurable disease, RECIST CR) below
    :data:`~mdm2io.model.endpoints.DETECTION_LIMIT_CELLS_1E9` viable + dying cells."""
    cells = y[scan_idx, model.index["T"], :] + y[scan_idx, model.index["T_dead"], :]
    return np.where(cells < DETECTION_LIMIT_CELLS_1E9, 0.0, _sld(model, y[scan_idx]))


def _to_cohort(model, pop, arms, regs, days, y, T, S, given, arm_index, scan_interval_days, horizon_days, seed,
               stop_day=None, stop_rule=None, hpd_definitions=DEFAULT_HPD_DEFINITIONS,
               nonpositive_reference="not_evaluable") -> Cohort:
    names = list(arms)
    n = pop.params.shape[1]
    N = n * len(names)
    vp = np.tile(pop.patients["virtual_patient_id"].to_numpy(), len(names))
    arm = np.array(names)[arm_index]
    key = {a: "".join(ch for ch in a if ch.isalnum()) or f"arm{k}" for k, a in enumerate(names)}
    pid = np.array([f"{v}-{key[a]}" for v, a in zip(vp, arm)])
    covs = pd.concat([pop.patients] * len(names), ignore_index=True)
    scan_days = np.arange(0.0, horizon_days + 1e-9, scan_interval_days)
    scan_idx = np.searchsorted(days, scan_days)
    sld_scans = _scan_sld(model, y, scan_idx)
    pre = covs["pre_scan_sld_mm"].to_numpy()
    if stop_day is None:
        stop_day = np.full(N, np.nan)
    pre_rows = pd.DataFrame({"patient_id": pid, "day": PRE_SCAN_DAY, "sld_mm": pre})
    sc = pd.DataFrame({"patient_id": np.tile(pid, len(scan_days)), "day": np.repeat(scan_days, N), "sld_mm": sld_scans.ravel()})
    scans = pd.concat([pre_rows, sc], ignore_index=True).sort_values(["patient_id", "day"], kind="stable").reset_index(drop=True)
    # the model has one tumour mass and no metastasis: new lesions are 0 by construction (stated, not missing)
    scans["sld_state"] = "measured"
    scans["new_lesions"] = 0
    scans["new_organ"] = 0
    treatments = _treatment_rows(model, pid, arm_index, regs, names, T, S, given, horizon_days, stop_day, stop_rule)
    # RECIST 1.1, % change, TGR and HPD: mdm2io.kinetics on these scans and treatments, as for a real cohort
    tp, ep, _ = virtual_endpoints(kinetics_cohort_from_scans(scans, treatments), hpd_definitions, nonpositive_reference)
    ep = ep.reindex(pid)
    on = tp.set_index(["patient_id", "day"])
    at = pd.MultiIndex.from_frame(scans[["patient_id", "day"]])
    scans["pct_change_from_baseline"] = on["pct_change_from_baseline"].reindex(at).to_numpy()
    scans.loc[scans["day"] == 0, "pct_change_from_baseline"] = 0.0
    scans["response"] = on["overall_response"].reindex(at).fillna("").to_numpy()
    plt_traj = y[:, model.index["Plt"], :]
    nadir = plt_traj.min(axis=0)
    patients = pd.DataFrame({
        "patient_id": pid, "virtual_patient_id": vp, "arm": arm, "cancer_type": "virtual solid tumour",
        "mdm2_amplified": covs["mdm2_amplified"].astype(int).to_numpy(), "mdm2_copy_number": covs["mdm2_copy_number"].to_numpy(),
        "tp53_status": covs["tp53_status"].to_numpy(), "pdl1": covs["pdl1"].to_numpy(),
        "stratum": [f"MDM2-{'amp' if a else 'nonamp'}/TP53-{'wt' if t == 'wild-type' else 'mut'}"
                    for a, t in zip(covs["mdm2_amplified"], covs["tp53_status"])],
        "best_overall_response": ep["best_overall_response"].to_numpy(), "baseline_sld_mm": sld_scans[0],
        "platelets_baseline": plt_traj[0], "platelet_nadir": nadir, "platelet_nadir_day": days[plt_traj.argmin(axis=0)],
        "platelet_grade": ctcae_platelet_grade(nadir),
        **{f"hpd_{d}": ep[f"hpd_{d}"].to_numpy() for d in hpd_definitions},
        "tgr_pre_pct_per_month": ep["tgr_pre_pct_per_month"].to_numpy(),
        "tgr_on_pct_per_month": ep["tgr_on_pct_per_month"].to_numpy(),
        "treatment_stop_day": stop_day,
    })
    samples = pd.DataFrame({"sample_id": [f"{p}-S" for p in pid], "patient_id": pid, "assay": "simulated"})
    alt_rows = []
    for p, amp, cn, tp53 in zip(pid, patients["mdm2_amplified"], patients["mdm2_copy_number"], patients["tp53_status"]):
        if amp:
            alt_rows.append({"sample_id": f"{p}-S", "gene": "MDM2", "kind": "amplification", "copy_number": cn,
                             "details": f"amplification({cn:g})", "rule": "simulated covariate"})
        if tp53 == "mutant":
            alt_rows.append({"sample_id": f"{p}-S", "gene": "TP53", "kind": "mutation", "protein_change": "loss of transcriptional function",
                             "variant_classification": "simulated", "rule": "simulated covariate"})
    alterations = pd.DataFrame(alt_rows, columns=["sample_id", "gene", "kind", "copy_number", "details", "protein_change",
                                                  "variant_classification", "rule"])
    last = scan_days[-1]
    pd_day = ep["first_pd_day"].to_numpy(float)
    event = ~np.isnan(pd_day)
    outcomes = pd.DataFrame({"patient_id": pid, "endpoint": "PFS",
                             "time_months": np.where(event, pd_day, last) / DAYS_PER_MONTH, "event": event.astype(int)})
    meta = {"name": f"virtual_trial_seed{seed}", "simulated": True,
            "description": f"mdm2io virtual trial: {n} virtual patients x {len(names)} arms, {horizon_days:g} days",
            "arms": dict(arms), "seed": seed, "horizon_days": horizon_days, "scan_interval_days": scan_interval_days,
            "model": model.spec.name, "licence": "Apache-2.0 (simulated data)", "stop_at_progression": stop_rule,
            "hpd_definitions": list(hpd_definitions), "nonpositive_reference": nonpositive_reference,
            "notes": "RECIST, TGR and HPD columns on patients and scans are mdm2io.kinetics' labels of these scans "
                     f"(HPD policy for non-positive pre-treatment growth: {nonpositive_reference})."}
    return Cohort(patients=patients, samples=samples, alterations=alterations, scans=scans,
                  treatments=treatments, outcomes=outcomes, meta=meta)


def _treatment_rows(model, pid, arm_index, regs, names, T, S, given, horizon_days, stop_day, stop_rule) -> pd.DataFrame:
    reason = {"confirmed": "progression (RECIST 1.1 PD confirmed at the next scan)", "first": "progression (RECIST 1.1 PD)"}
    rows = []
    for k, a in enumerate(names):
        idx = np.flatnonzero(arm_index == k)
        for r in regs[a]:
            n_cycles = int(np.ceil(horizon_days / r.cycle_days))
            for i in idx:
                times = T[i]
                sel = np.isfinite(times) & (S[i] == model.index["Ab_c" if r.drug_class == "PD-1" else "G_m"])
                end = horizon_days if np.isnan(stop_day[i]) else stop_day[i]
                for c in range(n_cycles):
                    lo, hi = c * r.cycle_days, min((c + 1) * r.cycle_days, end)
                    if lo >= end:
                        break
                    in_c = sel & (times >= lo) & (times < hi)
                    planned = int(in_c.sum())
                    if planned == 0:
                        continue
                    g = int((given[i] & in_c).sum())
                    stopped = hi == end and not np.isnan(stop_day[i])
                    rows.append({"patient_id": pid[i], "agent": r.drug, "drug_class": r.drug_class, "start_day": lo,
                                 "stop_day": hi, "arm": a, "line": 1, "dose": r.text, "cycle": c + 1,
                                 "doses_planned": planned, "doses_given": g, "doses_held": planned - g,
                                 "hold_reason": "platelets below threshold" if g < planned else "",
                                 "stop_reason": reason.get(stop_rule, "") if stopped else ""})
    return pd.DataFrame(rows)
