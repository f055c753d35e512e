"""CLI, report section, mechanism graph and the offline guarantee."""

import json
import socket
import xml.etree.ElementTree as ET

import pandas as pd
import pytest

from mdm2io.cli import main
from mdm2io.datasets import load_imvigor210
from mdm2io.knowledge import annotate, load_knowledge, mechanism_graph_json, write_annotations, write_graphml
from mdm2io.report import build_report


def test_cli_annotate_demo(tmp_path, capsys):
    assert main(["annotate", "--demo", "--out", str(tmp_path), "--pages", "relevant"]) == 0
    out = capsys.readouterr().out
    assert "annotated 293 samples" in out and load_knowledge().version in out
    assert (tmp_path / "annotations.tsv").exists() and (tmp_path / "trial_matches.tsv").exists()
    assert len(list((tmp_path / "patients").glob("*.html"))) >= 25


def test_cli_annotate_biomarker_tables_with_tumour_type_and_clinical(tmp_path, capsys):
    a = tmp_path / "a.tsv"
    a.write_text("sample_id\tTP53_status\tTP53_detail\tMDM2_status\tMDM2_cn\n"
                 "S1\twild_type\t\tamplified\t18\nS2\tmutated\tp.R248Q\tamplified\t12\n")
    b = tmp_path / "b.tsv"
    b.write_text("sample_id\tTP53_status\tMDM2_status\nS3\twild_type\tneutral\n")
    clin = tmp_path / "clin.tsv"
    clin.write_text("sample_id\tage_years\tecog\tanti_pd1_naive\nS1\t64\t1\tTrue\n")
    out = tmp_path / "out"
    assert main(["annotate", str(a), str(b), "--tumour-type", "bladder cancer", "--clinical", str(clin),
                 "--out", str(out)]) == 0
    t = pd.read_csv(out / "annotations.tsv", sep="\t", comment="#")
    assert sorted(t.SAMPLE_ID.unique()) == ["S1", "S2", "S3"]
    s1 = t[(t.SAMPLE_ID == "S1") & (t.HUGO_SYMBOL == "MDM2")].iloc[0]
    assert s1.MDM2I_ELIGIBLE == "candidate" and "EUCTR2022-001500-18:cohort4_urothelial_bladder (eligible)" in s1.TRIAL_MATCHES
    assert t[(t.SAMPLE_ID == "S2") & (t.HUGO_SYMBOL == "TP53")].iloc[0].MDM2I_REASON.startswith("TP53 p.R248Q")
    m = pd.read_csv(out / "trial_matches.tsv", sep="\t", comment="#")
    ia = m[(m.sample_id == "S1") & (m.cohort_id == "phase_Ia_any_solid")].iloc[0]
    assert ia.match == "eligible"  # age 64 and ECOG 1 from --clinical
    page = (out / "patients" / "S2.html").read_text()
    assert "not eligible: TP53 p.R248Q" in page


def test_cli_reports_bad_input_with_file_line_column(tmp_path, capsys):
    bad = tmp_path / "bad.tsv"
    bad.write_text("sample_id\tTP53_status\nS1\twild_type\nS2\tWT\n")
    assert main(["annotate", str(bad), "--out", str(tmp_path / "o")]) == 1
    err = capsys.readouterr().err
    assert "bad.tsv, line 3, column 'TP53_status'" in err and "Fix:" in err and "Traceback" not in err
    assert main(["annotate", str(bad), "--tumour-type", "martian cancer", "--out", str(tmp_path / "o")]) == 1
    assert main(["annotate", "--out", str(tmp_path / "o")]) == 1


def test_cli_knowledge_commands(tmp_path, capsys):
    assert main(["knowledge", "validate"]) == 0
    assert "OK: knowledge base" in capsys.readouterr().out
    assert main(["knowledge", "graph", str(tmp_path / "g.graphml")]) == 0
    assert main(["knowledge", "graph", str(tmp_path / "g.json")]) == 0
    assert json.loads((tmp_path / "g.json").read_text())["edges"]
    assert main(["knowledge", "trials"]) == 0
    assert "NCT04785196  [UNVERIFIED]" in capsys.readouterr().out


def test_mechanism_graph_contains_the_reviewed_interactions(tmp_path):
    g = mechanism_graph_json()
    edges = {(e["source"], e["target"], e["sign"], e["cell_context"]) for e in g["edges"]}
    for want in [("MDM2", "p53", -1, "tumour"), ("p53", "miR34", 1, "tumour"), ("miR34", "PDL1", -1, "tumour"),
                 ("MDM2", "NFATc2", -1, "CD4_T"), ("MDM2", "cCbl", -1, "CD8_T"), ("cCbl", "STAT5", -1, "CD8_T"),
                 ("p53", "ERV_dsRNA", 1, "tumour"), ("p53", "NKG2D_DNAM1_ligands", 1, "tumour->NK")]:
        assert want in edges
    assert all(e["citations"] for e in g["edges"])
    root = ET.parse(write_graphml(tmp_path / "m.graphml")).getroot()
    ns = {"g": "http://graphml.graphdrawing.org/xmlns"}
    assert len(root.findall(".//g:node", ns)) == len(g["nodes"])


