"""One set of biomarker calls and one kinetics run per report, shared by every section that uses them.

Expected values come from the stage APIs called directly (genomics.call_biomarkers,
knowledge.annotate, survival.survival_data, kinetics.run_kinetics) and, for MANTRA-2 on
IMvigor210, from the raw FoundationOne copy numbers (MDM2 CN >= 12: 22 of the 25 amplified samples).
"""

import json

import pandas as pd
import pytest

from mdm2io.cohort import Cohort
from mdm2io.datasets import load_imvigor210
from mdm2io.errors import InputError
from mdm2io.report import ReportContext, build_report
from mdm2io.report.sections import kinetics as kinetics_section
from mdm2io.report.sections import survival as survival_section


@pytest.fixture(scope="module")
def imv():
    return load_imvigor210()


@pytest.fixture(scope="module")
def mantra2_report(imv, tmp_path_factory):
    out = tmp_path_factory.mktemp("mantra2")
    build_report(imv, out, sections=["biomarkers", "annotations", "survival"], options={"genomics_preset": "mantra2"})
    return json.loads((out / "report.json").read_text())["sections"], out


def test_raw_copy_numbers_give_22_mantra2_amplified(imv):
    a = imv.alterations
    mdm2 = a[(a["gene"] == "MDM2") & (a["kind"] == "amplification")]
    assert mdm2["sample_id"].nunique() == 25
    assert mdm2.loc[mdm2["copy_number"] >= 12, "sample_id"].nunique() == 22


def test_non_default_preset_reaches_every_section(imv, mantra2_report):
    from mdm2io.knowledge import annotate
    from mdm2io.survival import survival_data

    sec, out = mantra2_report
    # biomarkers
    assert sec["biomarkers"]["summary"]["preset"] == "mantra2"
    assert sec["biomarkers"]["summary"]["amplified"]["MDM2"] == 22
    # annotations: as knowledge.annotate with the same preset
    direct = annotate(imv, preset="mantra2").summary()
    assert sec["annotations"]["summary"]["ici_resistance_markers"]["MDM2"] == direct["ici_resistance_markers"]["MDM2"]
    assert sec["annotations"]["summary"]["n_mdm2i_candidates"] == direct["n_mdm2i_candidates"]
    assert "preset=&#x27;mantra2&#x27;" in (out / "index.html").read_text()
    # survival: grouping as survival_data with the same preset
    expected = survival_data(imv, "MDM2_amplified", endpoint="OS", preset="mantra2").table["group"]
    groups = sec["survival"]["summary"]["groups"]
    assert groups["True"]["n"] == int((expected.astype(str) == "True").sum())
    assert groups["True"]["n"] < 21  # 21 analysed patients under the default preset


def test_default_preset_and_old_alias(imv, tmp_path):
    assert ReportContext(tmp_path).genomics_preset == "foundation"
    ctx = ReportContext(tmp_path, options={"preset": "mantra2"})  # the annotation section's old key
    assert ctx.genomics_preset == "mantra2"
    assert int(ctx.biomarkers(imv)["MDM2_amplified"].sum()) == 22
    with pytest.raises(InputError, match="two genomics presets"):
        _ = ReportContext(tmp_path, options={"preset": "pcgr", "genomics_preset": "mantra2"}).genomics_preset
    with pytest.raises(InputError, match="unknown preset"):
        ReportContext(tmp_path, options={"genomics_preset": "mantra"}).biomarkers(imv)


def test_calls_computed_once(imv, tmp_path, monkeypatch):
    import mdm2io.genomics as genomics

    n = {"calls": 0}
    real = genomics.call_biomarkers

    def counting(*a, **k):
        n["calls"] += 1
        return real(*a, **k)

    monkeypatch.setattr(genomics, "call_biomarkers", counting)
    build_report(imv, tmp_path, sections=["biomarkers", "annotations", "survival"])
    assert n["calls"] == 1


