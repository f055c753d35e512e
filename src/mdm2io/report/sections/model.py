"""Report section: virtual-trial results (only for cohorts simulated by mdm2io.model)."""

from __future__ import annotations

import numpy as np

from ..context import Section
from ..figures import PALETTE, new_figure

TITLE = "Virtual trial"


def build(cohort, ctx) -> Section | None:
    """Response, HPD, PFS curves and platelet nadirs per arm and per MDM2 × TP53 stratum."""
    if not cohort.meta.get("simulated"):
        return None
    import matplotlib.pyplot as plt

    from ...model import trial_summary
    from ...survival import km_curve  # the package's one Kaplan-Meier estimator

    by_arm = trial_summary(cohort, by=("arm",))
    by_stratum = trial_summary(cohort, by=("arm", "stratum"))
    p = cohort.patients
    pfs = cohort.endpoint("PFS")
    arms = list(dict.fromkeys(p["arm"]))
    strata = sorted(p["stratum"].unique())
    fig, axes = plt.subplots(1, len(strata), figsize=(3.2 * len(strata), 3.2), dpi=110, sharey=True, squeeze=False)
    for ax, st in zip(axes[0], strata):
        for k, arm in enumerate(arms):
            ids = p[(p.arm == arm) & (p.stratum == st)]["patient_id"]
            km = km_curve(pfs.loc[ids, "time_months"], pfs.loc[ids, "event"])
            ax.step(km.time_months, km.survival, where="post", color=PALETTE[k % len(PALETTE)], label=arm)
        ax.set_title(st, fontsize=9)
        ax.set_xlabel("months")
        ax.spines[["top", "right"]].set_visible(False)
    axes[0][0].set_ylabel("progression-free")
    axes[0][-1].legend(fontsize=8, frameon=False)
    km_fig = ctx.figure(fig, "model_pfs_km", "Kaplan-Meier PFS per arm in each MDM2 x TP53 stratum",
                        "PFS by RECIST 1.1 on simulated SLD (scans every "
                        f"{cohort.meta.get('scan_interval_days', 42):g} days).")
    fig, ax = new_figure(7.0, 3.4)
    data, labels = [], []
    for arm in arms:
        for st in strata:
            data.append(p[(p.arm == arm) & (p.stratum == st)]["platelet_nadir"].to_numpy())
            labels.append(f"{arm}\n{st.replace('/', ' ')}")
    ax.boxplot(data, showfliers=False)
    ax.set_xticks(np.arange(1, len(labels) + 1), labels, rotation=90, fontsize=6)
    for y, g in ((50, "G3"), (25, "G4")):
        ax.axhline(y, color="grey", lw=0.8, ls="--")
        ax.text(len(labels) + 0.4, y, g, fontsize=7, va="center")
    ax.set_ylabel("platelet nadir (10⁹/L)")
    nadir_fig = ctx.figure(fig, "model_platelet_nadir", "Platelet nadir per arm and stratum",
                           "CTCAE v5 grade 3 < 50, grade 4 < 25 ×10⁹/L.")
    arms_txt = "".join(f"<li><b>{ctx.escape(a)}</b>: {ctx.escape(r)}</li>" for a, r in cohort.meta.get("arms", {}).items())
    html = (
        f"<p>{ctx.escape(cohort.meta.get('description', ''))}. Arms:</p><ul>{arms_txt}</ul>"
        "<p class='note'>Simulated with the mdm2io mechanistic model (parameters, sources and which values are "
        "assumed: docs/model.md). Many immune parameters are assumed, not fitted: read rates as model behaviour, "
        "not predictions. RECIST responses and HPD labels are mdm2io.kinetics' on the simulated scans "
        "(HPD incidence among evaluable patients; the 'Tumour kinetics and hyperprogression' section gives every definition with reasons).</p>"
        "<h3>By arm</h3>" + ctx.table_html(by_arm, float_format="{:.1f}")
        + "<h3>By arm and MDM2 × TP53 stratum</h3>" + ctx.table_html(by_stratum, float_format="{:.1f}")
        + km_fig + nadir_fig
    )
    summary = {"by_arm": by_arm.to_dict(orient="records"), "seed": cohort.meta.get("seed"),
               "n_patients_per_arm": int(len(p) / max(1, len(arms)))}
    return Section("model", TITLE, html=html, summary=summary,
                   tables={"by_arm": by_arm, "by_arm_stratum": by_stratum})
