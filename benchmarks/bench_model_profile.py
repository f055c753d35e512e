"""Profile: where the integrator's steps come from (stiffness vs accuracy vs PK), per patient-year.

Same regimen as bench_model.py (pembrolizumab 200 mg q3w + siremadlin 10 mg daily, 365 days),
small batch. Prints the median / max step counts of:
  untreated; dosed at rtol 1e-6; dosed with the PK states left out of error control; also the
  p53/MDM2 states left out; dosed with method="rosenbrock4"; and one right-hand-side call's cost.

Run: PYTHONPATH=src python benchmarks/bench_model_profile.py [--n 20]
Figures are copied into docs/model.md ("Speed").
"""

from __future__ import annotations

import argparse
import time

import numpy as np

import mdm2io.progress
from mdm2io.model.default import compiled_model
from mdm2io.model.population import sample_population
from mdm2io.model.schedule import parse_arm
from mdm2io.model.solver import Doses, integrate

REGIMEN = "pembrolizumab 200 mg q3w + siremadlin 10 mg qd d1-28 q28d"
HORIZON = 365.0


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=20)
    ap.add_argument("--skip-rosenbrock", action="store_true")
    args = ap.parse_args()
    mdm2io.progress.ENABLED = False
    cm = compiled_model()
    N = args.n
    pop = sample_population(cm, N, seed=1)
    rows = sorted((t, "Ab_c" if r.drug_class == "PD-1" else "G_m", r.dose_mg) for r in parse_arm(REGIMEN) for t in r.dose_times(HORIZON))
    doses = Doses(np.tile([r[0] for r in rows], (N, 1)), np.tile([cm.index[r[1]] for r in rows], (N, 1)),
                  np.tile([r[2] for r in rows], (N, 1)))
    grid = np.concatenate([[0.0], np.arange(0, HORIZON) + 0.5, [HORIZON]])
    pk = [cm.index[s] for s in ("Ab_c", "Ab_p", "G_m", "A_m")]
    core = pk + [cm.index[s] for s in ("p53", "Mdm2_pre", "Mdm2")]
    cases = [("untreated", None, [], "dp5"), ("daily dosing", doses, [], "dp5"),
             ("daily dosing, PK states not error-controlled", doses, pk, "dp5"),
             ("daily dosing, PK + p53/MDM2 not error-controlled", doses, core, "dp5")]
    if not args.skip_rosenbrock:
        cases.append(("daily dosing, rosenbrock4", doses, [], "rosenbrock4"))
    for label, d, excl, method in cases:
        atol = np.full((len(cm.species), 1), 1e-9)
        atol[excl] = 1e6  # a huge absolute tolerance takes a state out of the error norm
        t0 = time.perf_counter()
        sol = integrate(cm, pop.state0, pop.params, grid, doses=d, rtol=1e-6, atol=atol, method=method)
        wall = time.perf_counter() - t0
        print(f"{label}: steps per patient-year median {np.median(sol.n_steps):.0f}, max {sol.n_steps.max()} "
              f"({1000 * wall / N:.0f} ms per patient-year at N = {N})")
    for n in (256, 1024):
        y = np.repeat(pop.state0, int(np.ceil(n / N)), axis=1)[:, :n]
        p = np.repeat(pop.params, int(np.ceil(n / N)), axis=1)[:, :n]
        t0 = time.perf_counter()
        for _ in range(200):
            cm.rhs(0.0, y, p)
        print(f"one right-hand-side call, {n} patients: {(time.perf_counter() - t0) / 200 * 1e6:.0f} µs")


if __name__ == "__main__":
    main()
