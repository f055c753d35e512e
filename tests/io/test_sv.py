"""Structural-variant and fusion readers (cBioPortal data_sv.txt / data_fusions.txt) and ALK_fusion.

The inputs in tests/io/data are described in tests/io/data/README.md (hand-written from the
cBioPortal format page; the expected calls follow from the events listed there).
"""

from pathlib import Path

import pandas as pd
import pytest

from mdm2io.errors import InputError
from mdm2io.genomics import call_inputs
from mdm2io.io.detect import detect_format
from mdm2io.io.sv import read_fusions, read_sv

DATA = Path(__file__).parent / "data"


def _alk(result):
    b = result.biomarkers.set_index("sample_id")
    return {s: (None if pd.isna(v) else bool(v)) for s, v in b["ALK_fusion"].items()}


def test_sv_file_fusions_and_problems():
    cohort, problems = read_sv(DATA / "sv_study" / "data_sv.txt")
    a = cohort.alterations
    pairs = sorted(zip(a.sample_id, a.gene))
    assert pairs == [("NSCLC-S01", "ALK"), ("NSCLC-S01", "EML4"), ("NSCLC-S02", "KIF5B"), ("NSCLC-S02", "RET"),
                     ("NSCLC-S05", "ALK"), ("NSCLC-S05", "EML4"), ("NSCLC-S06", "ERG"), ("NSCLC-S06", "TMPRSS2")]
    assert set(a.kind) == {"fusion"}
    s05 = a[(a.sample_id == "NSCLC-S05")].details.iloc[0]
    assert s05.startswith("EML4-ALK fusion")  # ALK from Site2_Entrez_Gene_Id 238
    assert list(a.loc[a.sample_id == "NSCLC-S01", "source_line"]) == [2, 2]
    by_line = {p.line: p for p in problems}
    assert by_line[4].severity == "warning" and "without a partner" in by_line[4].message  # ALK-intragenic
    assert by_line[5].severity == "warning" and "germline" in by_line[5].message
    assert by_line[8].severity == "error" and "no gene" in by_line[8].message
    assert by_line[9].severity == "error" and "4 fields" in by_line[9].message
    assert len(problems) == 4  # every row is used or reported


def test_sv_study_alk_fusion_calls():
    r = call_inputs([DATA / "sv_study"], preset="cbioportal")
    alk = _alk(r)
    assert alk["NSCLC-S01"] is True and alk["NSCLC-S05"] is True
    # RET / ERG fusions, an intragenic ALK event, a germline SV, a sample without SV: not ALK fusions
    for s in ("NSCLC-S02", "NSCLC-S03", "NSCLC-S04", "NSCLC-S06", "NSCLC-S07", "NSCLC-S08"):
        assert alk[s] is False, s
    assert alk["NSCLC-S10"] is None  # not in case_lists/cases_sv.txt: not profiled
    assert (r.biomarkers.MDM2_status == "not_assessed").all()  # no copy-number data in this study


def test_partnerless_option():
    cohort, problems = read_sv(DATA / "sv_study" / "data_sv.txt", partnerless_fusions=True)
    s03 = cohort.alterations[cohort.alterations.sample_id == "NSCLC-S03"]
    assert s03.gene.tolist() == ["ALK"] and "partnerless_fusions=True" in s03.details.iloc[0]
    assert not any(p.line == 4 for p in problems)


def test_fusions_file():
    assert detect_format(DATA / "sv_fusions.txt") == "fusions"
    assert detect_format(DATA / "sv_study" / "data_sv.txt") == "sv"
    cohort, problems = read_fusions(DATA / "sv_fusions.txt")
    a = cohort.alterations
    assert sorted(zip(a.sample_id, a.gene)) == [("NSCLC-S01", "ALK"), ("NSCLC-S01", "EML4"), ("NSCLC-S02", "RET"),
                                                ("NSCLC-S05", "ALK")]
    lines = {p.line: p.message for p in problems}
    assert "rearrangement without a partner" in lines[5] and "germline" in lines[6] and "empty gene" in lines[8]
    r = call_inputs([DATA / "sv_fusions.txt"])
    alk = _alk(r)
    assert alk == {"NSCLC-S01": True, "NSCLC-S02": False, "NSCLC-S03": False, "NSCLC-S04": False, "NSCLC-S05": True,
                   "NSCLC-S07": False}


def test_sv_bad_header(tmp_path):
    p = tmp_path / "data_sv.txt"
    p.write_text("Sampel_Id\tSite1_Hugo_Symbol\tSite2_Hugo_Symbol\nS1\tEML4\tALK\n")
    with pytest.raises(InputError) as e:
        read_sv(p)
    assert "Sampel_Id" in str(e.value) and "line 1" in str(e.value)
    p.write_text("Sample_Id\tSV_Status\tClass\nS1\tSOMATIC\tDELETION\n")
    with pytest.raises(InputError, match="Site1_Hugo_Symbol"):
        read_sv(p)
    p.write_text("")
    with pytest.raises(InputError, match="empty"):
        read_sv(p)


def test_cli_call_with_sv_file(tmp_path):
    """`mdm2io call data_CNA.txt data_sv.txt`: ALK_fusion next to the copy-number calls, problems listed."""
    from mdm2io.cli import main

    (tmp_path / "data_CNA.txt").write_text("Hugo_Symbol\tNSCLC-S01\tNSCLC-S03\nMDM2\t2\t0\nTP53\t0\t0\n")
    rc = main(["call", str(tmp_path / "data_CNA.txt"), str(DATA / "sv_study" / "data_sv.txt"), "--preset", "cbioportal",
               "--out", str(tmp_path / "out")])
    assert rc == 0
    b = pd.read_csv(tmp_path / "out" / "biomarkers.tsv", sep="\t").set_index("sample_id")
    assert b.loc["NSCLC-S01", "ALK_fusion"] == True and b.loc["NSCLC-S01", "MDM2_status"] == "amplified"  # noqa: E712
    assert b.loc["NSCLC-S03", "ALK_fusion"] == False  # noqa: E712  (intragenic ALK event, reported)
    assert b.loc["NSCLC-S05", "MDM2_status"] == "not_assessed"  # in the SV file only
    pr = pd.read_csv(tmp_path / "out" / "problems.tsv", sep="\t")
    assert {4, 5, 8, 9} <= set(pr.line.dropna().astype(int))


def test_study_with_sv_and_fusions_file(tmp_path):
    import shutil

    from mdm2io.io.cbioportal import read_cbioportal_study

    study = tmp_path / "study"
    shutil.copytree(DATA / "sv_study", study)
    shutil.copy(DATA / "sv_fusions.txt", study / "data_fusions.txt")
    cohort, problems = read_cbioportal_study(study)
    assert any("fusions file not used" in p.message for p in problems)
    assert cohort.meta["genomics"]["fusions_samples"][0] == "NSCLC-S01"  # from case_lists/cases_sv.txt
    assert len(cohort.meta["genomics"]["fusions_samples"]) == 9
