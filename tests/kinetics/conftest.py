"""Hand-worked patients for the growth-metric and HPD tests (values computed by hand in the tests)."""

import pandas as pd
import pytest

from mdm2io.cohort import Cohort


def _rows(pid, days, sizes, **extra):
    d = {"patient_id": pid, "day": days, "sld_mm": sizes}
    d.update(extra)
    return pd.DataFrame(d)


@pytest.fixture
def hand_cohort():
    """A: grows fast on ICI (HPD by every definition); B: shrinking before ICI; C: no pre-baseline scan;
    D: zero SLD at baseline; E: A's scans shuffled with a duplicated day; F: PD-free slow growth."""
    nan = float("nan")
    a = _rows("A", [-56, -1, 30, 41], [40, 44, nan, 80], new_lesions=[nan, nan, nan, 2], new_organ=[nan, nan, nan, 1],
              ecog=[0, 0, 2, nan], sld_state=["measured", "measured", "not_evaluable", "measured"])
    b = _rows("B", [-60, -2, 40], [50, 45, 60])
    c = _rows("C", [-3, 42], [30, 45])
    d = _rows("D", [-50, -1, 40], [10, 0, 12])
    e = _rows("E", [41, -1, -56, -1], [80, 44, 40, 44])
    f = _rows("F", [-56, -1, 41], [40, 44, 46])
    scans = pd.concat([a, b, c, d, e, f], ignore_index=True)
    pts = pd.DataFrame({"patient_id": list("ABCDEF")})
    tx = pd.DataFrame({"patient_id": list("ABCDEF"), "agent": "nivolumab", "drug_class": "PD-1", "start_day": 0.0,
                       "stop_day": [50.0, 200, 200, 200, 50, 300]})
    return Cohort(patients=pts, scans=scans, treatments=tx)
