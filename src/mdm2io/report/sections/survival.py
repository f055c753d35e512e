"""Report section: Survival by biomarker (filled by mdm2io.survival; outline only for now)."""

from __future__ import annotations

from ..context import Section

TITLE = "Survival by biomarker"


def build(cohort, ctx) -> Section:
    return Section("survival", TITLE, status="not_run",
                   html="<p class='note'>This section is computed by <code>mdm2io.survival</code>, which is not part of this release yet.</p>")
