"""The report's kinetics/HPD section on the bundled Laleh 2022 data."""

import pytest

from mdm2io.datasets import load_imvigor210, load_laleh2022
from mdm2io.report.context import ReportContext
from mdm2io.report.sections import kinetics as section


@pytest.fixture(scope="module")
def laleh_section(tmp_path_factory):
    ctx = ReportContext(tmp_path_factory.mktemp("report"))
    return section.build(load_laleh2022(), ctx), ctx


def test_section_shows_incidence_concordance_and_plots(laleh_section):
    sec, ctx = laleh_section
    assert sec.status == "ok"
    assert {"hpd_concordance", "waterfall", "spider", "swimmer"} <= set(ctx.figures)
    inc = sec.tables["hpd_incidence"].set_index("definition")
    assert inc["n_patients"].eq(1472).all()
    assert (inc["n_hpd"] + inc["n_not_hpd"] + inc["n_not_evaluable"]).eq(1472).all()
    # 70 HPD: Study5:2457866781645406208 has two day-57 rows (12 and 41 mm); the first is kept, 12 vs 10 mm at
    # baseline = +20 % (< 40 %), not HPD (was 71 when the two were averaged to 26.5 mm)
    assert inc.loc["matos2020", "n_hpd"] == 70 and inc.loc["matos2020", "n_not_hpd"] == 1289
    assert inc.loc["champiat2017", "main_reason_not_evaluable"] == "no pre-baseline scan (1460)"
    # the page says which definitions were not evaluable and why
    assert "Not evaluable for any patient" in sec.html and "no pre-baseline scan (1460)" in sec.html
    assert sec.summary["hpd_incidence"]["matos2020"]["incidence_pct"] == pytest.approx(100 * 70 / 1359)
    assert len(sec.tables["hpd_labels"]) == 1472 * 8


def test_no_scans_no_section(tmp_path):
    assert section.build(load_imvigor210(), ReportContext(tmp_path)) is None


def test_section_splits_by_mdm2_amplification_when_sequenced(hand_cohort, tmp_path):
    import pandas as pd

    from mdm2io.cohort import Cohort

    t = hand_cohort.tables()
    t["samples"] = pd.DataFrame({"sample_id": ["sA", "sC", "sF"], "patient_id": ["A", "C", "F"]})
    t["alterations"] = pd.DataFrame({"sample_id": ["sA"], "gene": ["MDM2"], "kind": ["amplification"]})
    c = Cohort(**t)
    sec = section.build(c, ReportContext(tmp_path))
    bg = sec.tables["hpd_by_mdm2_mdm4"].set_index(["definition", "group"])
    assert bg.loc[("matos2020", "MDM2/MDM4 amplified"), "n_hpd"] == 1  # patient A
    assert bg.loc[("matos2020", "not amplified"), "n_evaluable"] == 2  # C (HPD) and F
    assert "HPD by MDM2/MDM4 amplification" in sec.html
