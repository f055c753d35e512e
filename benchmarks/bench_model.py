"""Benchmark: mdm2io's batched simulator vs libRoadRunner, per virtual patient-year.

Same model (mdm2io's default spec, exported to SBML L3V2 with one event per dose), same
virtual patients (parameters and day-0 states from ``sample_population``), same regimen
with daily oral dosing: pembrolizumab 200 mg q3w + siremadlin 10 mg qd continuously for 365
days (18 + 365 dose events). Both at rtol 1e-6. Accuracy: final tumour size (viable + dying
cells) and platelet nadir (daily grid) relative to libRoadRunner.

Run: PYTHONPATH=src python benchmarks/bench_model.py [--n 400] [--rr-n 40] [--jobs 2]
Prints its figures; they are copied into docs/model.md.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time

import numpy as np

import mdm2io.progress
from mdm2io.model.default import build_model, compiled_model
from mdm2io.model.population import sample_population
from mdm2io.model.sbml import write_sbml
from mdm2io.model.schedule import parse_arm
from mdm2io.model.trial import _integrate_chunked

REGIMEN = "pembrolizumab 200 mg q3w + siremadlin 10 mg qd d1-28 q28d"
HORIZON = 365.0


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=400)
    ap.add_argument("--rr-n", type=int, default=40)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--rtol", type=float, default=1e-6, help="libRoadRunner's tolerance (the reference), and mdm2io's unless --mdm2io-rtol")
    ap.add_argument("--mdm2io-rtol", type=float, default=None,
                    help="mdm2io's tolerance (the issue asks for endpoints within 1%% of libRoadRunner at rtol 1e-6, "
                         "not for the same tolerance)")
    args = ap.parse_args()
    mdm2io.progress.ENABLED = False
    cm = compiled_model()
    pop = sample_population(cm, args.n, seed=1)
    rows = sorted((t, "Ab_c" if r.drug_class == "PD-1" else "G_m", r.dose_mg) for r in parse_arm(REGIMEN) for t in r.dose_times(HORIZON))
    N = args.n
    T = np.tile([r[0] for r in rows], (N, 1))
    S = np.tile([cm.index[r[1]] for r in rows], (N, 1))
    A = np.tile([r[2] for r in rows], (N, 1))
    H = np.full(T.shape, np.nan)
    days = np.arange(0.0, HORIZON + 1e-9, 1.0)
    # output grid avoids dose times by a hair so both engines report the same (post-dose) values
    grid = days + 0.5
    grid[-1] = HORIZON
    grid = np.concatenate([[0.0], grid])
    print(f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.2f}")
    rtol = args.mdm2io_rtol or args.rtol
    print(f"regimen: {REGIMEN}; {len(rows)} dose events per patient-year; rtol {args.rtol:g} (mdm2io: {rtol:g})")
    for jobs in sorted({1, args.jobs}):
        t0 = time.perf_counter()
        y, _, steps = _integrate_chunked(cm, pop.state0, pop.params, grid, (T, S, A, H), rtol, rtol * 1e-3, jobs,
                                         return_steps=True)
        wall = time.perf_counter() - t0
        print(f"mdm2io batched DP5, {N} patients, {jobs} process(es): {wall:.1f} s wall = {1000 * wall / N:.2f} ms per patient-year "
              f"(steps per patient: median {np.median(steps):.0f}, max {steps.max():.0f})")
    ours_T = y[-1, cm.index["T"]] + y[-1, cm.index["T_dead"]]
    ours_nadir = y[:, cm.index["Plt"]].min(axis=0)

    if args.rr_n <= 0:
        return
    import roadrunner

    path = write_sbml(build_model(), os.path.join(tempfile.mkdtemp(), "bench.xml"), doses=rows)
    t0 = time.perf_counter()
    rr = roadrunner.RoadRunner(str(path))
    load = time.perf_counter() - t0
    rr.integrator.relative_tolerance = args.rtol
    rr.integrator.absolute_tolerance = args.rtol * 1e-3
    rr.integrator.max_num_steps = 100000
    k = min(args.rr_n, N)
    ref_T, ref_nadir = np.empty(k), np.empty(k)
    t0 = time.perf_counter()
    for i in range(k):
        rr.resetAll()
        for j, sid in enumerate(cm.species):
            rr.setValue(f"init([{sid}])", float(pop.state0[j, i]))
        rr.reset()  # reset() restores global parameters too: set them afterwards
        for j, pid in enumerate(cm.parameters):
            if pid in cm.spec.parameter_ids:
                rr.setValue(pid, float(pop.params[j, i]))
        res = rr.simulate(times=grid.tolist())
        ref_T[i] = res["[T]"][-1] + res["[T_dead]"][-1]
        ref_nadir[i] = res["[Plt]"].min()
    wall_rr = time.perf_counter() - t0
    print(f"libRoadRunner {roadrunner.__version__} CVODE, {k} patients one by one, 1 process: {wall_rr:.1f} s = "
          f"{1000 * wall_rr / k:.2f} ms per patient-year (model load + JIT {load:.2f} s once)")
    # libRoadRunner, the common PK-tool way (mrgsolve/rxode2 style): integrate piecewise between
    # dose times and add each dose from Python, so CVODE never sees 383 event triggers.
    path2 = write_sbml(build_model(), os.path.join(tempfile.mkdtemp(), "bench_nodose.xml"))
    rr2 = roadrunner.RoadRunner(str(path2))
    rr2.integrator.relative_tolerance = args.rtol
    rr2.integrator.absolute_tolerance = args.rtol * 1e-3
    rr2.integrator.max_num_steps = 100000
    dose_days = sorted({r[0] for r in rows})
    bounds = dose_days + [HORIZON]
    pw_T, pw_nadir = np.empty(k), np.empty(k)
    t0 = time.perf_counter()
    for i in range(k):
        rr2.resetAll()
        for j, sid in enumerate(cm.species):
            rr2.setValue(f"init([{sid}])", float(pop.state0[j, i]))
        rr2.reset()
        for j, pid in enumerate(cm.parameters):
            if pid in cm.spec.parameter_ids:
                rr2.setValue(pid, float(pop.params[j, i]))
        nadir = rr2.getValue("[Plt]")
        for a, b in zip(bounds[:-1], bounds[1:]):
            for (td, sid, amt) in rows:
                if td == a:
                    rr2.setValue(f"[{sid}]", rr2.getValue(f"[{sid}]") + amt)
            res = rr2.simulate(a, b, 3, ["time", "[Plt]", "[T]", "[T_dead]"])
            nadir = min(nadir, res[1, 1])
        pw_T[i] = res[-1, 2] + res[-1, 3]
        pw_nadir[i] = nadir
    wall_pw = time.perf_counter() - t0
    print(f"libRoadRunner piecewise between doses (no dose events), {k} patients, 1 process: {wall_pw:.1f} s = "
          f"{1000 * wall_pw / k:.2f} ms per patient-year")
    e1 = np.abs(pw_T - ref_T) / np.abs(ref_T)
    print(f"  piecewise vs event-based libRoadRunner: final tumour size max rel. difference {e1.max():.2e}")
    err_T = np.abs(ours_T[:k] - ref_T) / np.abs(ref_T)
    err_n = np.abs(ours_nadir[:k] - ref_nadir) / np.abs(ref_nadir)
    print(f"accuracy vs libRoadRunner: final tumour size max rel. error {err_T.max():.2e} (median {np.median(err_T):.2e}); "
          f"platelet nadir max rel. error {err_n.max():.2e}")


if __name__ == "__main__":
    main()
