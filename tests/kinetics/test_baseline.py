"""One baseline rule for every kinetics module (review finding 1) and the new-lesion count (finding 2).

Expected values are worked out by hand from the rules: baseline = last assessment on or before ICI
start (RECIST 1.1, Eisenhauer 2009, doi:10.1016/j.ejca.2008.10.026, §3.3), pre-baseline = the
assessment before it (reference period of Champiat 2017 / Ferrara 2018), first evaluation = first
assessment after the start; a new lesion counts when unequivocal (RECIST 1.1 §4.3.2).
"""

import numpy as np
import pandas as pd

from mdm2io.cohort import Cohort
from mdm2io.kinetics import (baseline_scans, cohort_from_scans, fit_claret_tgi, growth_metrics, hpd_labels,
                             recist_lesion_problems, recist_timepoints)
from mdm2io.kinetics.lesions import new_lesion_present
from mdm2io.kinetics.series import RECIST_BASELINE_MAX_DAYS, scans_from_lesions


def _scans():
    # P: scans at -90, -40, -40 (same day twice), 0 (the start day itself), 42, 84, 126, 168
    # Q: only on-treatment scans; R: last pre-treatment scan 35 days before the start
    return cohort_from_scans({
        "patient_id": ["P"] * 8 + ["Q"] * 2 + ["R"] * 3,
        "day": [126, -90, -40, -40, 0, 42, 84, 168, 30, 60, -60, -35, 40],
        "sld_mm": [70, 40, 44, 46, 50, 60, 65, 75, 30, 32, 20, 22, 30]})


def test_baseline_scans_rule():
    b = baseline_scans(_scans().scans).set_index("patient_id")
    assert b.loc["P", ["prebaseline_day", "baseline_day", "first_eval_day"]].tolist() == [-40.0, 0.0, 42.0]
    assert np.isnan(b.loc["Q", "baseline_day"]) and b.loc["Q", "first_eval_day"] == 30.0
    assert b.loc["Q", "baseline_reason"] == "no baseline scan (none on or before treatment start)"
    assert b.loc["R", ["prebaseline_day", "baseline_day"]].tolist() == [-60.0, -35.0]
    # RECIST 1.1 §3.3 window (4 weeks), on request: R's scan 35 days before the start is too early
    w = baseline_scans(_scans().scans, max_baseline_days_before=RECIST_BASELINE_MAX_DAYS).set_index("patient_id")
    assert np.isnan(w.loc["R", "baseline_day"]) and np.isnan(w.loc["R", "prebaseline_day"])
    assert w.loc["R", "baseline_reason"] == "no baseline scan (none within 28 days before treatment start)"
    assert w.loc["P", "baseline_day"] == 0.0


def test_every_module_uses_the_same_baseline():
    c = _scans()
    m = growth_metrics(c).set_index("patient_id")
    # P: baseline day 0 (50 mm), pre-baseline day -40 = the first of the two same-day rows (44 mm; the 46 mm row is
    # reported as a conflict), first evaluation day 42
    assert m.loc["P", ["prebaseline_day", "baseline_day", "first_eval_day"]].tolist() == [-40.0, 0.0, 42.0]
    assert m.loc["P", ["size_prebaseline", "size_baseline", "size_first_eval"]].tolist() == [44.0, 50.0, 60.0]
    tp = recist_timepoints(c)
    p = tp[tp["patient_id"] == "P"]
    assert p["day"].tolist() == [42.0, 84.0, 126.0, 168.0]          # assessments after the baseline
    assert p["pct_change_from_baseline"].round(6).tolist() == [20.0, 30.0, 40.0, 50.0]  # against 50 mm
    assert "Q" not in set(tp["patient_id"])                          # no baseline: no RECIST assessment
    cl = fit_claret_tgi(c).set_index("patient_id")
    assert cl.loc["P", "n_measurements"] == 5                        # day 0 (baseline) .. 168
    assert cl.loc["Q", "reason"] == "no baseline scan"
    # lesion-level data: the same rule picks the lesion baseline
    les = pd.DataFrame({"patient_id": "L", "day": [-70, -5, 40], "lesion_id": "a", "diameter_mm": [30, 8, 9],
                        "role": "target"})
    lc = Cohort(patients=pd.DataFrame({"patient_id": ["L"]}), lesions=les)
    assert recist_lesion_problems(lc)["day"].tolist() == [-5.0]      # 8 mm at the baseline (day -5), not day -70
    assert growth_metrics(lc).loc[0, "baseline_day"] == -5.0


def test_growth_metrics_baseline_window_option():
    m = growth_metrics(_scans(), max_baseline_days_before=28).set_index("patient_id")
    assert m.loc["R", "exp_reason"] == "no baseline scan (none within 28 days before treatment start)"
    assert np.isnan(m.loc["R", "tgr_exp_pct_per_month"])
    assert m.loc["P", "exp_reason"] == ""


