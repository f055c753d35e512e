"""Benchmark: tumgr-style growth-model fits on all Laleh 2022 patients (patients per second).

Run:  PYTHONPATH=src python benchmarks/bench_kinetics_fits.py [--repeat 3]

Prints the wall time of :func:`mdm2io.kinetics.fit_growth_models` (4 candidate models per
patient, batched Levenberg-Marquardt) and of the other kinetics steps on the 1,472 Laleh 2022
series, and patients per second. tumgr itself (R) cannot be run on the machine these figures
were measured on (no R); see docs/kinetics.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import time

from mdm2io.datasets import load_laleh2022, load_tumgr_sample
from mdm2io.kinetics import fit_claret_tgi, fit_growth_models, growth_metrics, hpd_labels, recist_responses


def _time(fn, repeat):
    """Best wall time and the CPU time of that run (the machine may be shared)."""
    best, cpu = float("inf"), float("nan")
    for _ in range(repeat):
        t, c = time.perf_counter(), time.process_time()
        out = fn()
        w = time.perf_counter() - t
        if w < best:
            best, cpu = w, time.process_time() - c
    return best, cpu, out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--write-tumgr-input", metavar="CSV",
                    help="also write the same series as tumgr input (name, date, size) to time tumgr in R")
    args = ap.parse_args()
    print(f"python {platform.python_version()}, {platform.machine()}, {os.cpu_count()} CPUs visible")
    laleh = load_laleh2022()
    n = laleh.n_patients
    if args.write_tumgr_input:
        import pandas as pd

        from mdm2io.kinetics import tumour_series

        rows = tumour_series(laleh, merge_same_day=False).scans
        codes, _ = pd.factorize(rows["patient_id"])
        pd.DataFrame({"name": codes + 1, "date": rows["day"], "size": rows["size"]}).to_csv(args.write_tumgr_input, index=False)
        print(f"tumgr input written to {args.write_tumgr_input}")
    sec, cpu, fits = _time(lambda: fit_growth_models(laleh), args.repeat)
    analysed = int((~fits.selected_model.isin(["only 1 eval", "2 evals not 20% diff", "error data",
                                               "No measurement data", "no usable measurements"])).sum())
    print(f"fit_growth_models  laleh2022: {n} patients ({analysed} analysed x 4 models) in {sec:.2f} s "
          f"= {n / sec:.0f} patients/s wall, {n / cpu:.0f} patients/CPU-s (best of {args.repeat})")
    sec_t, _, _ = _time(lambda: fit_growth_models(load_tumgr_sample()), args.repeat)
    print(f"fit_growth_models  tumgr sampleData: 68 patients in {sec_t:.3f} s = {68 / sec_t:.0f} patients/s")
    for name, fn in (("fit_claret_tgi", lambda: fit_claret_tgi(laleh)), ("growth_metrics", lambda: growth_metrics(laleh)),
                     ("hpd_labels (8 definitions)", lambda: hpd_labels(laleh)),
                     ("recist_responses", lambda: recist_responses(laleh))):
        s, c, _ = _time(fn, args.repeat)
        print(f"{name:<27} laleh2022: {s:.3f} s ({c:.3f} s CPU) = {n / s:.0f} patients/s wall, "
              f"{n / max(c, 1e-9):.0f} patients/CPU-s")


if __name__ == "__main__":
    main()
