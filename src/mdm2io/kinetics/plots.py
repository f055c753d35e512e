"""Plots people expect for tumour kinetics: waterfall, spider, swimmer, and the HPD concordance heat-map.

Each function returns a matplotlib ``Figure`` (not shown, not saved) so that callers (the
report, notebooks) decide what to do with it.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..report.figures import PALETTE, new_figure

__all__ = ["waterfall_plot", "spider_plot", "swimmer_plot", "concordance_heatmap"]

_RESP_COLOURS = {"CR": PALETTE[2], "PR": PALETTE[0], "SD": PALETTE[4], "PD": PALETTE[1], "NE": "#999999"}


def _colours(groups: pd.Series):
    cats = list(dict.fromkeys(groups.fillna("not recorded").astype(str)))
    known = {c: _RESP_COLOURS[c] for c in cats if c in _RESP_COLOURS}
    other = [c for c in cats if c not in known]
    cmap = {**known, **{c: PALETTE[i % len(PALETTE)] for i, c in enumerate(other)}}
    return groups.fillna("not recorded").astype(str).map(cmap), cmap


def waterfall_plot(responses: pd.DataFrame, colour_by: str = "best_overall_response", title: str | None = None):
    """Best % change of the target sum from baseline per patient, sorted, coloured by a column.

    Parameters
    ----------
    responses : DataFrame
        Needs ``best_pct_change`` and ``colour_by`` (e.g. :func:`~mdm2io.kinetics.recist.recist_responses`).

    Examples
    --------
    >>> fig = waterfall_plot(pd.DataFrame({"best_pct_change": [-40, 10, 25],
    ...                                    "best_overall_response": ["PR", "SD", "PD"]}))
    >>> import matplotlib.pyplot as plt; plt.close(fig)
    """
    d = responses.dropna(subset=["best_pct_change"]).sort_values("best_pct_change", ascending=False)
    fig, ax = new_figure(7.0, 3.4)
    col, cmap = _colours(d[colour_by]) if colour_by in d else (pd.Series(PALETTE[0], index=d.index), {})
    ax.bar(np.arange(len(d)), d["best_pct_change"].clip(upper=200), width=1.0, color=col.to_numpy(), linewidth=0)
    for y in (20, -30):
        ax.axhline(y, color="#555555", lw=0.6, ls="--")
    ax.set_xlim(-0.5, len(d) - 0.5)
    ax.set_xticks([])
    ax.set_xlabel(f"{len(d)} patients")
    ax.set_ylabel("best % change of target sum")
    for k, c in cmap.items():
        ax.bar([np.nan], [np.nan], color=c, label=k)
    if cmap:
        ax.legend(frameon=False, fontsize=7, ncol=len(cmap), loc="upper right")
    if title:
        ax.set_title(title, fontsize=9)
    return fig


def spider_plot(timepoints: pd.DataFrame, groups: pd.Series | None = None, max_patients: int | None = 400,
                title: str | None = None, seed: int = 0):
    """% change from baseline over time, one line per patient, optionally coloured by group (e.g. a biomarker).

    Parameters
    ----------
    timepoints : DataFrame
        ``patient_id``, ``day``, ``pct_change_from_baseline`` (e.g.
        :func:`~mdm2io.kinetics.recist.recist_timepoints`).
    groups : Series, optional
        Group per patient (index = patient_id).
    max_patients : int, optional
        Draw a random subset of this many patients (the caption should say so) to keep
        the figure readable; None draws all.

    Examples
    --------
    >>> tp = pd.DataFrame({"patient_id": ["a", "a"], "day": [42, 84], "pct_change_from_baseline": [-10, 5]})
    >>> fig = spider_plot(tp); import matplotlib.pyplot as plt; plt.close(fig)
    """
    d = timepoints.dropna(subset=["pct_change_from_baseline"])
    ids = pd.unique(d["patient_id"])
    if max_patients is not None and len(ids) > max_patients:
        ids = np.random.default_rng(seed).choice(ids, max_patients, replace=False)
        d = d[d["patient_id"].isin(ids)]
    fig, ax = new_figure(7.0, 3.6)
    g = groups.reindex(ids) if groups is not None else pd.Series("all", index=ids)
    col, cmap = _colours(g)
    # start every line at (0, 0): the baseline
    for pid, gg in d.groupby("patient_id", sort=False):
        x = np.r_[0.0, gg["day"].to_numpy() / 7.0]
        y = np.r_[0.0, gg["pct_change_from_baseline"].clip(upper=300).to_numpy()]
        ax.plot(x, y, color=col.get(pid, PALETTE[0]), lw=0.6, alpha=0.6)
    for y in (20, -30):
        ax.axhline(y, color="#555555", lw=0.6, ls="--")
    ax.set_xlabel("weeks since treatment start")
    ax.set_ylabel("% change of target sum")
    if groups is not None:
        for k, c in cmap.items():
            ax.plot([], [], color=c, label=k)
        ax.legend(frameon=False, fontsize=7)
    if title:
        ax.set_title(title, fontsize=9)
    return fig


def swimmer_plot(patients: pd.DataFrame, max_patients: int = 60, title: str | None = None):
    """Time on treatment per patient (bar) with first PD (x) and HPD (red star) marks.

    Parameters
    ----------
    patients : DataFrame
        ``patient_id``, ``time_on_treatment_days`` (treatment stop, or last scan),
        optional ``first_pd_day``, ``hpd`` (bool), ``best_overall_response``.

    Examples
    --------
    >>> p = pd.DataFrame({"patient_id": ["a", "b"], "time_on_treatment_days": [100, 40],
    ...                   "first_pd_day": [84, 40], "hpd": [False, True], "best_overall_response": ["SD", "PD"]})
    >>> fig = swimmer_plot(p); import matplotlib.pyplot as plt; plt.close(fig)
    """
    d = patients.dropna(subset=["time_on_treatment_days"]).sort_values("time_on_treatment_days").tail(max_patients)
    fig, ax = new_figure(6.4, max(2.5, 0.12 * len(d) + 1))
    col, cmap = _colours(d["best_overall_response"]) if "best_overall_response" in d else (pd.Series(PALETTE[0], index=d.index), {})
    y = np.arange(len(d))
    ax.barh(y, d["time_on_treatment_days"] / 7.0, color=col.to_numpy(), height=0.8)
    if "first_pd_day" in d:
        ax.scatter(d["first_pd_day"] / 7.0, y, marker="x", color="black", s=12, label="first PD", zorder=3)
    if "hpd" in d and d["hpd"].fillna(False).astype(bool).any():
        h = d["hpd"].fillna(False).astype(bool).to_numpy()
        ax.scatter(d.loc[h, "time_on_treatment_days"] / 7.0 + 0.5, y[h], marker="*", color=PALETTE[1], s=30, label="HPD", zorder=3)
    ax.set_yticks([])
    ax.set_xlabel("weeks on treatment")
    ax.set_ylabel(f"{len(d)} patients")
    for k, c in cmap.items():
        ax.barh([np.nan], [np.nan], color=c, label=k)
    ax.legend(frameon=False, fontsize=7, loc="lower right")
    if title:
        ax.set_title(title, fontsize=9)
    return fig


def concordance_heatmap(concordance: pd.DataFrame, metric: str = "jaccard"):
    """Heat-map of pairwise agreement between HPD definitions (Kas 2020 style).

    Examples
    --------
    >>> c = pd.DataFrame({"definition_a": ["x", "x", "y", "y"], "definition_b": ["x", "y", "x", "y"],
    ...                   "jaccard": [1, .5, .5, 1], "n_both_evaluable": [4, 4, 4, 4]})
    >>> fig = concordance_heatmap(c); import matplotlib.pyplot as plt; plt.close(fig)
    """
    names = list(dict.fromkeys(concordance["definition_a"]))
    M = concordance.pivot(index="definition_a", columns="definition_b", values=metric).reindex(index=names, columns=names)
    fig, ax = new_figure(1.2 + 0.7 * len(names), 1.0 + 0.6 * len(names))
    im = ax.imshow(M.to_numpy(float), vmin=0 if metric == "jaccard" else -1, vmax=1, cmap="viridis")
    ax.set_xticks(range(len(names)), names, rotation=45, ha="right", fontsize=7)
    ax.set_yticks(range(len(names)), names, fontsize=7)
    for i in range(len(names)):
        for j in range(len(names)):
            v = M.iat[i, j]
            ax.text(j, i, "n/a" if pd.isna(v) else f"{v:.2f}", ha="center", va="center", fontsize=6,
                    color="white" if (not pd.isna(v) and v < 0.5) else "black")
    fig.colorbar(im, ax=ax, fraction=0.046, label={"jaccard": "Jaccard index", "cohen_kappa": "Cohen's κ"}.get(metric, metric))
    return fig
