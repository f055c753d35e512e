"""Every HPD definition pinned on hand-worked patients (see conftest.hand_cohort for the scans)."""

import pandas as pd
import pytest

from mdm2io.datasets import load_inspire, load_laleh2022
from mdm2io.errors import InputError
from mdm2io.kinetics import HPD_DEFINITIONS, Criterion, HPDDefinition, hpd_labels, register_hpd_definition

ALL = ["champiat2017", "saada_bouzid2017", "kato2017", "ferrara2018", "kas2020", "lo_russo2019", "matos2020", "kim2019"]


def _lab(cohort, **kw):
    h = hpd_labels(cohort, **kw)
    return h.set_index(["patient_id", "definition"])


def test_all_published_definitions_registered():
    assert set(ALL) <= set(HPD_DEFINITIONS)
    for name in ALL:
        assert HPD_DEFINITIONS[name].doi.startswith("10.")


def test_patient_a_is_hpd_under_every_definition(hand_cohort):
    h = _lab(hand_cohort)
    # A: TGR 17 -> 267 %/month, TGK 2.2 -> 26 mm/month, +82 % at day 41 with 2 new lesions and a new organ,
    # ECOG 0 -> 2 at day 30, stopped at day 50 (TTF 1.6 months)
    assert [h.loc[("A", d), "label"] for d in ALL] == ["HPD"] * 8
    assert h.loc[("A", "lo_russo2019"), "reason"].startswith("met: TTF < 2 months")


def test_out_of_order_duplicate_patient_matches_a(hand_cohort):
    h = _lab(hand_cohort)
    # E has A's scans shuffled and a duplicated day, but no new-lesion/ECOG data
    for d in ("champiat2017", "saada_bouzid2017", "kato2017", "ferrara2018", "kas2020", "matos2020", "kim2019"):
        assert h.loc[("E", d), "label"] == "HPD", d


def test_shrinking_before_treatment_policies(hand_cohort):
    # B: 50 -> 45 mm before ICI (TGR_ref < 0), then 45 -> 60 mm (+33 %, RECIST PD)
    h = _lab(hand_cohort)
    assert h.loc[("B", "champiat2017"), "label"] == "not evaluable"
    assert "reference growth <= 0" in h.loc[("B", "champiat2017"), "reason"]
    assert h.loc[("B", "saada_bouzid2017"), "label"] == "not evaluable"
    # ΔTGR = 86.9 - (-15.3) = 102.2 > 100: the difference-based definitions need no policy
    assert h.loc[("B", "ferrara2018"), "label"] == "HPD"
    assert h.loc[("B", "kas2020"), "label"] == "HPD"
    g = _lab(hand_cohort, nonpositive_reference="hpd_if_growing")
    assert g.loc[("B", "champiat2017"), "label"] == "HPD"
    n = _lab(hand_cohort, nonpositive_reference="not_hpd")
    assert n.loc[("B", "champiat2017"), "label"] == "not HPD"


def test_no_prebaseline_scan(hand_cohort):
    h = _lab(hand_cohort)
    for d in ("champiat2017", "saada_bouzid2017", "kato2017", "ferrara2018", "kas2020", "kim2019"):
        assert h.loc[("C", d), "label"] == "not evaluable"
        assert h.loc[("C", d), "reason"] == "no pre-baseline scan"
    assert h.loc[("C", "matos2020"), "label"] == "HPD"  # +50 % at first evaluation, no pre-baseline needed


def test_zero_sld_at_baseline(hand_cohort):
    h = _lab(hand_cohort)
    for d in ALL:
        assert h.loc[("D", d), "label"] == "not evaluable", d
    assert h.loc[("D", "matos2020"), "reason"] == "baseline size is 0 (growth rate undefined)"


def test_slow_growth_is_not_hpd(hand_cohort):
    # F: 40 -> 44 -> 46 mm: +4.5 % at first evaluation, TGR ratio 0.59
    h = _lab(hand_cohort)
    assert h.loc[("F", "champiat2017"), "label"] == "not HPD"
    assert "RECIST PD at first evaluation" in h.loc[("F", "champiat2017"), "reason"]
    assert h.loc[("F", "matos2020"), "label"] == "not HPD"
    assert h.loc[("F", "kato2017"), "label"] == "not HPD"  # TTF 9.9 months


def test_lenient_mode_labels_decided_patients(hand_cohort):
    h = _lab(hand_cohort, strict=False)
    # C has no pre-baseline scan, but +50 % means RECIST PD: still undecided for Champiat
    assert h.loc[("C", "champiat2017"), "label"] == "not evaluable"


def test_kim_windows(hand_cohort):
    import pandas as pd
    from mdm2io.cohort import Cohort

    scans = pd.DataFrame({"patient_id": "K", "day": [-120, -1, 41], "sld_mm": [40, 44, 80]})
    c = Cohort(patients=pd.DataFrame({"patient_id": ["K"]}), scans=scans)
    h = _lab(c)
    assert h.loc[("K", "kim2019"), "label"] == "not evaluable"
    assert "more than 84 days" in h.loc[("K", "kim2019"), "reason"]
    assert h.loc[("K", "champiat2017"), "label"] == "HPD"


