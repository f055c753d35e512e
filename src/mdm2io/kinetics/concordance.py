"""Agreement between HPD definitions: incidence, pairwise Jaccard index and Cohen's kappa.

As in Kas B et al. JAMA Oncol 2020;6(7):1039-1046 (doi:10.1001/jamaoncol.2020.1634), who
found incidences of 5.4-18.5 % and Jaccard agreement of 33-69 % across definitions on the
same 406 patients. Pairs are compared on the patients evaluable under both definitions.

* Jaccard = |A ∩ B| / |A ∪ B| over patients labelled HPD by A or B (undefined when no
  patient is HPD under either);
* Cohen's kappa = (p_o - p_e) / (1 - p_e) on the 2x2 table of HPD / not HPD
  (Cohen J. Educ Psychol Meas 1960;20:37-46).
"""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd

__all__ = ["hpd_incidence", "hpd_concordance"]


def hpd_incidence(labels: pd.DataFrame) -> pd.DataFrame:
    """Counts and incidence per definition (incidence among evaluable patients).

    Parameters
    ----------
    labels : DataFrame
        Output of :func:`~mdm2io.kinetics.hpd.hpd_labels`.

    Returns
    -------
    DataFrame
        ``definition``, ``n_patients``, ``n_hpd``, ``n_not_hpd``, ``n_not_evaluable``,
        ``incidence_pct`` (NaN when nobody is evaluable), ``main_reason_not_evaluable``.

    Examples
    --------
    >>> lab = pd.DataFrame({"patient_id": ["a", "b", "c"], "definition": "x",
    ...                     "label": ["HPD", "not HPD", "not evaluable"], "reason": ["", "", "no pre-baseline scan"]})
    >>> r = hpd_incidence(lab).iloc[0]
    >>> int(r.n_hpd), float(r.incidence_pct), r.main_reason_not_evaluable
    (1, 50.0, 'no pre-baseline scan (1)')
    """
    rows = []
    for name, g in labels.groupby("definition", sort=False):
        lab = g["label"]
        n_h, n_n, n_e = int((lab == "HPD").sum()), int((lab == "not HPD").sum()), int((lab == "not evaluable").sum())
        ne = g.loc[lab == "not evaluable", "reason"].value_counts()
        main = f"{ne.index[0]} ({int(ne.iloc[0])})" if len(ne) else ""
        rows.append({"definition": name, "n_patients": len(g), "n_hpd": n_h, "n_not_hpd": n_n, "n_not_evaluable": n_e,
                     "incidence_pct": 100.0 * n_h / (n_h + n_n) if n_h + n_n else np.nan,
                     "main_reason_not_evaluable": main})
    return pd.DataFrame(rows)


def hpd_concordance(labels: pd.DataFrame) -> pd.DataFrame:
    """Pairwise agreement of HPD definitions on patients evaluable under both.

    Parameters
    ----------
    labels : DataFrame
        Output of :func:`~mdm2io.kinetics.hpd.hpd_labels`.

    Returns
    -------
    DataFrame
        One row per ordered pair (including a definition with itself): ``definition_a``,
        ``definition_b``, ``n_both_evaluable``, ``n_hpd_a``, ``n_hpd_b``, ``n_hpd_both``,
        ``jaccard``, ``cohen_kappa``.

    Examples
    --------
    >>> lab = pd.DataFrame({"patient_id": list("abcdabcd"), "definition": list("xxxxyyyy"),
    ...                     "label": ["HPD", "HPD", "not HPD", "not HPD", "HPD", "not HPD", "not HPD", "not HPD"],
    ...                     "reason": ""})
    >>> c = hpd_concordance(lab).set_index(["definition_a", "definition_b"])
    >>> float(c.loc[("x", "y"), "jaccard"]), float(c.loc[("x", "y"), "cohen_kappa"])
    (0.5, 0.5)
    """
    wide = labels.pivot(index="patient_id", columns="definition", values="label")
    names = list(dict.fromkeys(labels["definition"]))
    rows = []
    for a, b in itertools.product(names, names):
        ok = (wide[a] != "not evaluable") & (wide[b] != "not evaluable")
        A = (wide.loc[ok, a] == "HPD").to_numpy()
        B = (wide.loc[ok, b] == "HPD").to_numpy()
        n = int(ok.sum())
        both, union = int((A & B).sum()), int((A | B).sum())
        jac = both / union if union else np.nan
        if n:
            po = float((A == B).mean())
            pe = float(A.mean() * B.mean() + (1 - A.mean()) * (1 - B.mean()))
            kappa = (po - pe) / (1 - pe) if pe < 1 else np.nan
        else:
            kappa = np.nan
        rows.append({"definition_a": a, "definition_b": b, "n_both_evaluable": n, "n_hpd_a": int(A.sum()),
                     "n_hpd_b": int(B.sum()), "n_hpd_both": both, "jaccard": jac, "cohen_kappa": kappa})
    return pd.DataFrame(rows)
