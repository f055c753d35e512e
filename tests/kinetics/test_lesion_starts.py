"""scans_from_lesions with ``starts`` whose start_date is unknown (review round 2, finding 2).

For date-only lesion data, a patient without an ICI start date (treatments given as ``start_day``,
or no treatment rows: ``ici_start_stop`` gives ``start_date`` NaT) used to get NaN days, hence no
baseline, and every new lesion counted as a new organ. Now the start date is used when known, else
the first assessment stands in for the baseline, exactly as without ``starts``; expected values
come from that no-``starts`` path and from the RECIST 1.1 rule (a new lesion in an organ with a
lesion at baseline is not in a new organ; Lo Russo 2019 / Matos 2020 count it as involved-organ).
"""

import pandas as pd

from mdm2io.cohort import Cohort
from mdm2io.kinetics.series import ici_start_stop, scans_from_lesions

COLS = ["new_lesions", "new_organ", "new_lesions_involved_organ"]


def _lesions(pid="p"):
    # baseline 2020-01-01: lung and liver targets; 2020-02-15: a new lesion in the (involved) lung
    return pd.DataFrame({"patient_id": pid,
                         "date": pd.to_datetime(["2020-01-01", "2020-01-01", "2020-02-15", "2020-02-15", "2020-02-15"]),
                         "lesion_id": ["a", "b", "a", "b", "n"], "organ": ["lung", "liver", "lung", "liver", "lung"],
                         "diameter_mm": [20, 15, 25, 18, 8], "role": ["target"] * 4 + ["new"]})


def test_unknown_start_date_falls_back_to_the_no_starts_rule():
    les = _lesions()
    expected = scans_from_lesions(les)[COLS].values.tolist()
    assert expected == [[0.0, 0.0, 0.0], [1.0, 0.0, 1.0]]  # new lesion in the involved lung: not a new organ
    nat = pd.DataFrame({"patient_id": ["p"], "start_day": [0.0], "start_date": [pd.NaT]})
    assert scans_from_lesions(les, starts=nat)[COLS].values.tolist() == expected  # was [1.0, 1.0, 0.0]
    no_date_col = pd.DataFrame({"patient_id": ["p"], "start_day": [0.0]})
    assert scans_from_lesions(les, starts=no_date_col)[COLS].values.tolist() == expected
    known = pd.DataFrame({"patient_id": ["p"], "start_day": [0.0], "start_date": [pd.Timestamp("2020-01-05")]})
    assert scans_from_lesions(les, starts=known)[COLS].values.tolist() == expected


def test_start_date_per_patient():
    # p has a start date, q not (treatment given as start_day): both get their baseline
    les = pd.concat([_lesions("p"), _lesions("q")], ignore_index=True)
    tx = pd.DataFrame({"patient_id": ["p", "q"], "agent": "nivolumab", "drug_class": "PD-1",
                       "start_date": [pd.Timestamp("2020-01-05"), pd.NaT], "start_day": [float("nan"), 0.0]})
    c = Cohort(patients=pd.DataFrame({"patient_id": ["p", "q"]}), lesions=les, treatments=tx)
    s = scans_from_lesions(les, starts=ici_start_stop(c))
    assert s[["patient_id"] + COLS].values.tolist() == [
        ["p", 0.0, 0.0, 0.0], ["p", 1.0, 0.0, 1.0], ["q", 0.0, 0.0, 0.0], ["q", 1.0, 0.0, 1.0]]


def test_start_date_decides_the_baseline():
    # start 2020-01-10 between two pre-treatment assessments: the later one (2020-01-08, lung only) is the
    # baseline, so the liver is not involved and a new liver lesion is in a new organ
    les = pd.DataFrame({"patient_id": "p",
                        "date": pd.to_datetime(["2020-01-01", "2020-01-08", "2020-02-15", "2020-02-15"]),
                        "lesion_id": ["b", "a", "a", "n"], "organ": ["liver", "lung", "lung", "liver"],
                        "diameter_mm": [15, 20, 25, 8], "role": ["target", "target", "target", "new"]})
    known = pd.DataFrame({"patient_id": ["p"], "start_day": [0.0], "start_date": [pd.Timestamp("2020-01-10")]})
    assert scans_from_lesions(les, starts=known)[COLS].values.tolist()[-1] == [1.0, 1.0, 0.0]
    # without a start date the first assessment (liver) stands in for the baseline: liver involved
    nat = known.assign(start_date=pd.NaT)
    assert scans_from_lesions(les, starts=nat)[COLS].values.tolist()[-1] == [1.0, 0.0, 1.0]
