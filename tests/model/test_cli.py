"""CLI: `mdm2io simulate` and `mdm2io model sbml|parameters` are thin layers over the API."""

import json

import libsbml

from mdm2io.cli import main


def test_simulate_writes_cohort_and_report(tmp_path, capsys):
    rc = main(["simulate", "--n", "8", "--seed", "2", "--horizon-days", "84", "--out", str(tmp_path)])
    assert rc == 0
    rep = json.loads((tmp_path / "report" / "report.json").read_text())
    assert rep["sections"]["model"]["status"] == "ok"
    assert (tmp_path / "cohort" / "scans.tsv").exists()
    assert "report written to" in capsys.readouterr().out


def test_simulate_hpd_options(tmp_path, capsys):
    """The kinetics HPD options reach the virtual trial; a wrong policy is a plain error before simulating."""
    import pandas as pd

    rc = main(["simulate", "--n", "4", "--seed", "2", "--horizon-days", "84", "--out", str(tmp_path),
               "--hpd-definition", "matos2020", "--hpd-definition", "ferrara2018", "--nonpositive-reference", "not_hpd"])
    assert rc == 0
    pats = pd.read_csv(tmp_path / "cohort" / "patients.tsv", sep="\t")
    assert {"hpd_matos2020", "hpd_ferrara2018"} <= set(pats.columns) and "hpd_champiat2017" not in pats.columns
    capsys.readouterr()
    rc = main(["simulate", "--n", "4", "--out", str(tmp_path / "x"), "--nonpositive-reference", "never"])
    err = capsys.readouterr().err
    assert rc == 1 and "nonpositive_reference" in err and "Traceback" not in err


def test_simulate_bad_arm_is_a_plain_error(tmp_path, capsys):
    rc = main(["simulate", "--n", "8", "--out", str(tmp_path), "--arms", "x=pembrolizumab 200 mg q3 w"])
    err = capsys.readouterr().err
    assert rc == 1 and "error:" in err and "Traceback" not in err and "Fix:" in err


def test_model_sbml_and_parameters(tmp_path, capsys):
    out = tmp_path / "m.xml"
    assert main(["model", "sbml", str(out), "--regimen", "siremadlin 120 mg d1,d8 q28d", "--horizon-days", "56"]) == 0
    doc = libsbml.readSBMLFromFile(str(out))
    assert doc.getModel().getNumEvents() == 4 and doc.getModel().getTimeUnits() == "day"
    assert main(["model", "parameters"]) == 0
    assert "beta_p53" in capsys.readouterr().out


def test_simulate_and_sbml_numbers_checked_before_simulating(tmp_path, capsys):
    import time

    cases = [(["simulate", "--n", "4", "--scan-interval-days", "0"], "--scan-interval-days 0"),
             (["simulate", "--n", "4", "--horizon-days", "0"], "--horizon-days 0"),
             (["simulate", "--n", "4", "--jobs", "0"], "--jobs 0"),
             (["simulate", "--n", "4", "--hold-platelets=-1"], "--hold-platelets -1")]
    for args, what in cases:
        t0 = time.perf_counter()
        rc = main(args + ["--out", str(tmp_path / "o")])
        err = capsys.readouterr().err
        assert rc == 1 and what in err and "Fix:" in err and "internal error" not in err, (args, err)
        assert time.perf_counter() - t0 < 5  # up front, not after the simulation
        assert not (tmp_path / "o").exists()
    rc = main(["model", "sbml", str(tmp_path / "m.xml"), "--horizon-days=-10"])
    err = capsys.readouterr().err
    assert rc == 1 and "--horizon-days -10" in err and "Fix:" in err and not (tmp_path / "m.xml").exists()


def test_simulate_checks_the_output_path_before_simulating(tmp_path, capsys):
    """An --out that is an existing file is refused at once (it used to fail only after the simulation)."""
    import time

    from mdm2io.cli import main

    f = tmp_path / "afile"
    f.write_text("x")
    t0 = time.perf_counter()
    assert main(["simulate", "--n", "4", "--out", str(f)]) == 1
    assert time.perf_counter() - t0 < 5 and "the output path is an existing file" in capsys.readouterr().err
