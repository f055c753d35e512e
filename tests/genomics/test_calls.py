"""call_biomarkers on the bundled IMvigor210 data, checked against an independent derivation.

Expected values: the issue's acceptance numbers (MDM2 amplified in 25/293, MDM4 in 0) and
``shared/data/imvigor210_fmone_mdm2/imvigor210_fmone_keygenes_with_os.csv``, which the data
scout derived directly from ``fmone.RData`` with the ``rdata`` package (see its SOURCE.md),
independently of mdm2io's ``scripts/derive_datasets.py``.
"""

import numpy as np
import pandas as pd
import pytest

from mdm2io.cohort import Cohort
from mdm2io.datasets import load_imvigor210
from mdm2io.errors import InputError
from mdm2io.genomics import BIOMARKER_COLUMNS, CN_STATUSES, TP53_STATUSES, call_biomarkers, call_genes

from ..conftest import shared_data


@pytest.fixture(scope="module")
def imv():
    return load_imvigor210()


@pytest.fixture(scope="module")
def calls(imv):
    return call_biomarkers(imv, preset="foundation")


def test_foundation_counts(calls):
    assert len(calls) == 293 and calls.sample_id.is_unique
    assert int(calls.MDM2_amplified.sum()) == 25
    assert int((calls.MDM2_status == "amplified").sum()) == 25
    assert int((calls.MDM4_status == "amplified").sum()) == 0
    assert int((calls.MDM4_status == "gain").sum()) == 1
    # FRS2 is co-amplified in most MDM2-amplified samples (23 of 25); CDK4 in 2.
    assert int(calls.MDM2_FRS2_coamplified.sum()) == 23
    assert int(calls.MDM2_CDK4_coamplified.sum()) == 1
    assert list(calls.columns) == [c for c in BIOMARKER_COLUMNS]


def test_status_vocabularies(calls):
    for g in ("MDM2", "MDM4", "CDK4", "FRS2", "EGFR"):
        assert set(calls[f"{g}_status"]) <= set(CN_STATUSES)
    assert set(calls.TP53_status) <= set(TP53_STATUSES)
    assert calls.MDM2_amplified.dtype == "boolean"
    assert calls.ALK_fusion.isna().all()  # the fmone release has no rearrangement calls


def test_against_independent_derivation(calls):
    ref = pd.read_csv(shared_data("imvigor210_fmone_mdm2", "imvigor210_fmone_keygenes_with_os.csv"))
    # one sample joins to two pData rows of patient 10285 (identical clinical data): keep one
    ref = ref.drop_duplicates("SAMPLE_ID").set_index("SAMPLE_ID").loc[calls.sample_id]
    for g in ("MDM2", "MDM4", "CDK4", "FRS2", "EGFR"):
        np.testing.assert_array_equal(calls[f"{g}_status"].eq("amplified").to_numpy(), ref[f"{g}_amp"].eq(1).to_numpy())
    amp = calls.MDM2_amplified.to_numpy(dtype=bool)
    np.testing.assert_allclose(calls.MDM2_cn.to_numpy()[amp], ref["MDM2_amp_cn"].to_numpy()[amp])
    # TP53: mutated exactly where the assay called a short variant, deleted where it called a deep deletion.
    np.testing.assert_array_equal((calls.TP53_status == "mutated").to_numpy(), ref["TP53_short"].notna().to_numpy())
    np.testing.assert_array_equal((calls.TP53_status == "deleted").to_numpy(),
                                  (ref["TP53_del"].eq(1) & ref["TP53_short"].isna()).to_numpy())


def test_tp53_detail(calls):
    row = calls.set_index("sample_id").loc["SAMc9d0803f12be"]
    assert row.TP53_status == "mutated" and row.TP53_detail == "p.R248Q (hotspot missense)"
    assert not row.TP53_wild_type
    wt = calls[calls.TP53_status == "wild_type"]
    assert len(wt) == 148 and (wt.TP53_detail == "").all() and wt.TP53_wild_type.all()
    assert "FoundationOne panel covers" in calls.rule.iloc[0]


def test_absolute_presets_on_foundation_copy_numbers(imv):
    # FoundationOne MDM2 amplification calls carry copy numbers 8..182; MANTRA-2's CN >= 12 drops 8, 9 and 11.
    pcgr = call_biomarkers(imv, preset="pcgr")
    mantra = call_biomarkers(imv, preset="mantra2")
    cn = pcgr.MDM2_cn
    assert int(pcgr.MDM2_amplified.sum()) == int((cn >= 5).sum()) == 25
    assert int(mantra.MDM2_amplified.sum()) == int((cn >= 12).sum()) == 22
    assert set(mantra.loc[~mantra.MDM2_amplified.astype(bool) & cn.notna(), "MDM2_status"]) == {"gain"}
    assert "mantra2" in mantra.rule.iloc[0]
    # FoundationOne called MDM4 a 'gain' at CN 6; an absolute CN >= 5 rule calls it amplified
    assert int(pcgr.MDM4_amplified.sum()) == 1 and int(mantra.MDM4_amplified.sum()) == 0


