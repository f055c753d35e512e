"""Report sections, in page order. Each module has ``build(cohort, ctx) -> Section | None``.

Stages add their section by owning one module here; the order below is the page order
(the DESIGN flow: cohort -> genomics -> knowledge -> kinetics -> survival -> model).
"""

SECTIONS: list[tuple[str, str]] = [
    ("summary", "mdm2io.report.sections.cohort_summary"),
    ("alterations", "mdm2io.report.sections.alterations"),
    ("biomarkers", "mdm2io.report.sections.biomarkers"),
    ("annotations", "mdm2io.report.sections.annotations"),
    ("kinetics", "mdm2io.report.sections.kinetics"),
    ("survival", "mdm2io.report.sections.survival"),
    ("model", "mdm2io.report.sections.model"),
]
