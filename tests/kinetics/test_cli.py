"""The `mdm2io kinetics` command: outputs and actionable errors."""

import pandas as pd
import pytest

from mdm2io.cli import main


def test_kinetics_command_writes_the_three_tables(tmp_path, capsys):
    scans = tmp_path / "scans.csv"
    scans.write_text("patient_id,date,sld_mm,ici_start\n"
                     "p1,2020-01-01,40,2020-02-01\np1,2020-01-30,50,2020-02-01\np1,2020-03-10,80,2020-02-01\n"
                     "p2,2020-01-30,50,2020-02-01\np2,2020-03-10,NOT EVALUABLE,2020-02-01\n".replace("NOT EVALUABLE", ""))
    out = tmp_path / "out"
    assert main(["kinetics", str(scans), "--treatment-start-column", "ici_start", "--out", str(out)]) == 0
    k = pd.read_csv(out / "kinetics.tsv", sep="\t")
    h = pd.read_csv(out / "hpd.tsv", sep="\t")
    g = pd.read_csv(out / "growth_fits.tsv", sep="\t")
    assert list(k.patient_id) == ["p1", "p2"]
    assert {"tgr_ref_pct_per_month", "tgr_exp_pct_per_month", "delta_tgr_pct_per_month", "tgk_ratio",
            "best_overall_response"} <= set(k.columns)
    assert k.loc[0, "baseline_day"] == -2 and k.loc[0, "prebaseline_day"] == -31
    assert list(h.columns) == ["patient_id", "definition", "label", "reason"] and len(h) == 16
    assert h.set_index(["patient_id", "definition"]).loc[("p1", "ferrara2018"), "label"] == "HPD"
    assert {"selected_model", "g_per_day", "d_per_day", "phi", "g_se_per_day"} <= set(g.columns)
    u = pd.read_csv(out / "unused_scan_rows.tsv", sep="\t")
    assert u.reason.tolist() == ["no sld_mm value"]


def test_bad_value_names_file_line_column(tmp_path, capsys):
    scans = tmp_path / "scans.csv"
    scans.write_text("patient_id,day,sld_mm\np1,-2,40\np1,40,abc\n")
    assert main(["kinetics", str(scans), "--out", str(tmp_path / "o")]) == 1
    err = capsys.readouterr().err
    assert "scans.csv, line 3, column 'sld_mm'" in err and "Fix:" in err


def test_inconsistent_treatment_start(tmp_path, capsys):
    scans = tmp_path / "scans.csv"
    scans.write_text("patient_id,day,sld_mm,start\np1,-2,40,0\np1,40,50,7\n")
    assert main(["kinetics", str(scans), "--treatment-start-column", "start", "--out", str(tmp_path / "o")]) == 1
    err = capsys.readouterr().err
    assert "line 3" in err and "different treatment starts" in err


def test_bundled_dataset_by_name(tmp_path):
    assert main(["kinetics", "tumgr_sample", "--out", str(tmp_path / "o")]) == 0
    g = pd.read_csv(tmp_path / "o" / "growth_fits.tsv", sep="\t", dtype={"patient_id": str})
    assert g.set_index("patient_id").loc["10004", "selected_model"] == "gd"


def test_treatments_file_with_dates_gives_ttf(tmp_path):
    (tmp_path / "s.csv").write_text("patient_id,date,sld_mm\np1,2020-01-01,40\np1,2020-01-30,50\np1,2020-03-10,80\n")
    (tmp_path / "t.tsv").write_text("patient_id\tagent\tdrug_class\tstart_date\tstop_date\n"
                                    "p1\tnivolumab\tPD-1\t2020-02-01\t2020-03-20\n")
    out = tmp_path / "o"
    assert main(["kinetics", str(tmp_path / "s.csv"), "--treatments", str(tmp_path / "t.tsv"), "--out", str(out)]) == 0
    k = pd.read_csv(out / "kinetics.tsv", sep="\t").iloc[0]
    assert k.baseline_day == -2 and k.first_eval_day == 38
    assert k.ttf_months == pytest.approx(48 * 12 / 365.25, rel=1e-3)
    h = pd.read_csv(out / "hpd.tsv", sep="\t").set_index("definition")
    # Kato 2017: TTF 1.6 months and +60 %, but pace 48 vs 26 %/month = 1.83-fold: not HPD
    assert h.loc["kato2017", "label"] == "not HPD"
    assert "progression pace" in h.loc["kato2017", "reason"]


