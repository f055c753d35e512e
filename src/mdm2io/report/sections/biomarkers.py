"""Report section: Biomarker calls (MDM2/MDM4, TP53, co-alterations, TMB) (filled by mdm2io.genomics; outline only for now)."""

from __future__ import annotations

from ..context import Section

TITLE = "Biomarker calls (MDM2/MDM4, TP53, co-alterations, TMB)"


def build(cohort, ctx) -> Section:
    return Section("biomarkers", TITLE, status="not_run",
                   html="<p class='note'>This section is computed by <code>mdm2io.genomics</code>, which is not part of this release yet.</p>")
