"""Response and event-rate tables per group: exact CIs and Fisher's exact test.

Objective response rate (ORR) = (CR + PR) / patients assessed and disease-control rate
(DCR) = (CR + PR + SD) / patients assessed, from RECIST 1.1 best overall response (Eisenhauer
et al., Eur J Cancer 2009;45:228–247, doi:10.1016/j.ejca.2008.10.026). Patients whose response
is not evaluable (NE) stay in the denominator as non-responders by default, as trial reports do
(``include_not_evaluable=False`` drops them instead, and the table says how many). Rates carry
exact Clopper–Pearson CIs (Clopper & Pearson, Biometrika 1934;26:404–413,
doi:10.1093/biomet/26.4.404) and the groups are compared by Fisher's exact test (two-sided),
as R's ``binom.test`` and ``fisher.test``:

The test is chosen by the number of groups with at least one assessable patient (an empty group
adds nothing to the table; it keeps its row):

* fewer than two: no test (``fisher_test`` says so and why);
* two: scipy's 2×2 ``fisher_exact`` (Fisher 1935), with its odds ratio;
* three or more: the Freeman–Halton extension to r×2 tables (Freeman & Halton,
  Biometrika 1951;38:141–149), p = sum of the hypergeometric probabilities
  prod_i C(n_i, x_i) / C(N, X) of all tables with the observed margins that are no more
  probable than the observed one (relative tolerance 1e-7, as R). scipy (1.17) offers only a
  Monte Carlo or permutation p-value for tables other than 2×2, so :func:`fisher_exact_rxc`
  computes it exactly, as a network over the groups (Mehta & Patel, J Am Stat Assoc
  1983;78:427–434, doi:10.1080/01621459.1983.10477989, the algorithm behind R's ``fisher.test``): partial tables reaching the same
  node with the same probability are merged, and exact upper/lower bounds of the remaining
  log-probability (dynamic programming) let whole sub-trees be counted at once (their total by
  Vandermonde's identity) or skipped. Where that would exceed its budget (many groups of many
  patients) the p-value is Monte Carlo (scipy, 100 000 random tables with the observed
  margins, fixed seed; as R's ``simulate.p.value``) and ``fisher_test`` says so.

:func:`rate_table` does the same for any yes/no flag per patient, e.g. hyperprogression labels
of :mod:`mdm2io.kinetics` or early progression.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.stats import MonteCarloMethod, binomtest, fisher_exact

from ..errors import InputError
from .data import _normalise_level, _order_levels

__all__ = ["rate_table", "response_table", "clopper_pearson", "hpd_rate_table", "fisher_exact_rxc",
           "FISHER_2X2", "FISHER_RXC", "FISHER_RXC_MC", "TableTooLarge"]

#: Names of the tests, as written in the outputs (``fisher_test``).
FISHER_2X2 = "Fisher's exact test (2x2, two-sided)"
FISHER_RXC = "Fisher-Freeman-Halton exact test (r x 2)"
FISHER_RXC_MC = "Fisher-Freeman-Halton test (r x 2), Monte Carlo p-value from 100000 tables (seed 0)"

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


class TableTooLarge(ValueError):
    """The exact r×2 enumeration would exceed its budget (use a Monte Carlo p-value instead)."""


def fisher_exact_rxc(table, *, max_nodes: int = 200_000) -> float:
    """Exact two-sided p-value of Fisher's test on an r×2 (or 2×c) table (Freeman–Halton).

    Equals R's ``fisher.test(table)$p.value``; for a 2×2 table it equals the usual Fisher test.

    Parameters
    ----------
    table : array-like of int, shape (r, 2) or (2, c)
        Counts, e.g. one row per group with (non-responders, responders).
    max_nodes : int
        Budget of open partial tables per stage; beyond it :class:`TableTooLarge` is raised
        (as R's ``fisher.test`` stops with a workspace error and suggests ``simulate.p.value``).
        Three or four groups of a few hundred patients take milliseconds; six groups of ~70
        patients may exceed it.

    Returns
    -------
    float

    Examples
    --------
    >>> round(fisher_exact_rxc([[3, 5], [7, 2], [1, 6]]), 6)   # R fisher.test: 0.04267062
    0.042671
    >>> fisher_exact_rxc([[3, 7, 1], [5, 2, 6]]) == fisher_exact_rxc([[3, 5], [7, 2], [1, 6]])
    True
    """
    from scipy.special import gammaln

    t = np.asarray(table)
    if t.ndim != 2 or (t < 0).any() or not np.all(np.equal(np.mod(t, 1), 0)):
        raise ValueError("table must be a 2-D array of non-negative integer counts")
    t = t.astype(np.int64)
    if t.shape[1] != 2 and t.shape[0] == 2:
        t = t.T
    if t.shape[1] != 2:
        raise ValueError(f"only r x 2 or 2 x c tables are supported, got {t.shape[0]} x {t.shape[1]}")
    t = t[t.sum(1) > 0]  # an empty group has a single configuration: it changes nothing
    n, x_obs = t.sum(1), t[:, 1]
    k, big_x, big_n = len(n), int(x_obs.sum()), int(n.sum())
    if k < 2 or big_x in (0, big_n):
        return 1.0

    def logc(a, b):
        return gammaln(a + 1) - gammaln(b + 1) - gammaln(a - b + 1)

    lc = [logc(float(ni), np.arange(ni + 1, dtype=float)) for ni in n]
    suffix = np.concatenate([np.cumsum(n[::-1])[::-1], [0]])  # patients in groups i..k-1
    # hi[i][r], lo[i][r]: max / min of sum_j>=i log C(n_j, x_j) over x_j with sum r (-inf/+inf: infeasible)
    hi = [None] * (k + 1)
    lo = [None] * (k + 1)
    hi[k] = np.full(big_x + 1, -np.inf)
    hi[k][0] = 0.0
    lo[k] = np.full(big_x + 1, np.inf)
    lo[k][0] = 0.0
    for i in range(k - 1, -1, -1):
        h = np.full(big_x + 1, -np.inf)
        m = np.full(big_x + 1, np.inf)
        for x in range(min(int(n[i]), big_x) + 1):
            h[x:] = np.maximum(h[x:], lc[i][x] + hi[i + 1][:big_x + 1 - x])
            m[x:] = np.minimum(m[x:], lc[i][x] + lo[i + 1][:big_x + 1 - x])
        hi[i], lo[i] = h, m
    log_denom = float(logc(float(big_n), float(big_x)))
    threshold = float(sum(lc[i][x_obs[i]] for i in range(k))) + np.log1p(1e-7)
    # stage by stage over groups; a node is (remaining responders, log-probability so far) with the
    # number of paths reaching it (paths with equal value are merged, as in the network algorithm)
    rem = np.array([big_x])
    past = np.array([0.0])
    mult = np.array([1.0])
    p = 0.0
    for i in range(k):
        all_in = past + hi[i][rem] <= threshold
        none_in = past + lo[i][rem] > threshold
        if all_in.any():  # every completion is as extreme as observed: the whole sub-tree, by Vandermonde
            r = rem[all_in]
            p += float(np.sum(mult[all_in] * np.exp(past[all_in] + logc(float(suffix[i]), r.astype(float)) - log_denom)))
        keep = ~(all_in | none_in)
        rem, past, mult = rem[keep], past[keep], mult[keep]
        if not len(rem) or i == k - 1:
            break
        lo_x = np.maximum(0, rem - int(suffix[i + 1]))
        hi_x = np.minimum(int(n[i]), rem)
        width = hi_x - lo_x + 1
        node = np.repeat(np.arange(len(rem)), width)
        x = np.arange(int(width.sum())) - np.repeat(np.cumsum(width) - width, width) + np.repeat(lo_x, width)
        if len(node) > max_nodes:
            raise TableTooLarge(f"exact Freeman-Halton enumeration needs more than {max_nodes} partial tables")
        rem, past, mult = rem[node] - x, past[node] + lc[i][x], mult[node]
        key = np.round(past, 9)
        _, first, inv = np.unique(np.stack([rem.astype(float), key]), axis=1, return_index=True, return_inverse=True)
        mult = np.bincount(inv.ravel(), weights=mult)
        rem, past = rem[first], past[first]
    return float(min(1.0, p))


def rate_table(flag: pd.Series, group: pd.Series, *, reference=None, name: str = "rate", alpha: float = 0.05) -> dict:
    """Proportion of patients with ``flag`` true in each group, exact CIs and Fisher's exact test.

    Parameters
    ----------
    flag : Series of bool (index patient_id); missing values are dropped and counted
    group : Series (index patient_id)
    reference : optional reference level (default as :func:`~mdm2io.survival.survival_data`)
    name : label of the rate

    Returns
    -------
    dict
        ``table`` (per group: ``n``, ``x``, ``rate``, ``ci_low``, ``ci_high``; every level gets a row,
        ``n = 0`` when none of its patients is assessable), ``fisher_p``, ``fisher_test`` (which
        test, chosen by the number of groups with ``n > 0``: :data:`FISHER_2X2` for two,
        :data:`FISHER_RXC` (Freeman–Halton, :func:`fisher_exact_rxc`) for three or more,
        :data:`FISHER_RXC_MC` when that table is too large to enumerate, and for fewer than two
        ``"no test: ..."`` with the reason), ``tested_groups`` (the groups compared),
        ``odds_ratio`` (2×2 only: scipy's sample odds ratio of the second tested group over the
        first; R's ``fisher.test`` reports the conditional MLE instead, so only the p-value
        matches R), ``n_missing``.

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
    out = {"name": name, "table": table, "fisher_p": float("nan"), "fisher_test": None, "odds_ratio": float("nan"),
           "tested_groups": [], "n_missing": int((~ok).sum())}
    out.update(_fisher_by_group(table))
    return out


def _fisher_by_group(table: pd.DataFrame) -> dict:
    """Fisher's exact test of a per-group yes/no table, chosen by the number of NON-EMPTY groups.

    The one rule every rate table of this module follows: groups with no assessable patient
    (``n == 0``) have a single configuration and carry no information, so they are left out
    before the test is chosen (as R's ``fisher.test`` on the table without its empty rows):

    * exactly two non-empty groups: the 2×2 test (:data:`FISHER_2X2`) with its odds ratio,
      odds of ``x`` in the second tested group over the first (level order, reference first);
    * three or more: Freeman–Halton (:data:`FISHER_RXC`, or :data:`FISHER_RXC_MC` when too large);
    * fewer than two: no test; ``fisher_test`` states why (``fisher_p`` and ``odds_ratio`` NaN).

    Parameters
    ----------
    table : DataFrame
        Index = group, columns ``n`` (patients assessed) and ``x`` (patients with the flag).

    Returns
    -------
    dict
        ``fisher_p``, ``fisher_test`` (always a string), ``odds_ratio`` (2×2 only, else NaN),
        ``tested_groups`` (the non-empty groups the test compared).

    Examples
    --------
    >>> import pandas as pd
    >>> t = pd.DataFrame({"n": [0, 10, 10], "x": [0, 7, 2]}, index=["a", "b", "c"])
    >>> r = _fisher_by_group(t)
    >>> r["fisher_test"] == FISHER_2X2, r["tested_groups"], round(r["fisher_p"], 4)   # R: 0.06978
    (True, ['b', 'c'], 0.0698)
    >>> _fisher_by_group(t.iloc[:2])["fisher_test"]
    'no test: fewer than two groups with assessable patients (1 of 2)'
    """
    nonempty = table[table["n"] > 0]
    tab = np.column_stack([nonempty["n"] - nonempty["x"], nonempty["x"]]).astype(np.int64)
    out = {"fisher_p": float("nan"), "fisher_test": None, "odds_ratio": float("nan"),
           "tested_groups": [str(g) for g in nonempty.index]}
    if len(nonempty) < 2:
        out["fisher_test"] = (f"no test: fewer than two groups with assessable patients "
                              f"({len(nonempty)} of {len(table)})")
        out["tested_groups"] = []
    elif len(nonempty) == 2:
        res = fisher_exact(tab)
        out["fisher_p"], out["odds_ratio"] = float(res.pvalue), float(res.statistic)
        out["fisher_test"] = FISHER_2X2
    else:
        try:
            out["fisher_p"], out["fisher_test"] = fisher_exact_rxc(tab), FISHER_RXC
        except TableTooLarge:  # as R's simulate.p.value: random tables with the observed margins
            res = fisher_exact(tab, method=MonteCarloMethod(n_resamples=100_000, rng=np.random.default_rng(0)))
            out["fisher_p"], out["fisher_test"] = float(res.pvalue), FISHER_RXC_MC
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
        ``fisher_p`` (same for all groups of a definition), ``n_not_evaluable`` (per group) and
        ``fisher_test`` (which test gave ``fisher_p``, see :func:`rate_table`).

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
        t["fisher_test"] = r["fisher_test"]
        ne = (~evaluable & g.notna()).groupby(g.map(_normalise_level)).sum()
        t["n_not_evaluable"] = t["group"].map(ne).fillna(0).astype(int)
        rows.append(t)
    cols = ["definition", "group", "n", "x", "rate", "ci_low", "ci_high", "fisher_p", "n_not_evaluable", "fisher_test"]
    return pd.concat(rows, ignore_index=True)[cols] if rows else pd.DataFrame(columns=cols)