def test_dates_without_treatment_start_is_an_actionable_error(tmp_path, capsys):
    (tmp_path / "s.csv").write_text("patient_id,date,sld_mm\np1,2020-01-01,40\n")
    assert main(["kinetics", str(tmp_path / "s.csv"), "--out", str(tmp_path / "o")]) == 1
    err = capsys.readouterr().err
    assert "no treatment start" in err and "--treatments" in err


def test_lesion_problems_written_by_the_command(tmp_path, capsys):
    folder = tmp_path / "cohort"
    folder.mkdir()
    (folder / "patients.tsv").write_text("patient_id\np1\n")
    (folder / "lesions.tsv").write_text("patient_id\tday\tlesion_id\torgan\tis_node\tdiameter_mm\trole\tstatus\n"
                                        "p1\t-1\tL1\tliver\t0\t30\ttarget\t\np1\t-1\tN1\thilum\t1\t12\ttarget\t\n"
                                        "p1\t42\tL1\tliver\t0\t30\ttarget\t\np1\t42\tN1\thilum\t1\t12\ttarget\t\n")
    out = tmp_path / "out"
    assert main(["kinetics", str(folder), "--out", str(out), "--measurability", "enforce"]) == 0
    p = pd.read_csv(out / "lesion_problems.tsv", sep="\t")
    # N1 (12 mm node, < 15 mm) at data line 3 of lesions.tsv = 1-based data row 2
    assert p[["lesion_id", "row", "action"]].values.tolist() == [["N1", 2, "counted as non-target"]]
    assert "1 lesion rows break RECIST 1.1 target rules" in capsys.readouterr().out


def test_cli_writes_full_metrics_and_responses(tmp_path):
    """growth_metrics.tsv and responses.tsv carry every column of the public functions, row for row."""
    from mdm2io.cli import main
    from mdm2io.datasets import load_inspire
    from mdm2io.kinetics import growth_metrics, recist_responses

    assert main(["kinetics", "inspire", "--out", str(tmp_path / "o")]) == 0
    g = pd.read_csv(tmp_path / "o" / "growth_metrics.tsv", sep="\t", dtype={"patient_id": str})
    r = pd.read_csv(tmp_path / "o" / "responses.tsv", sep="\t", dtype={"patient_id": str})
    c = load_inspire()
    assert list(g.columns) == list(growth_metrics(c).columns) and len(g) == 94
    expected = recist_responses(c)
    assert list(r.columns) == list(expected.columns)
    assert r["best_overall_response"].tolist() == expected["best_overall_response"].tolist()


def test_same_day_duplicates_are_reported_not_dropped(tmp_path, capsys):
    # every input row is accounted for: 5 rows = 3 assessments + 2 reported rows
    scans = tmp_path / "scans.tsv"
    scans.write_text("patient_id\tday\tsld_mm\n"
                     "p1\t-2\t40\np1\t40\t50\np1\t-2\t40\np1\t40\t60\np1\t80\t70\n")
    out = tmp_path / "o"
    assert main(["kinetics", str(scans), "--out", str(out)]) == 0
    u = pd.read_csv(out / "unused_scan_rows.tsv", sep="\t")
    assert u[["row", "reason"]].values.tolist() == [
        [3, "duplicate of data row 1"],
        [4, "same patient and day as data row 2 but another sld_mm (60 vs 50); the first row is kept"]]
    k = pd.read_csv(out / "kinetics.tsv", sep="\t")
    assert k.loc[0, "size_first_eval"] == 50  # the first day-40 row
    assert "2 scan rows not used" in capsys.readouterr().out


@pytest.mark.parametrize("args, what", [(["--pval", "2"], "--pval 2"), (["--pval", "0"], "--pval 0"),
                                        (["--max-baseline-days-before=-5"], "--max-baseline-days-before -5"),
                                        (["--matos-max-first-eval-days=-1"], "--matos-max-first-eval-days -1")])
def test_option_ranges(tmp_path, capsys, args, what):
    scans = tmp_path / "scans.tsv"
    scans.write_text("patient_id\tday\tsld_mm\np1\t-2\t40\np1\t40\t50\n")
    assert main(["kinetics", str(scans), *args, "--out", str(tmp_path / "o")]) == 1
    err = capsys.readouterr().err
    assert what in err and "Fix:" in err and "internal error" not in err
    assert not (tmp_path / "o").exists()
