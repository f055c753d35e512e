"""iRECIST new-lesion sums and confirmation, RECIST 1.1 measurability, on hand-worked lesion-level patients.

Every expected value below is worked out by hand in the comments from the rules of Eisenhauer 2009
(RECIST 1.1, doi:10.1016/j.ejca.2008.10.026) and Seymour 2017 (iRECIST, Table 2 and the
"confirming progression" section, doi:10.1016/S1470-2045(17)30074-8).
"""

import pandas as pd
import pytest

from mdm2io.cohort import Cohort
from mdm2io.errors import InputError
from mdm2io.kinetics import recist_lesion_problems, recist_responses, recist_timepoints


def _les(rows):
    """rows: (patient, day, lesion_id, organ, is_node, diameter_mm, role, status)."""
    cols = ["patient_id", "day", "lesion_id", "organ", "is_node", "diameter_mm", "role", "status"]
    return pd.DataFrame(rows, columns=cols)


def _cohort(les):
    return Cohort(patients=pd.DataFrame({"patient_id": sorted(les["patient_id"].unique())}), lesions=les)


def _tp(les, pid, **kw):
    tp = recist_timepoints(_cohort(les), **kw)
    return tp[tp["patient_id"] == pid].reset_index(drop=True)


def test_new_lesion_target_sum_increases_add_up_to_confirm():
    # target 40 mm; day 42: target 38 (-5 %, SD) + new 12 mm lung lesion (measurable -> NLT) = iUPD
    # (new lesions); day 84: NLT 15 (+3 mm over iUPD) stays iUPD; day 126: NLT 18 (+6 mm) = iCPD
    les = _les([("N", -1, "L", "liver", 0, 40, "target", ""),
                ("N", 42, "L", "liver", 0, 38, "target", ""), ("N", 42, "X", "lung", 0, 12, "new", "present"),
                ("N", 84, "L", "liver", 0, 36, "target", ""), ("N", 84, "X", "lung", 0, 15, "new", "present"),
                ("N", 126, "L", "liver", 0, 36, "target", ""), ("N", 126, "X", "lung", 0, 18, "new", "present")])
    tp = _tp(les, "N")
    assert tp["target_response"].tolist() == ["SD", "SD", "SD"]
    assert tp["overall_response"].tolist() == ["PD", "PD", "PD"]
    assert tp["new_lesion_target_sum_mm"].tolist() == [12.0, 15.0, 18.0]
    assert tp["iresponse"].tolist() == ["iUPD", "iUPD", "iCPD"]
    assert tp["iresponse_reason"].tolist() == ["iUPD: new lesions", "not confirmed",
                                               "new-lesion target sum +6 mm over iUPD"]


def test_new_non_target_lesion_any_increase_confirms():
    # a new 12 mm node is not measurable (< 15 mm short axis) -> NLNT, NLT sum 0; any increase confirms
    les = _les([("M", -1, "L", "liver", 0, 40, "target", ""),
                ("M", 42, "L", "liver", 0, 40, "target", ""), ("M", 42, "X", "mediastinum", 1, 12, "new", "present"),
                ("M", 84, "L", "liver", 0, 40, "target", ""), ("M", 84, "X", "mediastinum", 1, 13, "new", "present")])
    tp = _tp(les, "M")
    assert tp["new_lesion_target_sum_mm"].tolist() == [0.0, 0.0]
    assert tp["iresponse"].tolist() == ["iUPD", "iCPD"]
    assert tp["iresponse_reason"][1] == "new non-target lesion grew"


def test_non_target_any_further_increase_confirms_without_unequivocal_progression():
    # day 42: target SD, non-target unequivocal progression = iUPD (non-target);
    # day 84: non-target "increased" (not unequivocal) = iCPD (Seymour 2017 Table 2)
    les = _les([("T", -1, "L", "liver", 0, 40, "target", ""), ("T", -1, "B", "bone", 0, None, "non_target", "present"),
                ("T", 42, "L", "liver", 0, 41, "target", ""),
                ("T", 42, "B", "bone", 0, None, "non_target", "unequivocal progression"),
                ("T", 84, "L", "liver", 0, 41, "target", ""), ("T", 84, "B", "bone", 0, None, "non_target", "increased")])
    tp = _tp(les, "T")
    assert tp["iresponse"].tolist() == ["iUPD", "iCPD"]
    assert tp["iresponse_reason"].tolist() == ["iUPD: non-target", "non-target disease grew further"]


def test_reset_after_isd_then_new_iupd_and_confirmation():
    # 50 -> 62 (+24 %, +12 mm over nadir 50) iUPD; 45 (nadir 50, -10 % vs baseline) iSD resets;
    # 56 (+24 %, +11 mm over nadir 45) a new iUPD; 62 (+6 mm over the new iUPD sum) iCPD
    les = _les([("R", d, "L", "liver", 0, s, "target", "") for d, s in
                [(-1, 50), (42, 62), (84, 45), (126, 56), (168, 62)]])
    tp = _tp(les, "R")
    assert tp["iresponse"].tolist() == ["iUPD", "iSD", "iUPD", "iCPD"]
    assert tp["iresponse_reason"][3] == "target sum +6 mm over iUPD"
    r = recist_responses(_cohort(les)).iloc[0]
    assert r.best_overall_iresponse == "iSD" and r.first_pd_day == 42