def test_new_lesion_rule_resolved_and_equivocal():
    les = pd.DataFrame({"patient_id": "p", "lesion_id": ["x", "x", "x", "y", "z", "w"], "role": "new",
                        "status": ["Equivocal", "present", "resolved", "equivocal", "", "disappeared"]})
    # x: equivocal, then confirmed -> counts from its first appearance; resolved -> not present then
    # y: never confirmed -> never counts; z: present; w: disappeared -> not present
    assert new_lesion_present(les).tolist() == [True, True, False, False, True, False]


def _lesion_cohort():
    # baseline day -2: liver target 40 mm, lung non-target; day 42: target 52 mm (+30 %), two new liver
    # lesions present and one new bone lesion only equivocal; day 84: target 46 mm, the liver lesions have
    # resolved (target 46 mm), the bone lesion is still equivocal (never confirmed)
    rows = [("M", -2, "t", "liver", 40, "target", ""), ("M", -2, "nt", "lung", np.nan, "non_target", "present"),
            ("M", 42, "t", "liver", 52, "target", ""), ("M", 42, "nt", "lung", np.nan, "non_target", "present"),
            ("M", 42, "n1", "liver", 11, "new", "present"), ("M", 42, "n2", "liver", 12, "new", "present"),
            ("M", 42, "n3", "bone", 10, "new", "equivocal"),
            ("M", 84, "t", "liver", 46, "target", ""), ("M", 84, "nt", "lung", np.nan, "non_target", "present"),
            ("M", 84, "n1", "liver", 0, "new", "resolved"), ("M", 84, "n2", "liver", 0, "new", "resolved"),
            ("M", 84, "n3", "bone", 10, "new", "equivocal")]
    les = pd.DataFrame(rows, columns=["patient_id", "day", "lesion_id", "organ", "diameter_mm", "role", "status"])
    return Cohort(patients=pd.DataFrame({"patient_id": ["M"]}), lesions=les)


def test_resolved_and_equivocal_new_lesions_in_scans_and_hpd():
    c = _lesion_cohort()
    s = scans_from_lesions(c.lesions)
    # day 42: 2 unequivocal new lesions in the involved liver, the equivocal bone lesion not counted
    # (so no new organ); day 84: the resolved lesions are not present (before the fix they were counted)
    assert s[["day", "new_lesions", "new_organ", "new_lesions_involved_organ"]].values.tolist() == [
        [-2.0, 0.0, 0.0, 0.0], [42.0, 2.0, 0.0, 2.0], [84.0, 0.0, 0.0, 0.0]]
    # Matos 2020: +30 % (>= 20 %) with >= 2 new lesions in an involved organ at first evaluation -> HPD
    h = hpd_labels(c).set_index("definition")
    assert h.loc["matos2020", "label"] == "HPD"
    # RECIST 1.1: PD at day 42 (new lesions); iRECIST: iUPD, then day 84 without new lesions present and the
    # target sum +15 % over the nadir (baseline 40 mm) -> SD; iSD (unconfirmed iUPD resets)
    tp = recist_timepoints(c)
    assert tp["overall_response"].tolist() == ["PD", "SD"]
    assert tp["iresponse"].tolist() == ["iUPD", "iSD"]
    assert tp["new_lesions"].tolist() == [2.0, 0.0] and tp["new_lesions_seen"].tolist() == [2.0, 2.0]


def test_lesion_days_use_the_same_ici_start_as_scans():
    # treatment starts on day 10 of the lesion table's clock: day 5 is the baseline (5 days before the
    # start), day 50 the first evaluation (day 40 after the start); both paths must agree
    les = pd.DataFrame({"patient_id": "S", "day": [5, 50], "lesion_id": "a", "diameter_mm": [30, 40],
                        "role": "target"})
    tx = pd.DataFrame({"patient_id": ["S"], "agent": "nivolumab", "drug_class": "PD-1", "start_day": [10.0]})
    c = Cohort(patients=pd.DataFrame({"patient_id": ["S"]}), lesions=les, treatments=tx)
    m = growth_metrics(c).iloc[0]
    assert (m["baseline_day"], m["first_eval_day"]) == (-5.0, 40.0)
    tp = recist_timepoints(c)
    assert tp["day"].tolist() == [40.0] and tp["overall_response"].tolist() == ["PD"]  # 30 -> 40 mm: +33 %, +10 mm


def test_lesion_data_without_any_baseline_is_reported_not_a_crash():
    # no assessment on or before the start: the patient is listed as not assessable (was a TypeError)
    les = pd.DataFrame({"patient_id": "S", "day": [5, 50], "lesion_id": "a", "diameter_mm": [30, 40], "role": "target"})
    c = Cohort(patients=pd.DataFrame({"patient_id": ["S"]}), lesions=les)
    assert recist_lesion_problems(c)["action"].tolist() == ["patient not assessable"]
    assert len(recist_timepoints(c)) == 0
