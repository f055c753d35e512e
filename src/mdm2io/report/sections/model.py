"""Report section: virtual-trial results (only for cohorts simulated by mdm2io.model)."""

from __future__ import annotations

from ..context import Section


def build(cohort, ctx) -> Section | None:
    if not cohort.meta.get("simulated"):
        return None
    return Section("model", "Virtual trial", status="not_run",
                   html="<p class='note'>Virtual-trial summaries are computed by <code>mdm2io.model</code>.</p>")
