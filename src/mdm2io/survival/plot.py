"""Figures: Kaplan–Meier curves with the number-at-risk table aligned underneath, and forest plots.

The risk table shares the x-axis of the curves (one matplotlib figure, two stacked axes with
``sharex``), so counts sit exactly under their time ticks; censored patients are tick marks on
the curves and the band transform is named in the axis label.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..report.figures import PALETTE
from .km import KMResult, number_at_risk

__all__ = ["plot_km", "plot_forest", "risk_table"]


def risk_table(km: KMResult, data_table: pd.DataFrame, at_times) -> pd.DataFrame:
    """Number at risk per group (rows) at ``at_times`` (columns).

    Examples
    --------
    >>> from mdm2io.datasets import load_inspire
    >>> from mdm2io.survival import survival_data, kaplan_meier
    >>> sd = survival_data(load_inspire(), "sex")
    >>> risk_table(kaplan_meier(sd), sd.table, [0, 12]).loc["female"].tolist()
    [58, 31]
    """
    rows = {}
    for lv in km.summary.index:
        sub = data_table.loc[data_table["group"] == lv]
        # delayed entry: the risk set of km_curve's at_risk column (number_at_risk's convention)
        entry = sub["entry_months"] if "entry_months" in sub.columns else None
        rows[lv] = number_at_risk(sub["time_months"], at_times, entry=entry)
    return pd.DataFrame(rows, index=list(at_times)).T


def _ticks(tmax: float) -> np.ndarray:
    # month-friendly steps; long time scales (e.g. age in months with delayed entry) get 10^k multiples
    steps = (1, 2, 3, 6, 12, 24, 60, 120, 240, 600)
    step = next((s for s in steps if tmax / s <= 8), 10 ** np.ceil(np.log10(max(tmax, 1) / 8)))
    return np.arange(0, tmax + 1e-9, step)


def plot_km(km: KMResult, data_table: pd.DataFrame, *, labels: dict | None = None, title: str | None = None,
            xlabel: str = "Months", ylabel: str = "Survival probability", width_in: float = 6.8):
    """Kaplan–Meier curves with confidence bands, censoring ticks and an aligned risk table.

    Parameters
    ----------
    km : KMResult
    data_table : DataFrame
        ``SurvivalData.table`` the curves were estimated from.
    labels : dict, optional
        Group level -> legend label.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> from mdm2io.datasets import load_inspire
    >>> from mdm2io.survival import survival_data, kaplan_meier
    >>> sd = survival_data(load_inspire(), "sex")
    >>> fig = plot_km(kaplan_meier(sd), sd.table); len(fig.axes)
    2
    >>> plt.close(fig)
    """
    import matplotlib.pyplot as plt

    labels = labels or {}
    groups = list(km.curves)
    fig, (ax, axt) = plt.subplots(2, 1, figsize=(width_in, 3.6 + 0.25 * len(groups)), dpi=110, sharex=True,
                                  gridspec_kw={"height_ratios": [4, 0.35 + 0.3 * len(groups)]})
    tmax = float(data_table["time_months"].max())
    for i, lv in enumerate(groups):
        c = km.curves[lv]
        col = PALETTE[i % len(PALETTE)]
        row = km.summary.loc[lv]
        lab = f"{labels.get(lv, lv)} (n={int(row.n)}, events={int(row.events)})"
        ax.step(c["time_months"], c["survival"], where="post", color=col, lw=1.6, label=lab)
        ax.fill_between(c["time_months"], c["ci_low"].fillna(0 if km.conf_type == "plain" else np.nan), c["ci_high"],
                        step="post", color=col, alpha=0.15, lw=0)
        ct = km.censor_times.get(lv, np.array([]))
        if len(ct):
            idx = np.searchsorted(c["time_months"].to_numpy(), ct, side="right") - 1
            ax.plot(ct, c["survival"].to_numpy()[idx], "|", color=col, ms=6, mew=1)
    ax.set_ylim(0, 1.02)
    ax.set_ylabel(ylabel)
    ax.spines[["top", "right"]].set_visible(False)
    ax.legend(frameon=False, fontsize=8, loc="upper right")
    band = {"log-log": "log-log", "log": "log", "plain": "plain"}[km.conf_type]
    ax.set_title(title or "", fontsize=10, loc="left")
    ax.text(0.0, -0.02, f"shaded: pointwise {100 * (1 - km.alpha):g}% CI ({band} transform); | censored",
            transform=ax.transAxes, fontsize=7, va="top", color="#555555")
    ticks = _ticks(tmax)
    rt = risk_table(km, data_table, ticks)
    axt.set_xlim(ax.get_xlim())
    for j, lv in enumerate(groups):
        for t, n in zip(ticks, rt.loc[lv]):
            axt.text(t, len(groups) - 1 - j, str(int(n)), ha="center", va="center", fontsize=8,
                     color=PALETTE[j % len(PALETTE)])
    axt.set_yticks(range(len(groups)))
    axt.set_yticklabels([labels.get(lv, lv) for lv in reversed(groups)], fontsize=8)
    axt.set_ylim(-0.6, len(groups) - 0.4)
    axt.set_xticks(ticks)
    axt.set_xlabel(xlabel)
    axt.set_title("Number at risk", fontsize=8, loc="left")
    axt.tick_params(left=False)
    axt.spines[["top", "right", "left"]].set_visible(False)
    fig.tight_layout()
    return fig


def plot_forest(table: pd.DataFrame, *, title: str = "", note: str = "", xlabel: str = "Hazard ratio (95% CI)"):
    """Forest plot of hazard ratios on a log axis, one row per subgroup, with n/events and HR text.

    Parameters
    ----------
    table : DataFrame
        Index = row labels; columns ``n``, ``events``, ``hr``, ``hr_ci_low``, ``hr_ci_high``;
        rows without an estimable HR are shown as "not estimable".
    note : str
        Footnote (e.g. the interaction p-value).

    Examples
    --------
    >>> import pandas as pd, matplotlib.pyplot as plt
    >>> t = pd.DataFrame({"n": [100, 60], "events": [70, 40], "hr": [0.7, 1.1], "hr_ci_low": [0.5, 0.7],
    ...                   "hr_ci_high": [0.95, 1.7]}, index=["biomarker-", "biomarker+"])
    >>> fig = plot_forest(t, note="interaction p = 0.04"); plt.close(fig)
    """
    import matplotlib.pyplot as plt

    k = len(table)
    fig, (ax, axt) = plt.subplots(1, 2, figsize=(7.6, 1.4 + 0.42 * k), dpi=110, sharey=True,
                                  gridspec_kw={"width_ratios": [3, 2]})
    y = np.arange(k)[::-1]
    finite = table[np.isfinite(table["hr"].astype(float))]
    lo = float(np.nanmin(finite["hr_ci_low"])) if len(finite) else 0.5
    hi = float(np.nanmax(finite["hr_ci_high"])) if len(finite) else 2.0
    lo, hi = min(lo, 0.5) / 1.2, max(hi, 2.0) * 1.2
    for yi, (label, r) in zip(y, table.iterrows()):
        if np.isfinite(float(r.hr)):
            ax.plot([r.hr_ci_low, r.hr_ci_high], [yi, yi], color="#333333", lw=1.2)
            size = 4 + 6 * np.sqrt(max(float(r.events), 1) / max(float(table["events"].max()), 1))
            ax.plot(r.hr, yi, "s", color=PALETTE[0], ms=size)
            txt = f"{r.hr:.2f} ({r.hr_ci_low:.2f}–{r.hr_ci_high:.2f})"
        else:
            txt = "not estimable"
        axt.text(0.0, yi, f"{int(r.n)}/{int(r.events)}", va="center", fontsize=8)
        axt.text(0.38, yi, txt, va="center", fontsize=8)
    axt.text(0.0, k - 0.35, "n/events", fontsize=8, weight="bold")
    axt.text(0.38, k - 0.35, "HR (95% CI)", fontsize=8, weight="bold")
    axt.set_xlim(0, 1)
    axt.axis("off")
    ax.axvline(1.0, color="#888888", lw=0.8, ls="--")
    ax.set_xscale("log")
    ax.set_xlim(lo, hi)
    ticks = [v for v in (0.1, 0.25, 0.5, 1, 2, 4, 10) if lo <= v <= hi]
    ax.set_xticks(ticks)
    ax.set_xticklabels([f"{v:g}" for v in ticks])
    ax.xaxis.set_minor_formatter(plt.NullFormatter())
    ax.set_yticks(y)
    ax.set_yticklabels([str(i) for i in table.index], fontsize=8)
    ax.set_ylim(-0.7, k)
    ax.set_xlabel(xlabel)
    ax.spines[["top", "right"]].set_visible(False)
    ax.set_title(title, fontsize=10, loc="left")
    if note:
        fig.text(0.01, 0.01, note, fontsize=8, color="#333333")
    fig.tight_layout(rect=(0, 0.06 if note else 0, 1, 1))
    return fig
