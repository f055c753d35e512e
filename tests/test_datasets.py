"""Bundled datasets: real values, checked against independent derivations and published counts."""

import pandas as pd
import pytest

from mdm2io import datasets
from mdm2io.datasets import load_imvigor210, load_inspire, load_laleh2022, load_tumgr_sample
from tests.conftest import shared_data


@pytest.fixture(scope="module")
def imv():
    return load_imvigor210()


def test_imvigor210_counts(imv):
    assert imv.n_samples == 293
    a = imv.alterations
    mdm2_amp = a[(a.gene == "MDM2") & (a.kind == "amplification")]
    assert mdm2_amp.sample_id.nunique() == 25
    assert a[(a.gene == "MDM4") & (a.kind == "amplification")].empty
    assert a[(a.gene == "MDM4") & (a.kind == "gain")].sample_id.nunique() == 1
    assert a.gene.nunique() <= 392
    # 347 patients in pData have OS (231 deaths); 274 FoundationOne samples belong to one of them
    os_ = imv.endpoint("OS")
    assert len(os_) == 347 and int(os_.event.sum()) == 231
    assert imv.samples.patient_id.isin(os_.index).sum() == 274


def test_imvigor210_known_patient_copy_number(imv):
    # highest MDM2 copy number in the cohort: 'amplification(182, exons 11 of 11)'
    a = imv.alterations
    row = a[(a.sample_id == "SAMf2129f8925fb") & (a.gene == "MDM2")].iloc[0]
    assert row.kind == "amplification" and row.copy_number == 182
    tp53 = a[(a.sample_id == "SAMc9d0803f12be") & (a.gene == "TP53")]
    assert list(tp53.protein_change) == ["p.R248Q"]
    assert imv.samples.set_index("sample_id").loc["SAMc9d0803f12be", "tmb_per_mb"] == pytest.approx(2.70)


def test_imvigor210_matches_independent_derivation(imv):
    """Every MDM2/CDK4/FRS2/EGFR amplification copy number equals the data scout's independent CSV."""
    ref = pd.read_csv(shared_data("imvigor210_fmone_mdm2", "imvigor210_fmone_keygenes_with_os.csv"))
    a = imv.alterations
    for gene in ("MDM2", "CDK4", "FRS2", "EGFR"):
        expected = ref.loc[ref[f"{gene}_amp"] == 1].set_index("SAMPLE_ID")[f"{gene}_amp_cn"].sort_index()
        got = a[(a.gene == gene) & (a.kind == "amplification")].set_index("sample_id")["copy_number"].sort_index()
        assert list(got.index) == list(expected.index), gene
        assert (got.to_numpy() == expected.to_numpy()).all(), gene


def test_laleh2022_keeps_measurement_states():
    c = load_laleh2022()
    assert len(c.scans) == 8560
    assert c.patients.source_patient_id.nunique() == 1463
    assert c.n_patients == 1472
    states = c.scans.sld_state.value_counts()
    assert states["too_small_to_measure"] == 54 and states["not_evaluable"] == 62
    assert states["not_recorded"] == 7
    # explicit states have no numeric SLD, measured rows always do
    assert c.scans.loc[c.scans.sld_state == "measured", "sld_mm"].notna().all()
    assert c.scans.loc[c.scans.sld_state != "measured", "sld_mm"].isna().all()


def test_tumgr_and_inspire():
    t = load_tumgr_sample()
    assert t.n_patients == 68 and len(t.scans) == 453
    ref = pd.read_csv(shared_data("tumgr_sampledata", "sampleData.csv"))
    assert t.scans.tumour_burden.sum() == pytest.approx(ref["size"].sum())
    i = load_inspire()
    assert i.n_patients == 94 and len(i.scans) == 270
    assert i.summary()["endpoints"] == {"OS": {"n": 94, "events": 64}, "PFS": {"n": 94, "events": 82}}


@pytest.mark.parametrize("name", list(datasets.DATASETS))
def test_every_dataset_has_licence_and_round_trips(name, tmp_path):
    c = datasets.load(name)
    assert c.meta["licence"] in ("CC BY 3.0", "CC BY 4.0", "MIT")
    assert c.meta["citation"] and c.meta["doi"]
    assert datasets.licence_text(name).strip()
    for fmt in ("tsv", "parquet"):
        back = c.read(c.write(tmp_path / fmt, format=fmt))
        for table, df in c.tables().items():
            def canon(t):  # missing values as None: a TSV has no distinction between None and NaN
                return t.astype(object).where(t.notna(), None)

            pd.testing.assert_frame_equal(canon(getattr(back, table)), canon(df), check_dtype=False,
                                          obj=f"{name}.{table} ({fmt})")


def test_loaders_return_independent_copies():
    a = load_inspire()
    a.patients.loc[0, "age_years"] = -1
    assert load_inspire().patients.loc[0, "age_years"] > 0


def test_unknown_dataset_suggests_name():
    from mdm2io.errors import InputError

    with pytest.raises(InputError, match="did you mean 'imvigor210'"):
        datasets.load("imvigor")


def test_docs_data_md_is_current():
    """docs/data.md is generated from the schema and dataset registry; regenerate with scripts/make_docs.py."""
    import importlib.util
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    spec = importlib.util.spec_from_file_location("make_docs", root / "scripts" / "make_docs.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    assert (root / "docs" / "data.md").read_text() == mod.data_md(), "run: python scripts/make_docs.py"


def test_parquet_without_pyarrow_says_how_to_install_it(tmp_path, monkeypatch):
    """pyarrow is the optional extra ``parquet``: without it, Parquet reads and writes name the fix."""
    import importlib.util

    from mdm2io.errors import InputError
    from mdm2io.io.cohort_folder import read_table_file, write_cohort

    c = load_inspire()
    c.write(tmp_path / "pq", format="parquet")
    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "pyarrow" else real(name, *a))
    with pytest.raises(InputError) as e:
        read_table_file(tmp_path / "pq" / "patients.parquet")
    assert e.value.problem.file.endswith("patients.parquet") and "mdm2io[parquet]" in e.value.problem.fix
    with pytest.raises(InputError) as e:
        write_cohort(c, tmp_path / "again", format="parquet")
    assert "mdm2io[parquet]" in e.value.problem.fix and not (tmp_path / "again").exists()