def test_additional_new_lesion_confirms_even_early_and_new_category_progression_confirms():
    # target iUPD at day 42 (50 -> 62); day 56 (14 days later) a new lesion appears = iCPD at once
    early = _les([("E", -1, "L", "liver", 0, 50, "target", ""), ("E", 42, "L", "liver", 0, 62, "target", ""),
                  ("E", 56, "L", "liver", 0, 62, "target", ""), ("E", 56, "X", "lung", 0, 5, "new", "present")])
    tp = _tp(early, "E")
    assert tp["iresponse"].tolist() == ["iUPD", "iCPD"]
    assert tp["iresponse_reason"][1] == "1 additional new lesion(s)"


def test_nlt_caps_two_per_organ_five_in_total():
    # eight new lesions at day 42, ordered by size: liver 30, 25, (12: 3rd in liver -> NLNT);
    # lung 20, 15, (11: 3rd in lung -> NLNT); bone 14 (5th NLT), 13 (6th -> beyond 5 -> NLNT)
    # NLT sum = 30 + 25 + 20 + 15 + 14 = 104
    new = [("C", 42, f"n{i}", o, 0, d, "new", "present") for i, (o, d) in
           enumerate([("liver", 30), ("liver", 25), ("liver", 12), ("lung", 20), ("lung", 15), ("lung", 11),
                      ("bone", 14), ("bone", 13)])]
    les = _les([("C", -1, "L", "liver", 0, 40, "target", ""), ("C", 42, "L", "liver", 0, 40, "target", "")] + new)
    tp = _tp(les, "C")
    assert tp["new_lesion_target_sum_mm"].tolist() == [104.0]
    assert tp["new_lesions_seen"].tolist() == [8.0]


def _breaking_patient():
    # baseline targets: liver 30, 25, 20 (3rd in liver), lung 8 mm (< 10 mm), node 12 mm (< 15 mm),
    # lung 40, adrenal 18, bone 16, kidney 11 (6th measurable within the organ cap -> beyond 5)
    base = [("liver", 0, 30), ("liver", 0, 25), ("liver", 0, 20), ("lung", 0, 8), ("hilum", 1, 12), ("lung", 0, 40),
            ("adrenal", 0, 18), ("bone", 0, 16), ("kidney", 0, 11)]
    rows = [("Q", -1, f"t{i}", o, n, d, "target", "") for i, (o, n, d) in enumerate(base)]
    rows += [("Q", 42, f"t{i}", o, n, d, "target", "") for i, (o, n, d) in enumerate(base)]
    rows += [("Q", 42, "late", "spleen", 0, 20, "target", "")]
    return _les(rows)


def test_measurability_problems_are_reported_with_the_rule():
    les = _breaking_patient()
    p = recist_lesion_problems(_cohort(les)).set_index("lesion_id")
    assert sorted(p.index) == ["late", "t2", "t3", "t4", "t8"]
    assert p.loc["t3", "problem"] == "target lesion 8 mm at baseline < 10 mm (not measurable, RECIST 1.1 §3.1.1)"
    assert p.loc["t4", "problem"].startswith("target node short axis 12 mm at baseline < 15 mm")
    assert p.loc["t2", "problem"].startswith("more than 2 target lesions in organ 'liver'")
    assert p.loc["t8", "problem"].startswith("more than 5 target lesions")
    assert p.loc["late", "problem"].startswith("target lesion not recorded at baseline")
    assert set(p["action"]) == {"kept as target (as given)"}
    assert int(p.loc["t3", "row"]) == 3 and float(p.loc["late", "day"]) == 42.0


def test_measurability_enforce_counts_breaking_targets_as_non_target():
    les = _breaking_patient()
    # report: all nine baseline targets summed = 180 mm; the late target adds 20 mm at day 42
    rep = recist_timepoints(_cohort(les))
    assert rep["size"].tolist() == [200.0]
    # enforce: 30 + 25 + 40 + 18 + 16 = 129 mm at both scans -> SD, not PD
    enf = recist_timepoints(_cohort(les), measurability="enforce")
    assert enf["size"].tolist() == [129.0] and enf["overall_response"].tolist() == ["SD"]
    assert rep["overall_response"].tolist() == ["SD"]  # +20 mm but only +11 %
    assert set(recist_lesion_problems(_cohort(les), "enforce")["action"]) == {"counted as non-target"}
    with pytest.raises(InputError):
        recist_timepoints(_cohort(les), measurability="drop")


def test_non_target_node_below_10_mm_is_normal_for_cr():
    # target gone, non-target node down to 8 mm short axis (normal) -> CR; at 11 mm it would be PR
    rows = [("K", -1, "L", "lung", 0, 20, "target", ""), ("K", -1, "N", "hilum", 1, 13, "non_target", "present"),
            ("K", 42, "L", "lung", 0, 0, "target", ""), ("K", 42, "N", "hilum", 1, 8, "non_target", "present"),
            ("K", 84, "L", "lung", 0, 0, "target", ""), ("K", 84, "N", "hilum", 1, 11, "non_target", "present")]
    tp = _tp(_les(rows), "K")
    assert tp["overall_response"].tolist() == ["CR", "PR"]


def test_patient_without_baseline_lesions_is_reported():
    les = _les([("Z", 42, "L", "liver", 0, 30, "target", ""), ("Y", -1, "L", "liver", 0, 30, "target", ""),
                ("Y", 42, "L", "liver", 0, 30, "target", "")])
    p = recist_lesion_problems(_cohort(les))
    assert p["patient_id"].tolist() == ["Z"] and p["action"].tolist() == ["patient not assessable"]
    r = recist_responses(_cohort(les)).set_index("patient_id")
    assert r.loc["Z", "best_overall_response"] == "NE" and r.loc["Y", "best_overall_response"] == "SD"
