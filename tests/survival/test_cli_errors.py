"""`mdm2io survival`: options that cannot be used are actionable errors (exit 1), not internal errors (exit 70)."""

import pytest

from mdm2io.cli import main
from mdm2io.datasets import load_imvigor210


@pytest.fixture(scope="module")
def imv(tmp_path_factory):
    d = tmp_path_factory.mktemp("imv") / "imv"
    assert main(["datasets", "export", "imvigor210", str(d)]) == 0
    return d


def _err(capsys, args):
    capsys.readouterr()
    rc = main(args)
    err = capsys.readouterr().err
    assert "internal error" not in err
    return rc, err


def test_landmark_beyond_the_longest_follow_up(imv, tmp_path, capsys):
    o = load_imvigor210().outcomes
    longest = o.loc[o.endpoint == "OS", "time_months"].max()  # from the dataset, not from the survival code
    rc, err = _err(capsys, ["survival", str(imv), "-g", "sex", "-e", "OS", "--landmark", "1000", "--out", str(tmp_path)])
    assert rc == 1
    assert "1000-month landmark" in err and f"longest follow-up {longest:.1f} months" in err and "Fix:" in err


def test_negative_landmark(imv, tmp_path, capsys):
    rc, err = _err(capsys, ["survival", str(imv), "-g", "sex", "-e", "OS", "--landmark=-3", "--out", str(tmp_path)])
    assert rc == 1 and "landmark -3 months" in err and ">= 0" in err


def test_event_and_censor_together(imv, tmp_path, capsys):
    rc, err = _err(capsys, ["survival", str(imv / "patients.tsv"), "-g", "sex", "--time", "t", "--event", "X",
                            "--censor", "X", "--out", str(tmp_path)])
    assert rc == 1 and "give --event or --censor, not both" in err and "Fix:" in err


def test_cutoff_on_a_text_grouping(imv, tmp_path, capsys):
    rc, err = _err(capsys, ["survival", str(imv), "-g", "sex", "-e", "OS", "--cutoff", "3", "--out", str(tmp_path)])
    assert rc == 1 and "--cutoff needs a numeric grouping; 'sex' has values female, male" in err


def test_endpoint_in_another_letter_case_is_pointed_out():
    """'os' in the outcomes table and -e OS: the message names the spelling the table uses."""
    import pytest

    from mdm2io.datasets import load_inspire
    from mdm2io.errors import InputError
    from mdm2io.survival import survival_data

    c = load_inspire()
    c.outcomes["endpoint"] = c.outcomes["endpoint"].str.lower()
    with pytest.raises(InputError) as e:
        survival_data(c, "sex", endpoint="OS")
    assert "spells it 'os'" in e.value.problem.fix
