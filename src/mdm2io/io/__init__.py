"""Readers and writers: every file format mdm2io reads fills a :class:`~mdm2io.cohort.Cohort`.

One module per format. Readers validate, report every row they could not use with the
reason, and never drop a row silently.
"""

from .cohort_folder import read_cohort, validate_cohort_folder, write_cohort

__all__ = ["read_cohort", "write_cohort", "validate_cohort_folder"]
