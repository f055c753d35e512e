"""RECIST 1.1 / iRECIST on hand-worked patients and against INSPIRE's own reported responses."""

import pandas as pd
import pytest

from mdm2io.cohort import Cohort
from mdm2io.datasets import load_inspire
from mdm2io.kinetics import hpd_concordance, hpd_incidence, recist_responses, recist_timepoints


def _cohort(scans=None, lesions=None, ids=("p",)):
    return Cohort(patients=pd.DataFrame({"patient_id": list(ids)}), scans=scans if scans is not None else None,
                  lesions=lesions if lesions is not None else None)


def test_pd_needs_20_pct_and_5_mm_over_nadir():
    scans = pd.DataFrame({"patient_id": "p", "day": [-1, 42, 84], "sld_mm": [20, 15, 19]})
    tp = recist_timepoints(_cohort(scans))
    # 15 -> 19 mm is +27 % over the nadir but only 4 mm: not PD
    assert tp["overall_response"].tolist() == ["SD", "SD"]


def test_pr_then_pd_then_icpd():
    scans = pd.DataFrame({"patient_id": "p", "day": [-3, 42, 84, 126], "sld_mm": [50, 34, 45, 52]})
    tp = recist_timepoints(_cohort(scans))
    assert tp["overall_response"].tolist() == ["PR", "PD", "PD"]
    assert tp["iresponse"].tolist() == ["iPR", "iUPD", "iCPD"]  # +7 mm over the iUPD sum, 6 weeks later
    r = recist_responses(_cohort(scans)).iloc[0]
    assert r.best_overall_response == "PR" and r.best_overall_iresponse == "iPR" and r.first_pd_day == 84


def test_iupd_resets_after_response_and_early_scan_cannot_confirm():
    scans = pd.DataFrame({"patient_id": "p", "day": [-3, 42, 56, 98], "sld_mm": [50, 62, 70, 48]})
    tp = recist_timepoints(_cohort(scans))
    # day 56 is only 14 days after iUPD: cannot confirm; day 98 back below baseline: reset to iSD
    assert tp["iresponse"].tolist() == ["iUPD", "iUPD", "iSD"]


def test_new_lesions_mean_pd_and_additional_ones_confirm():
    scans = pd.DataFrame({"patient_id": "p", "day": [-3, 42, 84], "sld_mm": [50, 45, 45], "new_lesions": [0, 1, 2]})
    tp = recist_timepoints(_cohort(scans))
    assert tp["overall_response"].tolist() == ["PD", "PD"]
    assert tp["iresponse"].tolist() == ["iUPD", "iCPD"]


def test_confirmation_option():
    scans = pd.DataFrame({"patient_id": "p", "day": [-3, 42, 60], "sld_mm": [50, 30, 31]})
    assert recist_responses(_cohort(scans)).best_overall_response[0] == "PR"
    # 18 days later is too early to confirm a PR
    assert recist_responses(_cohort(scans), confirm=True).best_overall_response[0] == "SD"


def test_lesion_level_cr_needs_nodes_below_10_mm_and_non_target_absent():
    les = pd.DataFrame({
        "patient_id": "p", "day": [-1, -1, -1, 42, 42, 42, 84, 84, 84, 84],
        "lesion_id": ["L1", "N1", "T1", "L1", "N1", "T1", "L1", "N1", "T1", "X"],
        "is_node": [0, 1, 0, 0, 1, 0, 0, 1, 0, 0], "diameter_mm": [30, 20, None, 0, 8, None, 0, 8, None, 12],
        "role": ["target", "target", "non_target", "target", "target", "non_target", "target", "target", "non_target", "new"],
        "status": ["", "", "present", "", "", "absent", "", "", "absent", "present"]})
    tp = recist_timepoints(_cohort(lesions=les))
    assert tp["basis"].unique().tolist() == ["lesions"]
    assert tp["overall_response"].tolist() == ["CR", "PD"]


def test_inspire_best_response_matches_source_objective_response():
    """INSPIRE's own objective_response (CR/PR vs SD/PD; Bratman 2020) against ours from % change."""
    c = load_inspire()
    r = recist_responses(c).merge(c.patients[["patient_id", "objective_response"]], on="patient_id")
    ev = r[r["best_overall_response"] != "NE"]
    ours = ev["best_overall_response"].isin(["CR", "PR"]).map({True: "CR/PR", False: "SD/PD"})
    assert (ours == ev["objective_response"]).all()
    assert len(ev) == 72


def test_concordance_and_incidence_by_hand():
    lab = pd.DataFrame({"patient_id": list("abcdeabcde"), "definition": ["x"] * 5 + ["y"] * 5,
                        "label": ["HPD", "HPD", "not HPD", "not HPD", "not evaluable",
                                  "HPD", "not HPD", "HPD", "not HPD", "HPD"], "reason": ""})
    inc = hpd_incidence(lab).set_index("definition")
    assert inc.loc["x", "incidence_pct"] == pytest.approx(50.0)
    assert inc.loc["y", "incidence_pct"] == pytest.approx(60.0)
    c = hpd_concordance(lab).set_index(["definition_a", "definition_b"]).loc[("x", "y")]
    # on a-d: x = 1100, y = 1010: both 1, union 3 -> Jaccard 1/3; po = 0.5, pe = 0.5 -> kappa 0
    assert c.n_both_evaluable == 4 and c.jaccard == pytest.approx(1 / 3) and c.cohen_kappa == pytest.approx(0.0)


def test_non_target_progression_confirms_iupd():
    # baseline 40 mm; day 42: 50 mm (+25 %, +10 mm) = iUPD; day 84: 52 mm (+2 mm) but the non-target
    # lesion progresses unequivocally -> iCPD
    les = pd.DataFrame({"patient_id": "p", "day": [-1, -1, 42, 42, 84, 84], "lesion_id": ["L", "T"] * 3,
                        "diameter_mm": [40, None, 50, None, 52, None], "role": ["target", "non_target"] * 3,
                        "status": ["", "present", "", "present", "", "unequivocal progression"]})
    tp = recist_timepoints(_cohort(lesions=les))
    assert tp["iresponse"].tolist() == ["iUPD", "iCPD"]
