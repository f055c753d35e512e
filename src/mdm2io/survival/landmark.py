"""Landmark analysis: survival from a fixed time among patients still followed at that time.

Grouping patients by something that happens *during* follow-up (response, hyperprogression at
the first scan) gives the "responders" a guaranteed survival time and biases a naive comparison
(guarantee-time or immortal-time bias). The landmark method (Anderson, Cain & Gelber,
J Clin Oncol 1983;1:710–719, doi:10.1200/JCO.1983.1.11.710) fixes a landmark L, keeps only
patients with follow-up beyond L (``time_months > L``: alive and not censored by L), measures
time from L, and classifies them by what was known at L.

Choice documented here: patients whose event or censoring is exactly at L are excluded (they
have no follow-up after the landmark). With delayed entry, entry times are measured from L
too (entry before L becomes 0). The group must be determined by L; pass
``group_known_months`` (per patient, when the grouping became known) to exclude, with a reason,
patients classified after the landmark.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..errors import InputError
from .data import SurvivalData

__all__ = ["landmark_data"]


def landmark_data(data: SurvivalData, landmark_months: float, group_known_months: pd.Series | None = None) -> SurvivalData:
    """Restrict ``data`` to patients followed beyond ``landmark_months`` and restart the clock there.

    Parameters
    ----------
    data : SurvivalData
    landmark_months : float
    group_known_months : Series, optional
        Time (months, index patient_id) at which each patient's group became known; patients
        classified after the landmark are dropped.

    Returns
    -------
    SurvivalData
        Times are months since the landmark; ``dropped`` gains one row per excluded patient.

    Raises
    ------
    InputError
        For a negative landmark, or one at or beyond the longest follow-up (nobody left).

    Examples
    --------
    >>> import pandas as pd
    >>> from mdm2io.survival import survival_data_from_frame
    >>> sd = survival_data_from_frame(pd.DataFrame({"t": [1, 2, 5, 8], "e": [1, 0, 1, 0], "g": [0, 1, 0, 1]}),
    ...                               time="t", event="e", group="g")
    >>> lm = landmark_data(sd, 2)
    >>> lm.table.time_months.tolist(), lm.dropped.reason.tolist()
    ([3.0, 6.0], ['event or censoring at or before the 2-month landmark', 'event or censoring at or before the 2-month landmark'])
    """
    t = data.table
    if not np.isfinite(landmark_months) or landmark_months < 0:
        raise InputError(f"landmark {landmark_months:g} months is not a time after the start of follow-up",
                         expected="a number of months >= 0 (--landmark)",
                         fix="give the landmark in months since the start of follow-up, e.g. --landmark 3")
    longest = float(t["time_months"].max()) if len(t) else float("nan")
    if not longest > landmark_months:
        raise InputError(f"no patient of {data.endpoint} is followed beyond the {landmark_months:g}-month landmark "
                         f"(longest follow-up {longest:.1f} months)",
                         expected=f"a landmark shorter than the longest follow-up ({longest:.1f} months)",
                         fix="choose an earlier landmark (times are in months, not days)")
    keep = (t["time_months"] > landmark_months).to_numpy()
    reasons = [(pid, f"event or censoring at or before the {landmark_months:g}-month landmark")
               for pid in t.loc[~keep, "patient_id"]]
    if group_known_months is not None:
        known = t["patient_id"].map(group_known_months.rename(index=str)).to_numpy(float)
        late = keep & (np.isnan(known) | (known > landmark_months))
        reasons += [(pid, f"group not known by the {landmark_months:g}-month landmark") for pid in t.loc[late, "patient_id"]]
        keep &= ~late
    out = data.subset(keep)
    out.table["time_months"] = out.table["time_months"] - landmark_months
    if out.left_truncated:  # entered before the landmark: at risk from it; entered later: still delayed
        out.table["entry_months"] = np.maximum(out.table["entry_months"] - landmark_months, 0.0)
    out.dropped = pd.concat([data.dropped, pd.DataFrame(reasons, columns=["patient_id", "reason"])], ignore_index=True)
    out.endpoint = f"{data.endpoint} from {landmark_months:g}-month landmark"
    return out