def test_report_section_on_imvigor210(tmp_path):
    build_report(load_imvigor210(), tmp_path, sections=["annotations"])
    rep = json.loads((tmp_path / "report.json").read_text())
    s = rep["sections"]["annotations"]["summary"]
    assert s["kb_version"] == load_knowledge().version and s["n_samples"] == 293
    assert s["ici_resistance_markers"]["MDM2"] == s["n_mdm2i_candidates"] >= 20
    assert (tmp_path / "tables" / "annotations_trial_matches.tsv").exists()
    html = (tmp_path / "index.html").read_text()
    assert "MDM2-inhibitor candidates" in html and "patients/" in html


def test_runs_without_network(monkeypatch, tmp_path):
    def no_net(*a, **k):
        raise AssertionError("network access attempted")
    monkeypatch.setattr(socket, "socket", no_net)
    monkeypatch.setattr(socket, "create_connection", no_net)
    res = annotate(pd.DataFrame({"sample_id": ["s"], "TP53_status": ["wild_type"], "MDM2_status": ["amplified"]}),
                   tumour_type="LUAD")
    write_annotations(res, tmp_path)
    assert (tmp_path / "patients" / "s.html").exists()


def test_cli_annotate_combines_raw_genomic_inputs(tmp_path, capsys):
    cna = tmp_path / "data_CNA.txt"
    cna.write_text("Hugo_Symbol\tS1\tS2\tS3\nMDM2\t2\t0\t2\nTP53\t0\t-2\t0\nCDK4\t2\t0\t0\n")
    maf = tmp_path / "data_mutations.txt"
    maf.write_text("Hugo_Symbol\tTumor_Sample_Barcode\tVariant_Classification\tHGVSp_Short\tChromosome\t"
                   "Start_Position\tReference_Allele\tTumor_Seq_Allele2\n"
                   "TP53\tS3\tMissense_Mutation\tp.R248Q\t17\t7577538\tC\tT\n")
    out = tmp_path / "out"
    assert main(["annotate", str(cna), str(maf), "--tumour-type", "lung adenocarcinoma", "--out", str(out)]) == 0
    t = pd.read_csv(out / "annotations.tsv", sep="\t", comment="#").set_index(["SAMPLE_ID", "HUGO_SYMBOL"])
    assert t.loc[("S3", "MDM2"), "MDM2I_ELIGIBLE"] == "no"
    assert t.loc[("S3", "MDM2"), "MDM2I_REASON"].startswith("TP53 p.R248Q")
    assert t.loc[("S2", "TP53"), "ALTERATION"] == "Deletion"
    # S1: MDM2 amplified, but the MAF does not say S1 was sequenced for mutations -> TP53 unknown, not "wild-type"
    assert t.loc[("S1", "MDM2"), "MDM2I_ELIGIBLE"] == "unknown"
    assert "input_problems.tsv" in capsys.readouterr().err


def test_biomarker_tsv_from_mdm2io_call_round_trips(tmp_path):
    assert main(["call", "--dataset", "imvigor210", "--out", str(tmp_path / "calls")]) == 0
    out = tmp_path / "ann"
    assert main(["annotate", str(tmp_path / "calls" / "biomarkers.tsv"), "--out", str(out), "--pages", "none"]) == 0
    direct = annotate(load_imvigor210()).summary()
    from_file = json.loads((out / "annotations.json").read_text())["summary"]
    # tumour types are absent from the biomarker file, so only genomic counts are compared
    for k in ("n_samples", "n_samples_with_ici_resistance_marker", "ici_resistance_markers", "n_mdm2i_candidates"):
        assert from_file[k] == direct[k]


def test_cli_annotate_clinical_value_not_a_number(tmp_path, capsys):
    a = tmp_path / "a.tsv"
    a.write_text("sample_id\tTP53_status\tMDM2_status\nS1\twild_type\tamplified\nS2\twild_type\tneutral\n")
    clin = tmp_path / "clin.tsv"
    clin.write_text("sample_id\tage_years\tecog\nS1\t64\t1\nS2\t6O\t1\n")  # letter O, not zero
    assert main(["annotate", str(a), "--clinical", str(clin), "--out", str(tmp_path / "out")]) == 1
    err = capsys.readouterr().err
    assert "clin.tsv, line 3, column 'age_years': not a number: '6O'" in err and "Fix:" in err
    assert "internal error" not in err
