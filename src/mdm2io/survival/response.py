"""Response and event-rate tables per group: exact CIs and Fisher's exact test.

Objective response rate (ORR) = (CR + PR) / patients assessed and disease-control rate
(DCR) = (CR + PR + SD) / patients assessed, from RECIST 1.1 best overall response (Eisenhauer
et al., Eur J Cancer 2009;45:228–247, doi:10.1016/j.ejca.2008.10.026). Patients whose response
is not evaluable (NE) stay in the denominator as non-responders by default, as trial reports do
(``include_not_evaluable=False`` drops them instead, and the table says how many). Rates carry
exact Clopper–Pearson CIs (Clopper & Pearson, Biometrika 1934;26:404–413,
doi:10.1093/biomet/26.4.404) and two groups are compared by Fisher's exact test (two-sided),
as R's ``binom.test`` and ``fisher.test``.

:func:`rate_table` does the same for any yes/no flag per patient, e.g. hyperprogression labels
of :mod:`mdm2io.kinetics` or early progression.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.stats import binomtest, fisher_exact

from ..errors import InputError
from .data import _normalise_level, _order_levels

__all__ = ["rate_table", "response_table", "clopper_pearson", "hpd_rate_table"]

_RESPONDER = {"ORR": ("CR", "PR"), "DCR": ("CR", "PR", "SD")}


def clopper_pearson(x: int, n: int, alpha: float = 0.05) -> tuple[float, float]:
    """Exact (Clopper–Pearson) confidence interval of a proportion x/n.

    Examples
    --------
    >>> [round(v, 4) for v in clopper_pearson(3, 21)]
    [0.0305, 0.3634]
    """
    if n == 0:
        return float("nan"), float("nan")
    ci = binomtest(int(x), int(n)).proportion_ci(confidence_level=1 - alpha, method="exact")
    return float(ci.low), float(ci.high)


def rate_table(flag: pd.Series, group: pd.Series, *, reference=None, name: str = "rate", alpha: float = 0.05) -> dict:
    """Proportion of patients with ``flag`` true in each group, exact CIs, Fisher test for two groups.

    Parameters
    ----------
    flag : Series of bool (index patient_id); missing values are dropped and counted
    group : Series (index patient_id)
    reference : optional reference level (default as :func:`~mdm2io.survival.survival_data`)
    name : label of the rate

    Returns
    -------
    dict
        ``table`` (per group: ``n``, ``x``, ``rate``, ``ci_low``, ``ci_high``), ``fisher_p`` and
        ``odds_ratio`` (two groups only; conditional MLE differs from scipy's sample odds ratio, so
        only the p-value is the test), ``n_missing``.

    Examples
    --------
    >>> import pandas as pd
    >>> f = pd.Series([True, False, True, False, False, True]); g = pd.Series(["a", "a", "a", "b", "b", "b"])
    >>> r = rate_table(f, g)
    >>> r["table"]["x"].tolist(), round(r["fisher_p"], 3)
    ([2, 1], 1.0)
    """
    all_levels = group.map(_normalise_level)
    g = all_levels.reindex(flag.index)
    ok = flag.notna() & g.notna()
    f, g = flag[ok].astype(bool), g[ok]
    # every group gets a row, even one without any assessable patient (n = 0)
    levels = _order_levels(all_levels, reference, "grouping", str(group.name or "group"))
    rows = []
    for lv in levels:
        m = (g == lv).to_numpy()
        n, x = int(m.sum()), int(f[m].sum())
        lo, hi = clopper_pearson(x, n, alpha)
        rows.append({"group": lv, "n": n, "x": x, "rate": x / n if n else float("nan"), "ci_low": lo, "ci_high": hi})
    table = pd.DataFrame(rows).set_index("group")
    out = {"name": name, "table": table, "fisher_p": float("nan"), "odds_ratio": float("nan"),
           "n_missing": int((~ok).sum())}
    if len(levels) == 2 and (table.n > 0).all():
        tab = np.array([[table.n.iloc[i] - table.x.iloc[i], table.x.iloc[i]] for i in range(2)])
        res = fisher_exact(tab)
        out["fisher_p"], out["odds_ratio"] = float(res.pvalue), float(res.statistic)
    return out


def response_table(patients: pd.DataFrame, group: pd.Series, *, response_col: str = "best_overall_response",
                   include_not_evaluable: bool = True, reference=None, alpha: float = 0.05) -> dict:
    """ORR and DCR per group from RECIST best overall response (CR/PR/SD/PD/NE).

    Parameters
    ----------
    patients : DataFrame with ``patient_id`` and ``response_col``
    group : Series indexed by patient_id
    include_not_evaluable : bool
        Count NE as non-responders (default) or drop them.

    Returns
    -------
    dict
        ``{"ORR": rate_table(...), "DCR": rate_table(...), "n_not_evaluable": int}``.

    Examples
    --------
    >>> from mdm2io.datasets import load_imvigor210
    >>> from mdm2io.survival import source_amplification_status
    >>> c = load_imvigor210()
    >>> g = source_amplification_status(c).set_index("patient_id")["MDM2_amplified"]
    >>> r = response_table(c.patients, g)
    >>> r["ORR"]["table"].loc["True", ["n", "x"]].astype(int).tolist()
    [21, 8]
    """
    if response_col not in patients.columns:
        raise InputError(f"no response column {response_col!r} in the patients table", column=response_col,
                         expected="RECIST best overall response CR/PR/SD/PD/NE",
                         fix="name the column holding best overall response")
    bor = patients.set_index(patients["patient_id"].astype(str))[response_col].astype("string").str.upper()
    unknown = sorted(set(bor.dropna()) - {"CR", "PR", "SD", "PD", "NE"})
    if unknown:
        raise InputError(f"unknown response values {unknown} in column {response_col!r}", column=response_col,
                         expected="CR, PR, SD, PD or NE", fix="recode responses to RECIST categories")
    n_ne = int((bor == "NE").sum())
    if not include_not_evaluable:
        bor = bor[bor != "NE"]
    group = group.copy()
    group.index = group.index.astype(str)
    out = {"n_not_evaluable": n_ne, "not_evaluable_counted_as_non_response": include_not_evaluable}
    for name, yes in _RESPONDER.items():
        flag = bor.isin(yes).where(bor.notna())
        out[name] = rate_table(flag, group.reindex(flag.index), reference=reference, name=name, alpha=alpha)
    return out


def hpd_rate_table(labels: pd.DataFrame, group: pd.Series, *, reference=None, alpha: float = 0.05) -> pd.DataFrame:
    """HPD rate per group under every HPD definition, with exact CIs and Fisher's test.

    Parameters
    ----------
    labels : DataFrame
        Long table ``patient_id``, ``definition``, ``label`` (``"HPD"``, ``"not HPD"`` or
        ``"not evaluable"``), as :func:`mdm2io.kinetics.hpd_labels` returns. Not-evaluable
        patients are left out of the denominator and counted in ``n_not_evaluable``.
    group : Series indexed by patient_id

    Returns
    -------
    DataFrame
        One row per definition and group: ``n``, ``x`` (HPD), ``rate``, ``ci_low``, ``ci_high``,
        ``fisher_p`` (same for both groups of a definition), ``n_not_evaluable`` (per group).

    Examples
    --------
    >>> import pandas as pd
    >>> lab = pd.DataFrame({"patient_id": list("abcdef"), "definition": "champiat2017",
    ...                     "label": ["HPD", "not HPD", "not HPD", "HPD", "HPD", "not evaluable"]})
    >>> g = pd.Series([0, 0, 0, 1, 1, 1], index=list("abcdef"))
    >>> hpd_rate_table(lab, g)[["group", "n", "x"]].values.tolist()
    [['0', 3, 1], ['1', 2, 2]]
    """
    missing = {"patient_id", "definition", "label"} - set(labels.columns)
    if missing:
        raise InputError(f"HPD label table lacks column(s) {sorted(missing)}", expected="patient_id, definition, label",
                         fix="pass the table returned by mdm2io.kinetics.hpd_labels")
    group = group.copy()
    group.index = group.index.astype(str)
    rows = []
    for definition, sub in labels.groupby("definition", sort=True):
        sub = sub.drop_duplicates("patient_id").set_index(sub["patient_id"].astype(str).to_numpy())
        evaluable = sub["label"].isin(["HPD", "not HPD"])
        flag = (sub["label"] == "HPD").where(evaluable)
        g = group.reindex(flag.index)
        r = rate_table(flag, group, reference=reference, name=f"HPD ({definition})", alpha=alpha)
        t = r["table"].reset_index()
        t.insert(0, "definition", definition)
        t["fisher_p"] = r["fisher_p"]
        ne = (~evaluable & g.notna()).groupby(g.map(_normalise_level)).sum()
        t["n_not_evaluable"] = t["group"].map(ne).fillna(0).astype(int)
        rows.append(t)
    cols = ["definition", "group", "n", "x", "rate", "ci_low", "ci_high", "fisher_p", "n_not_evaluable"]
    return pd.concat(rows, ignore_index=True)[cols] if rows else pd.DataFrame(columns=cols)