def test_register_custom_definition(hand_cohort):
    d = HPDDefinition("tgr_exp_over_200", "TGR_exp > 200 %/month", "test", "",
                      rule=lambda m, o: [Criterion.from_mask("TGR_exp > 200", m.tgr_exp_pct_per_month > 200,
                                                             m.tgr_exp_pct_per_month.notna(), m.exp_reason)],
                      requires=("experimental",))
    register_hpd_definition(d)
    try:
        h = _lab(hand_cohort, definitions=["tgr_exp_over_200"])
        assert h.loc[("A", "tgr_exp_over_200"), "label"] == "HPD"
        assert h.loc[("F", "tgr_exp_over_200"), "label"] == "not HPD"
        with pytest.raises(InputError):
            register_hpd_definition(d)
    finally:
        HPD_DEFINITIONS.pop("tgr_exp_over_200")


def test_unknown_definition_is_an_actionable_error(hand_cohort):
    with pytest.raises(InputError, match="did you mean 'champiat2017'"):
        hpd_labels(hand_cohort, ["champiat2016"])


def test_laleh_every_patient_label_or_reason_under_every_definition():
    c = load_laleh2022()
    h = hpd_labels(c)
    assert len(h) == 1472 * len(HPD_DEFINITIONS)
    assert set(h["label"]) <= {"HPD", "not HPD", "not evaluable"}
    assert (h["reason"].str.len() > 0).all()
    assert h.groupby("definition")["patient_id"].nunique().eq(1472).all()
    ne = h[(h.definition == "champiat2017")]["reason"].value_counts()
    assert ne["no pre-baseline scan"] == 1460


def test_inspire_matos_uses_percent_change():
    h = hpd_labels(load_inspire(), ["matos2020"])
    assert set(h["label"]) == {"HPD", "not HPD", "not evaluable"}


def test_lesion_level_cohort_feeds_hpd():
    from mdm2io.cohort import Cohort

    # baseline 20 + 15 = 35 mm; day 40: 25 + 18 = 43 mm (+23 %) with a new lesion in bone (a new organ)
    les = pd.DataFrame({"patient_id": "p", "day": [-1, -1, 40, 40, 40], "lesion_id": ["a", "b", "a", "b", "n"],
                        "organ": ["lung", "liver", "lung", "liver", "bone"], "diameter_mm": [20, 15, 25, 18, 8],
                        "role": ["target", "target", "target", "target", "new"]})
    c = Cohort(patients=pd.DataFrame({"patient_id": ["p"]}), lesions=les)
    h = _lab(c)
    assert h.loc[("p", "matos2020"), "label"] == "HPD"
    assert ">= 20 % increase and multiple new lesions" in h.loc[("p", "matos2020"), "reason"]


def test_lo_russo_counts_new_lesions_per_involved_organ():
    from mdm2io.cohort import Cohort

    # baseline lung 30 + liver 20 = 50 mm; day 35: 45 + 35 = 80 mm (+60 %), two new lung lesions
    # (an involved organ), stop at day 45: 3 of 5 criteria (no new organ, no ECOG data)
    les = pd.DataFrame({"patient_id": "p", "day": [-2, -2, 35, 35, 35, 35],
                        "lesion_id": ["a", "b", "a", "b", "n1", "n2"],
                        "organ": ["lung", "liver", "lung", "liver", "lung", "lung"],
                        "diameter_mm": [30, 20, 45, 35, 6, 7], "role": ["target"] * 4 + ["new"] * 2})
    tx = pd.DataFrame({"patient_id": ["p"], "agent": "pembrolizumab", "drug_class": "PD-1", "start_day": 0.0,
                       "stop_day": 45.0})
    c = Cohort(patients=pd.DataFrame({"patient_id": ["p"]}), lesions=les, treatments=tx)
    h = _lab(c)
    lr = h.loc[("p", "lo_russo2019")]
    assert lr.label == "HPD"
    assert ">= 2 new lesions in an involved organ" in lr.reason and "spread to a new organ" not in lr.reason
    assert h.loc[("p", "matos2020"), "label"] == "HPD"


def test_matos_first_evaluation_window(hand_cohort):
    # C's first evaluation is on day 42
    h = _lab(hand_cohort, definitions=["matos2020"], matos_max_first_eval_days=30)
    assert h.loc[("C", "matos2020"), "label"] == "not evaluable"
    assert h.loc[("C", "matos2020"), "reason"] == "no first evaluation within 30 days of treatment start"
    assert _lab(hand_cohort, definitions=["matos2020"], matos_max_first_eval_days=61).loc[("C", "matos2020"), "label"] == "HPD"


def test_lo_russo_ecog_readings(hand_cohort):
    h = _lab(hand_cohort, definitions=["lo_russo2019"])
    assert "ECOG worsening >= 2 points within 2 months" in h.loc[("A", "lo_russo2019"), "reason"]
    h2 = _lab(hand_cohort, definitions=["lo_russo2019"], lo_russo_ecog="absolute")
    assert "ECOG >= 2 within 2 months" in h2.loc[("A", "lo_russo2019"), "reason"]
    with pytest.raises(InputError):
        hpd_labels(hand_cohort, ["lo_russo2019"], lo_russo_ecog="relative")
