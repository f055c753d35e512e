"""Reports: a self-contained HTML page (no external CSS, JavaScript or fonts; figures embedded)
plus ``report.json``, TSV tables and figure files, built from a Cohort section by section.

Each stage contributes a section module in :mod:`mdm2io.report.sections` (see
:data:`~mdm2io.report.sections.SECTIONS`).
"""

from .context import ReportContext, Section
from .html import build_report

__all__ = ["build_report", "ReportContext", "Section"]