def _scanned_sequenced_cohort():
    """A and B grow fast on ICI; both have a FoundationOne-style MDM2 amplification call, A at CN 8, B at CN 20."""
    rows = []
    for pid in ("A", "B", "C"):
        for day, size in ((-56, 40), (-1, 44), (41, 80)):
            rows.append({"patient_id": pid, "day": day, "sld_mm": size})
    scans = pd.DataFrame(rows)
    pts = pd.DataFrame({"patient_id": ["A", "B", "C"]})
    tx = pd.DataFrame({"patient_id": ["A", "B", "C"], "agent": "nivolumab", "drug_class": "PD-1", "start_day": 0.0,
                       "stop_day": 60.0})
    samples = pd.DataFrame({"sample_id": ["sA", "sB", "sC"], "patient_id": ["A", "B", "C"]})
    alts = pd.DataFrame({"sample_id": ["sA", "sB"], "gene": ["MDM2", "MDM2"], "kind": "amplification",
                         "copy_number": [8.0, 20.0]})
    return Cohort(patients=pts, scans=scans, treatments=tx, samples=samples, alterations=alts)


@pytest.mark.parametrize("preset, amplified", [("foundation", {"A", "B"}), ("mantra2", {"B"})])
def test_kinetics_grouping_follows_the_preset(tmp_path, preset, amplified):
    c = _scanned_sequenced_cohort()
    ctx = ReportContext(tmp_path, options={"genomics_preset": preset})
    sec = kinetics_section.build(c, ctx)
    bg = sec.tables["hpd_by_mdm2_mdm4"]
    n_amp = bg.loc[bg["group"] == "MDM2/MDM4 amplified", "n_evaluable"].max()
    assert n_amp == len(amplified)
    assert f"preset {preset}" in sec.html


def test_kinetics_options_reach_kinetics_and_survival_sections(tmp_path):
    from mdm2io.datasets import load_inspire
    from mdm2io.kinetics import run_kinetics

    c = load_inspire()
    opts = {"strict": False, "nonpositive_reference": "not_hpd"}
    ctx = ReportContext(tmp_path, options={"kinetics": opts, "survival_group": "sex", "survival_endpoint": "PFS"})
    kin = kinetics_section.build(c, ctx)
    surv = survival_section.build(c, ctx)
    direct = run_kinetics(c, **opts).hpd
    pd.testing.assert_frame_equal(kin.tables["hpd_labels"].reset_index(drop=True), direct.reset_index(drop=True))
    assert ctx.kinetics(c).hpd is kin.tables["hpd_labels"]
    # the per-patient table is the kinetics CLI's kinetics.tsv for the same options
    pd.testing.assert_frame_equal(kin.tables["per_patient"], run_kinetics(c, **opts).kinetics)
    # the survival section's HPD rates count the same labels (HPD and evaluable patients per definition)
    hpd = surv.tables["hpd"].groupby("definition")[["x", "n"]].sum()
    ev = direct[direct["label"] != "not evaluable"]
    assert hpd["x"].tolist() == ev[ev["label"] == "HPD"].groupby("definition").size().reindex(hpd.index, fill_value=0).tolist()
    assert hpd["n"].tolist() == ev.groupby("definition").size().reindex(hpd.index, fill_value=0).tolist()
    # and the options matter here: the default run labels fewer patients
    default = run_kinetics(c).hpd
    assert (default["label"] != "not evaluable").sum() < len(ev)


def test_unknown_kinetics_option_is_an_input_error(tmp_path):
    from mdm2io.datasets import load_inspire

    with pytest.raises(InputError, match="stric"):
        ReportContext(tmp_path, options={"kinetics": {"stric": False}}).kinetics(load_inspire())


def test_misspelt_options_are_errors_even_when_no_section_uses_them(tmp_path):
    """IMvigor210 has no scans, so the kinetics section never runs: a misspelt kinetics option or preset still stops the report."""
    from mdm2io.datasets import load_imvigor210
    from mdm2io.errors import InputError
    from mdm2io.report import build_report

    with pytest.raises(InputError, match="unknown kinetics option"):
        build_report(load_imvigor210(), tmp_path / "a", options={"kinetics": {"nonsense": 1}})
    with pytest.raises(InputError):
        build_report(load_imvigor210(), tmp_path / "b", options={"genomics_preset": "mantra3"})
