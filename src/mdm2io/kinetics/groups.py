"""Patient groups for kinetics summaries, e.g. MDM2/MDM4 amplification from the source's own calls.

Kato S et al. (Clin Cancer Res 2017;23:4242-4250, doi:10.1158/1078-0432.CCR-16-3133) reported that
all six MDM2/MDM4-amplified patients failed ICI within two months; these helpers let the HPD
incidence and spider plots be split by that status. Only the public Cohort tables are read
(``samples``, ``alterations`` with ``kind == 'amplification'``), not the genomics stage.
"""

from __future__ import annotations

import pandas as pd

__all__ = ["amplification_groups", "hpd_by_group"]


def amplification_groups(cohort, genes=("MDM2", "MDM4")) -> pd.Series:
    """Per patient: "<genes> amplified", "not amplified" or "not sequenced".

    Examples
    --------
    >>> from mdm2io.datasets import load_imvigor210
    >>> g = amplification_groups(load_imvigor210())
    >>> int((g == "MDM2/MDM4 amplified").sum())
    25
    """
    label = "/".join(genes) + " amplified"
    pts = cohort.patients["patient_id"].astype(str)
    out = pd.Series("not sequenced", index=pts.to_numpy(), name="group")
    sequenced = set(cohort.samples["patient_id"].astype(str))
    out[out.index.isin(sequenced)] = "not amplified"
    a = cohort.alterations
    amp = a[(a["kind"] == "amplification") & a["gene"].isin(genes)]
    amp_pts = set(cohort.samples.loc[cohort.samples["sample_id"].isin(amp["sample_id"]), "patient_id"].astype(str))
    out[out.index.isin(amp_pts)] = label
    return out


def hpd_by_group(labels: pd.DataFrame, groups: pd.Series) -> pd.DataFrame:
    """HPD counts and incidence per definition and patient group (among evaluable patients).

    Examples
    --------
    >>> lab = pd.DataFrame({"patient_id": ["a", "b", "c"], "definition": "x",
    ...                     "label": ["HPD", "not HPD", "HPD"], "reason": ""})
    >>> t = hpd_by_group(lab, pd.Series({"a": "amp", "b": "amp", "c": "no"}))
    >>> t[["group", "n_hpd", "n_evaluable"]].values.tolist()
    [['amp', 1, 2], ['no', 1, 1]]
    """
    d = labels.assign(group=labels["patient_id"].map(groups).fillna("no group"))
    d = d[d["label"] != "not evaluable"]
    g = d.groupby(["definition", "group"], sort=False)["label"]
    out = pd.DataFrame({"n_hpd": g.apply(lambda x: int((x == "HPD").sum())), "n_evaluable": g.size()}).reset_index()
    out["incidence_pct"] = 100.0 * out["n_hpd"] / out["n_evaluable"]
    return out
