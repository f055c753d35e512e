"""RECIST 1.1 §3.3 baseline window threaded through every kinetics entry point (review round 2, finding 1).

RECIST 1.1 (Eisenhauer EA et al. Eur J Cancer 2009;45:228-247, doi:10.1016/j.ejca.2008.10.026, §3.3):
baseline assessments are done "as close as possible to the treatment start and never more than 4 weeks
before" it. With ``max_baseline_days_before=28`` a patient whose last pre-treatment scan is older has no
baseline: growth metrics, HPD, RECIST/iRECIST and the lesion checks must all say so (before, RECIST still
graded against the old scan). Expected values are worked out by hand from that rule.
"""

import numpy as np
import pandas as pd

from mdm2io.cli import main
from mdm2io.cohort import Cohort
from mdm2io.kinetics import (RECIST_BASELINE_MAX_DAYS, cohort_from_scans, growth_metrics, hpd_labels, kinetics_table,
                             recist_lesion_problems, recist_responses, recist_timepoints, run_kinetics)
from mdm2io.report.context import ReportContext

WHY = "no baseline scan (none within 28 days before treatment start)"


def _scans():
    # P: baseline day -3 (in the window); R: last pre-treatment scan 35 days before the start (outside)
    return cohort_from_scans({"patient_id": ["P"] * 3 + ["R"] * 3, "day": [-50, -3, 42, -60, -35, 40],
                              "sld_mm": [40, 50, 80, 20, 22, 30]})


def test_without_window_recist_grades_r_against_the_old_scan():
    r = recist_responses(_scans()).set_index("patient_id")
    # R: 22 -> 30 mm = +36 %, +8 mm over the nadir (RECIST 1.1 §4.3.1: >= 20 % and >= 5 mm) -> PD
    assert r.loc["R", "best_overall_response"] == "PD" and r.loc["R", "n_assessments"] == 1
    assert growth_metrics(_scans()).set_index("patient_id").loc["R", "baseline_day"] == -35.0


def test_growth_metrics_and_recist_agree_there_is_no_baseline():
    c, w = _scans(), RECIST_BASELINE_MAX_DAYS
    m = growth_metrics(c, max_baseline_days_before=w).set_index("patient_id")
    assert np.isnan(m.loc["R", "baseline_day"]) and m.loc["R", "exp_reason"] == WHY
    tp = recist_timepoints(c, max_baseline_days_before=w)
    assert "R" not in set(tp["patient_id"]) and tp["patient_id"].tolist() == ["P"]
    r = recist_responses(c, max_baseline_days_before=w).set_index("patient_id")
    assert r.loc["R", "best_overall_response"] == "NE" and r.loc["R", "best_overall_iresponse"] == "NE"
    assert r.loc["R", "n_assessments"] == 0 and r.loc["R", "reason"] == WHY
    # P is unaffected: 50 -> 80 mm = +60 % -> PD, in both
    assert r.loc["P", "best_overall_response"] == "PD" and round(m.loc["P", "pct_change_first_eval"], 9) == 60.0
    h = hpd_labels(c, max_baseline_days_before=w)
    hr = h[h["patient_id"] == "R"]
    assert set(hr["label"]) == {"not evaluable"}
    assert hr.set_index("definition").loc["champiat2017", "reason"] == WHY
    t = kinetics_table(c, max_baseline_days_before=w).set_index("patient_id")
    assert t.loc["R", "best_overall_response"] == "NE" and t.loc["R", "exp_reason"] == WHY


def test_lesion_level_window():
    # L: lesion assessments 40 days before and 40 days after the start
    les = pd.DataFrame({"patient_id": "L", "day": [-40, 40], "lesion_id": "a", "diameter_mm": [30, 40],
                        "role": "target"})
    c = Cohort(patients=pd.DataFrame({"patient_id": ["L"]}), lesions=les)
    assert recist_timepoints(c)["overall_response"].tolist() == ["PD"]   # no window: graded against day -40
    p = recist_lesion_problems(c, max_baseline_days_before=28)
    assert p["action"].tolist() == ["patient not assessable"] and p["problem"].iloc[0].startswith(WHY)
    assert len(recist_timepoints(c, max_baseline_days_before=28)) == 0
    assert recist_responses(c, max_baseline_days_before=28).loc[0, "reason"] == WHY
    assert growth_metrics(c, max_baseline_days_before=28).loc[0, "exp_reason"] == WHY


def test_run_kinetics_cli_and_report_pass_the_window(tmp_path):
    c = _scans()
    res = run_kinetics(c, max_baseline_days_before=28)
    k = res.kinetics.set_index("patient_id")
    assert k.loc["R", "best_overall_response"] == "NE" and k.loc["R", "exp_reason"] == WHY
    assert res.responses.set_index("patient_id").loc["R", "reason"] == WHY
    assert set(res.hpd.loc[res.hpd["patient_id"] == "R", "label"]) == {"not evaluable"}
    # default unchanged
    assert run_kinetics(c).kinetics.set_index("patient_id").loc["R", "best_overall_response"] == "PD"
    # report: options["kinetics"] reaches run_kinetics
    ctx = ReportContext(tmp_path / "rep", options={"kinetics": {"max_baseline_days_before": 28}})
    assert ctx.kinetics(c).kinetics.set_index("patient_id").loc["R", "exp_reason"] == WHY
    # CLI
    scans = tmp_path / "scans.csv"
    c.scans[["patient_id", "day", "sld_mm"]].to_csv(scans, index=False)
    out = tmp_path / "out"
    assert main(["kinetics", str(scans), "--max-baseline-days-before", "28", "--out", str(out)]) == 0
    t = pd.read_csv(out / "kinetics.tsv", sep="\t").set_index("patient_id")
    assert t.loc["R", "best_overall_response"] == "NE" and t.loc["R", "exp_reason"] == WHY
    assert main(["kinetics", str(scans), "--out", str(tmp_path / "o2")]) == 0
    assert pd.read_csv(tmp_path / "o2" / "kinetics.tsv", sep="\t").set_index("patient_id").loc[
        "R", "best_overall_response"] == "PD"


def test_public_constants_are_the_kinetics_ones():
    # months = days x 12 / 365.25 (Ferté 2014); the model's endpoints reuse the kinetics constant
    import mdm2io.kinetics as kin
    from mdm2io.model import endpoints

    assert kin.DAYS_PER_MONTH == 365.25 / 12 and endpoints.DAYS_PER_MONTH is kin.DAYS_PER_MONTH
    assert kin.RECIST_BASELINE_MAX_DAYS == 28.0  # RECIST 1.1 §3.3: "never more than 4 weeks"
    assert {"DAYS_PER_MONTH", "RECIST_BASELINE_MAX_DAYS", "cohort_from_scans_file"} <= set(kin.__all__)
