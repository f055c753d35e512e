"""Virtual patients: covariates, parameter draws from priors, burn-in and plausibility selection.

Reproducibility: patient ``i`` of seed ``s`` draws from its own generator
``numpy.random.default_rng([s, i])``, so a patient's parameters do not depend on how many
patients are drawn, on batching or on the process that draws them.

Covariates
- MDM2 copy number of amplified tumours: resampled from the 25 MDM2-amplified samples of the
  bundled IMvigor210 FoundationOne calls (median 27 copies, range 8-182; Mariathasan et
  al. 2018, doi:10.1038/nature25501); 2 copies otherwise.
- TP53 status: wild-type (``w_tp53 = 1``) or mutant (0).
- PD-L1: log-normal around 1 (assumed, CV 100 %).
- Platelet baseline 150–400 ×10⁹/L (research notes §6.4).
- Correlated PK variability as documented by Ahamadi 2017: the random effect on CL is
  shared with Q, the one on Vc with Vp (doi:10.1002/psp4.12130).

Plausible-patient selection (Allen, Rieger & Musante 2016, CPT PSP 5:140,
doi:10.1002/psp4.12063): after an 84-day untreated burn-in, keep patients whose baseline
SLD is 10–300 mm (RECIST 1.1 measurability) and whose untreated tumour-volume doubling time
is 30–600 days (assumed window), and whose platelets are 150–400 ×10⁹/L.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import pandas as pd

from .codegen import CompiledModel
from .solver import integrate

__all__ = ["VirtualPopulation", "sample_population", "STRATA"]

#: (MDM2 amplified, TP53 wild-type) strata in the default 2x2 design
STRATA = ((True, True), (True, False), (False, True), (False, False))
BURN_IN_DAYS = 84.0
PRE_SCAN_DAY = -42.0
VDT_RANGE_DAYS = (30.0, 600.0)
SLD_RANGE_MM = (10.0, 300.0)


@lru_cache(maxsize=1)
def _imvigor_mdm2_copy_numbers() -> np.ndarray:
    from ..datasets import load_imvigor210

    alt = load_imvigor210().alterations
    cn = alt[(alt["gene"] == "MDM2") & (alt["kind"] == "amplification")]["copy_number"].dropna()
    return np.sort(cn.to_numpy(float))


@dataclass
class VirtualPopulation:
    """Selected virtual patients: covariates, parameters and their state at day 0.

    Attributes
    ----------
    patients
        One row per patient: ``virtual_patient_id``, stratum covariates, baseline SLD,
        pre-treatment scan values and tumour-volume doubling time.
    params
        Parameter array ``(n_params, n)`` in the order of ``model.parameters``.
    state0
        State at day 0 (end of burn-in), ``(n_states, n)``.
    """

    patients: pd.DataFrame
    params: np.ndarray
    state0: np.ndarray
    n_candidates: int
    seed: int


def _draw(model: CompiledModel, seed: int, idx: int, amp: bool, wt: bool) -> tuple[np.ndarray, dict]:
    rng = np.random.default_rng([seed, idx])
    spec = model.spec
    p = model.default_parameters(1)[:, 0].copy()
    z = rng.standard_normal(len(model.parameters))
    for i, pid in enumerate(model.parameters):
        par = next((q for q in spec.parameters if q.id == pid), None)
        if par is not None and par.prior is not None:
            p[i] = par.prior.median * np.exp(par.prior.sigma * z[i])
    # documented PK correlations (Ahamadi 2017): Q shares the CL effect, Vp the Vc effect
    pi = model.pindex
    p[pi["Q_ab"]] *= p[pi["CL_ab"]] / spec.parameter("CL_ab").value
    p[pi["Vp_ab"]] *= p[pi["Vc_ab"]] / spec.parameter("Vc_ab").value
    cns = _imvigor_mdm2_copy_numbers()
    cn = float(cns[rng.integers(len(cns))]) if amp else 2.0
    p[pi["mdm2_cn"]] = cn
    p[pi["w_tp53"]] = 1.0 if wt else 0.0
    p[pi["pdl1"]] = float(np.exp(rng.normal(0.0, np.sqrt(np.log(2.0)))))
    t_init = float(np.exp(rng.normal(np.log(15.0), 0.8)))  # 10^9 cells at day -84
    cov = {"mdm2_amplified": amp, "mdm2_copy_number": cn, "tp53_status": "wild-type" if wt else "mutant",
           "pdl1": p[pi["pdl1"]], "T_init": t_init}
    return p, cov


def sample_population(model: CompiledModel, n: int, seed: int = 1, *, strata=STRATA,
                      oversample: float = 3.0, rtol: float = 1e-5) -> VirtualPopulation:
    """Draw ``n`` plausible virtual patients, balanced over ``strata``.

    Parameters
    ----------
    model
        The compiled default model (:func:`mdm2io.model.default.compiled_model`).
    n
        Number of patients to keep (split evenly across strata, in order).
    seed
        Seed; the same seed gives the same patients in any process.
    strata
        ``(mdm2_amplified, tp53_wild_type)`` pairs.
    oversample
        Candidates drawn per kept patient (the first plausible ones, by index, are kept).

    Examples
    --------
    >>> from mdm2io.model.default import compiled_model
    >>> pop = sample_population(compiled_model(), 4, seed=1)
    >>> sorted(map(tuple, pop.patients[["mdm2_amplified", "tp53_status"]].values.tolist()))
    [(False, 'mutant'), (False, 'wild-type'), (True, 'mutant'), (True, 'wild-type')]
    """
    strata = list(strata)
    n_cand = int(np.ceil(n * oversample)) + len(strata)
    rows, cols = [], []
    for i in range(n_cand):
        amp, wt = strata[i % len(strata)]
        p, cov = _draw(model, seed, i, amp, wt)
        cov["candidate"] = i
        rows.append(cov)
        cols.append(p)
    P = np.array(cols).T
    cov = pd.DataFrame(rows)
    pi, si = model.pindex, model.index
    # steady-state influx so that E = R = 1 before treatment (RO = I_m = 0); see immune.py
    P[pi["s_R"]] = np.maximum(P[pi["d_R"]] - P[pi["p_R"]] * (1 - 1 / P[pi["R_max"]]), 1e-6)
    y = model.default_state(n_cand)
    y[si["T"]] = cov["T_init"].to_numpy()
    y[si["Plt"]] = P[pi["Plt0"]]
    for s in ("Plt_prol", "Plt_t1", "Plt_t2", "Plt_t3"):  # Friberg steady state with k_circ = 1/lifespan
        y[si[s]] = P[pi["Plt0"]] / P[pi["lifespan_plt"]] / (4.0 / P[pi["MTT_plt"]])
    # 1) equilibrate p53 (hours) so the arrest signal that sets PD-L1 is known
    sol = integrate(model, y, P, [10.0], rtol=rtol)
    y_eq = sol.y[-1]
    s_arrest = y_eq[si["S_arrest"]]
    q0 = P[pi["pdl1"]] * np.maximum(0, 1 + P[pi["e_PDL1"]] * s_arrest)
    P[pi["s_E"]] = np.maximum(P[pi["d_E"]] * (1 + P[pi["x_PD1"]] * q0) + P[pi["z_R"]] - P[pi["p_E"]] * (1 - 1 / P[pi["E_max"]]), 1e-6)
    y = y_eq.copy()
    y[si["T"]] = cov["T_init"].to_numpy()
    y[si["T_dead"]] = 0.0
    y[si["E"]] = y[si["R"]] = y[si["NK"]] = 1.0
    # 2) untreated burn-in to day 0 with a pre-treatment scan at day -42
    sol = integrate(model, y, P, [BURN_IN_DAYS + PRE_SCAN_DAY, BURN_IN_DAYS], rtol=rtol)
    obs_pre = model.observe(0.0, sol.y[0], P)
    obs0 = model.observe(0.0, sol.y[1], P)
    v_pre = sol.y[0][si["T"]] + sol.y[0][si["T_dead"]]
    v0 = sol.y[1][si["T"]] + sol.y[1][si["T_dead"]]
    growth = np.log(v0 / v_pre) / (-PRE_SCAN_DAY)
    vdt = np.where(growth > 0, np.log(2) / np.where(growth > 0, growth, 1), np.inf)
    cov["pre_scan_sld_mm"] = obs_pre["sld_mm"]
    cov["baseline_sld_mm"] = obs0["sld_mm"]
    cov["volume_doubling_time_days"] = vdt
    cov["platelets_baseline"] = P[pi["Plt0"]]
    ok = ((cov["baseline_sld_mm"].between(*SLD_RANGE_MM)) & (vdt >= VDT_RANGE_DAYS[0]) & (vdt <= VDT_RANGE_DAYS[1])
          & cov["platelets_baseline"].between(150, 400))
    cov["plausible"] = ok
    keep: list[int] = []
    per = [n // len(strata) + (1 if k < n % len(strata) else 0) for k in range(len(strata))]
    for k, (amp, wt) in enumerate(strata):
        idx = np.flatnonzero(ok.to_numpy() & (np.arange(n_cand) % len(strata) == k))
        if len(idx) < per[k]:
            raise RuntimeError(f"only {len(idx)} of {n_cand} candidates in stratum MDM2-amp={amp}, TP53-wt={wt} were plausible; "
                               f"raise oversample (now {oversample})")
        keep.extend(idx[: per[k]].tolist())
    keep = np.array(sorted(keep))  # candidate order: independent of how strata were filled
    pats = cov.iloc[keep].reset_index(drop=True)
    pats.insert(0, "virtual_patient_id", [f"VP{seed}-{c:05d}" for c in pats["candidate"]])
    return VirtualPopulation(pats, P[:, keep], sol.y[1][:, keep], n_cand, seed)
