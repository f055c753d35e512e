"""Report section: Annotations: evidence, MDM2-inhibitor eligibility, trial matches (filled by mdm2io.knowledge; outline only for now)."""

from __future__ import annotations

from ..context import Section

TITLE = "Annotations: evidence, MDM2-inhibitor eligibility, trial matches"


def build(cohort, ctx) -> Section:
    return Section("annotations", TITLE, status="not_run",
                   html="<p class='note'>This section is computed by <code>mdm2io.knowledge</code>, which is not part of this release yet.</p>")
