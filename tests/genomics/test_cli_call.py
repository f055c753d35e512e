"""`mdm2io call` end to end: bundled data, combined inputs, and an actionable error."""

import pandas as pd

from mdm2io.cli import main


def test_call_dataset(tmp_path, capsys):
    assert main(["call", "--dataset", "imvigor210", "--preset", "foundation", "--gene-calls", "--out", str(tmp_path)]) == 0
    b = pd.read_csv(tmp_path / "biomarkers.tsv", sep="\t")
    assert len(b) == 293 and (b.MDM2_status == "amplified").sum() == 25 and (b.MDM4_status == "amplified").sum() == 0
    g = pd.read_csv(tmp_path / "gene_calls.tsv", sep="\t")
    assert len(g) == 293 * 11 and "rule" not in g.columns
    assert "Frampton 2013" in (tmp_path / "rules.txt").read_text()
    assert "MDM2: amplified 25" in capsys.readouterr().out


def test_call_files(tmp_path):
    (tmp_path / "data_CNA.txt").write_text("Hugo_Symbol\tS1\tS2\nMDM2\t2\t0\nCDK4\t2\t0\nTP53\t0\t0\n")
    (tmp_path / "m.maf").write_text("Hugo_Symbol\tTumor_Sample_Barcode\tHGVSp_Short\tVariant_Classification\n"
                                    "TP53\tS2\tp.R248W\tMissense_Mutation\nKRAS\tS1\tp.G12D\tMissense_Mutation\n")
    out = tmp_path / "out"
    rc = main(["call", str(tmp_path / "data_CNA.txt"), str(tmp_path / "m.maf"), "--preset", "cbioportal",
               "--panel-size-mb", "0.5", "--out", str(out)])
    assert rc == 0
    b = pd.read_csv(out / "biomarkers.tsv", sep="\t").set_index("sample_id")
    assert b.MDM2_CDK4_coamplified.tolist() == [True, False]
    assert b.TP53_status.tolist() == ["wild_type", "mutated"]  # both samples are in the MAF
    assert b.tmb_per_mb.tolist() == [2.0, 2.0] and b.tmb_source.str.startswith("computed: 1 variants / 0.5 Mb").all()


def test_call_bad_input_is_a_plain_message(tmp_path, capsys):
    (tmp_path / "bad.maf").write_text("Hugo_Symbl\tTumor_Sample_Barcode\tVariant_Classification\nTP53\tS1\tSilent\n")
    assert main(["call", str(tmp_path / "bad.maf"), "--out", str(tmp_path / "o")]) == 1
    err = capsys.readouterr().err
    assert "bad.maf, line 1, column 'Hugo_Symbol'" in err and "did you mean 'Hugo_Symbl'" in err
    assert "Traceback" not in err


def test_call_cohort_folder(tmp_path):
    from mdm2io.datasets import load_imvigor210

    folder = load_imvigor210().write(tmp_path / "imv")
    assert main(["call", str(folder), "--preset", "mantra2", "--out", str(tmp_path / "o")]) == 0
    b = pd.read_csv(tmp_path / "o" / "biomarkers.tsv", sep="\t")
    assert (b.MDM2_status == "amplified").sum() == 22
    assert not (tmp_path / "o" / "gene_calls.tsv").exists()  # only with --gene-calls
