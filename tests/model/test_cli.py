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
