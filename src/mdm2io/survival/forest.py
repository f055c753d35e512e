"""Subgroup forest tables: treatment hazard ratio overall and within each biomarker group.

The rows are the separate-subgroup Cox models of
:func:`~mdm2io.survival.interaction.treatment_interaction`; the interaction p-value printed
under the plot is the test of whether the treatment effect differs between groups (subgroup
CIs that overlap or not are not a test; Wang et al., N Engl J Med 2007;357:2189–2194,
doi:10.1056/NEJMsr077003).
"""

from __future__ import annotations

import pandas as pd

__all__ = ["forest_table"]


def forest_table(analysis) -> pd.DataFrame:
    """Rows "All patients" and one per group level: ``n``, ``events``, ``hr``, ``hr_ci_low``, ``hr_ci_high``, ``p``.

    Parameters
    ----------
    analysis : SurvivalAnalysis
        With a treatment (``compare_survival`` on data built with ``treatment=``).

    Examples
    --------
    >>> import numpy as np, pandas as pd
    >>> from mdm2io.survival import survival_data_from_frame, compare_survival
    >>> rng = np.random.default_rng(0)
    >>> df = pd.DataFrame({"t": rng.exponential(1, 80), "e": 1, "g": np.repeat([0, 1], 40), "arm": np.tile([0, 1], 40)})
    >>> a = compare_survival(survival_data_from_frame(df, time="t", event="e", group="g", treatment="arm"))
    >>> forest_table(a).index.tolist()
    ['All patients', 'g=0', 'g=1']
    """
    it = analysis.interaction
    if it is None:
        raise ValueError("forest_table needs an analysis with a treatment")
    t = it.treatment_by_group.copy()
    t.index = ["All patients"] + [analysis.label(lv) for lv in t.index[1:]]
    return t[["n", "events", "hr", "hr_ci_low", "hr_ci_high", "p", "estimable", "reason"]]
