"""Report section: Tumour kinetics and hyperprogression (filled by mdm2io.kinetics; outline only for now)."""

from __future__ import annotations

from ..context import Section

TITLE = "Tumour kinetics and hyperprogression"


def build(cohort, ctx) -> Section:
    return Section("kinetics", TITLE, status="not_run",
                   html="<p class='note'>This section is computed by <code>mdm2io.kinetics</code>, which is not part of this release yet.</p>")
