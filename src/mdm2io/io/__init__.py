"""Readers and writers: every file format mdm2io reads fills a :class:`~mdm2io.cohort.Cohort`.

One module per format. Readers validate, report every row they could not use with the
reason, and never drop a row silently. Genomic readers return ``(cohort, problems)``.

>>> from mdm2io.io import detect_format, read_inputs, read_maf, read_vcf, read_seg  # doctest: +SKIP
"""

from ._common import ReadResult
from .cbioportal import read_cbioportal_clinical, read_cbioportal_study, read_cna_matrix
from .cohort_folder import read_cohort, validate_cohort_folder, write_cohort
from .detect import detect_format, read_input, read_inputs
from .long_table import read_long_table
from .maf import read_maf
from .seg import read_seg
from .vcf import read_vcf

__all__ = ["read_cohort", "write_cohort", "validate_cohort_folder", "ReadResult", "read_cbioportal_study",
           "read_cbioportal_clinical", "read_cna_matrix", "read_maf", "read_vcf", "read_seg", "read_long_table",
           "detect_format", "read_input", "read_inputs"]