def test_cbioportal_preset_maps_source_calls(imv):
    b = call_biomarkers(imv, preset="cbioportal")
    assert int(b.MDM2_amplified.sum()) == 25


def test_call_genes_long(imv):
    g = call_genes(imv, "foundation", genes=["MDM2", "TP53"])
    assert len(g) == 2 * 293
    assert g.loc[g.gene == "TP53", "status"].astype(str).value_counts().to_dict() == {"neutral": 291, "deleted": 2}


def test_not_assessed_without_coverage():
    c = Cohort(patients=pd.DataFrame({"patient_id": ["p1", "p2"]}),
               samples=pd.DataFrame({"sample_id": ["s1", "s2"], "patient_id": ["p1", "p2"]}),
               alterations=pd.DataFrame({"sample_id": ["s1"], "gene": ["MDM2"], "kind": ["amplification"],
                                         "copy_number": [20.0]}))
    b = call_biomarkers(c, preset="pcgr").set_index("sample_id")
    assert b.loc["s1", "MDM2_status"] == "amplified" and b.loc["s2", "MDM2_status"] == "neutral"
    assert "assumed profiled" in b.loc["s1", "rule"]
    # no short variants in the cohort: TP53 cannot be called wild-type
    assert (b.TP53_status == "not_assessed").all() and b.TP53_wild_type.isna().all()
    b = call_biomarkers(c.with_meta(genomics={"copy_number_profiled": True, "copy_number_missing": [["s2", "MDM2"]],
                                              "mutations_profiled": True}), preset="pcgr").set_index("sample_id")
    assert b.loc["s2", "MDM2_status"] == "not_assessed" and pd.isna(b.loc["s2", "MDM2_amplified"])
    assert (b.TP53_status == "wild_type").all()


def test_preset_needing_numbers_on_call_only_data():
    c = Cohort(patients=pd.DataFrame({"patient_id": ["p1"]}),
               samples=pd.DataFrame({"sample_id": ["s1"], "patient_id": ["p1"]}),
               alterations=pd.DataFrame({"sample_id": ["s1"], "gene": ["MDM2"], "kind": ["amplification"]}))
    with pytest.raises(InputError, match="needs copy_number"):
        call_biomarkers(c, preset="facets")
    with pytest.raises(InputError, match="did you mean 'facets'"):
        call_biomarkers(c, preset="facet")


def test_several_measurements_of_one_gene_most_extreme_status_wins():
    """Two calls for one (sample, gene): amplified > deleted > gain > loss > neutral; n_measurements counts both.

    Hand-made cohort; the expected statuses follow the documented priority (docs/genomics.md),
    ties keep the first row in file order (its copy number is reported).
    """
    alts = pd.DataFrame({
        "sample_id": ["S1", "S1", "S2", "S2", "S3", "S3", "S4"],
        "gene": ["MDM2"] * 7,
        "kind": ["gain", "amplification", "loss", "deletion", "amplification", "amplification", "loss"],
        "copy_number": [3.0, 9.0, 1.0, 0.0, 14.0, 20.0, 1.0],
    })
    c = Cohort(samples=pd.DataFrame({"sample_id": ["S1", "S2", "S3", "S4", "S5"], "patient_id": ["P1", "P2", "P3", "P4", "P5"]}),
               patients=pd.DataFrame({"patient_id": ["P1", "P2", "P3", "P4", "P5"]}), alterations=alts,
               meta={"genomics": {"copy_number_profiled": True}})
    g = call_genes(c, "foundation", genes=["MDM2", "MDM4"]).set_index(["sample_id", "gene"])
    assert g.loc[(slice(None), "MDM2"), "status"].astype(str).tolist() == ["amplified", "deleted", "amplified", "loss", "neutral"]
    assert g.loc[(slice(None), "MDM2"), "n_measurements"].tolist() == [2, 2, 2, 1, 0]
    assert g.loc[(slice(None), "MDM2"), "copy_number"].tolist()[:4] == [9.0, 0.0, 14.0, 1.0]
    assert (g.loc[(slice(None), "MDM4"), "n_measurements"] == 0).all()
    b = call_biomarkers(c, "foundation", genes=["MDM2", "MDM4"])
    assert b.MDM2_status.tolist() == ["amplified", "deleted", "amplified", "loss", "neutral"]
    assert b.MDM2_cn.tolist()[:4] == [9.0, 0.0, 14.0, 1.0]
