"""Bundled real, openly licensed datasets, each loaded as a :class:`~mdm2io.cohort.Cohort`.

Like ``lifelines.datasets``: ``load_imvigor210()``, ``load_laleh2022()``,
``load_tumgr_sample()``, ``load_inspire()``. Every dataset carries its citation and licence
(:data:`DATASETS`, ``mdm2io datasets``, and the files in ``mdm2io/datasets/licenses/``).
The tables were derived from the original files by ``scripts/derive_datasets.py``.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from ..cohort import Cohort
from ..errors import InputError

__all__ = ["DATASETS", "DatasetInfo", "load", "load_imvigor210", "load_laleh2022", "load_tumgr_sample",
           "load_inspire", "licence_text"]


@dataclass(frozen=True)
class DatasetInfo:
    """Provenance of one bundled dataset."""

    name: str
    title: str
    description: str
    citation: str
    doi: str
    licence: str
    licence_file: str
    source: str
    quirks: tuple[str, ...] = ()


DATASETS: dict[str, DatasetInfo] = {
    "imvigor210": DatasetInfo(
        "imvigor210",
        "IMvigor210: atezolizumab in metastatic urothelial carcinoma (FoundationOne + OS)",
        "293 FoundationOne samples (392 genes: amplification/gain/deletion calls with copy number, "
        "known/likely short variants), TMB, best overall response and overall survival (months).",
        "Mariathasan S, et al. TGF-beta attenuates tumour response to PD-L1 blockade by contributing to "
        "exclusion of T cells. Nature 2018;554:544-548.",
        "10.1038/nature25501",
        "CC BY 3.0",
        "IMvigor210CoreBiologies_CC-BY-3.0.txt",
        "IMvigor210CoreBiologies v2.0.0 (Genentech; http://research-pub.gene.com/IMvigor210CoreBiologies/): "
        "fmone.RData and pData",
        (
            "pData lists 348 RNA-seq samples of 347 patients (patient 10285 twice, identical clinical data); "
            "one row per patient is kept.",
            "19 FoundationOne samples belong to patients absent from pData: they are kept as patients with "
            "clinical_data='absent from pData' and have no OS.",
            "274 FoundationOne samples have a patient with OS.",
            "oncotree_code is mapped from the tissue of the sequenced sample (bladder -> BLCA, ureter/kidney -> UTUC); "
            "metastatic-site samples have none.",
            "best_overall_response is the confirmed RECIST 1.1 BOR; NE = not evaluable.",
        ),
    ),
    "laleh2022": DatasetInfo(
        "laleh2022",
        "Laleh 2022: sum of longest diameters over time, five atezolizumab/docetaxel trials",
        "8,560 tumour assessments (sum of target-lesion longest diameters, mm) of 1,472 patient series "
        "(1,463 anonymised ids) from five phase 2/3 trials; day 0 = treatment start.",
        "Ghaffari Laleh N, et al. Classical mathematical models for prediction of response to chemotherapy "
        "and immunotherapy. PLoS Comput Biol 2022;18(2):e1009822.",
        "10.1371/journal.pcbi.1009822",
        "CC BY 4.0",
        "Laleh2022_CC-BY-4.0.txt",
        "S1 Data of the article (journal.pcbi.1009822.s006.xlsx)",
        (
            "Which study is which trial, and which arm is atezolizumab or docetaxel, is not labelled; "
            "treatments.agent says so and drug_class is 'unknown'.",
            "9 anonymised ids occur in two studies with different series; patient_id is '<study>:<id>' "
            "(source_patient_id keeps the original).",
            "'TOO SMALL TO MEASURE' (54 rows) and 'NOT EVALUABLE' (62 rows) are kept in scans.sld_state; "
            "7 blank values are 'not_recorded'; one scan has no day.",
            "9 patient-days occur twice, some with different values; they are kept as given.",
        ),
    ),
    "tumgr_sample": DatasetInfo(
        "tumgr_sample",
        "tumgr sampleData: longitudinal tumour quantity of 68 patients",
        "453 measurements (day, size) from the control arm of the ASCENT-2 prostate cancer trial "
        "(Project Data Sphere), as shipped in the R package tumgr.",
        "Wilkerson J, et al. Estimation of tumour regression and growth rates during treatment in patients "
        "with advanced prostate cancer: a retrospective analysis. Lancet Oncol 2017;18(1):143-154. "
        "Data: R package tumgr 0.0.4 (CRAN).",
        "10.1016/S1470-2045(16)30633-7",
        "MIT",
        "tumgr_MIT.txt",
        "tumgr 0.0.4 data/sampleData.rda (github.com/cran/tumgr)",
        (
            "The measure is not SLD (values look like PSA); it is in scans.tumour_burden with unit 'unspecified'.",
            "The package documentation says 1,250 observations; the shipped object has 453.",
        ),
    ),
    "inspire": DatasetInfo(
        "inspire",
        "INSPIRE: pembrolizumab in five solid-tumour cohorts (% tumour change, OS, PFS)",
        "94 patients (head and neck SCC, TNBC, high-grade serous ovarian, melanoma, mixed solid tumours): "
        "OS, PFS (months), response, PD-L1, log TMB, ctDNA; 270 tumour assessments as % change from baseline.",
        "Bratman SV, et al. Personalized circulating tumor DNA analysis as a predictive biomarker in solid "
        "tumor patients treated with pembrolizumab. Nat Cancer 2020;1:873-881. Data: R package reportRmd.",
        "10.1038/s43018-020-0096-5",
        "MIT",
        "reportRmd_MIT.txt",
        "reportRmd data/pembrolizumab.rda and data/ctDNA.rda (github.com/biostatsPMH/reportRmd)",
        (
            "Scan times are given in weeks in the source; scans.day = weeks x 7.",
            "Tumour size is only available as % change from baseline (scans.pct_change_from_baseline); "
            "blank values are 'not_evaluable'.",
            "tmb_log is the source's log-transformed TMB.",
        ),
    ),
}


def licence_text(name: str) -> str:
    """The licence and attribution file shipped for dataset ``name``.

    Examples
    --------
    >>> "CC BY 3.0" in licence_text("imvigor210") or "Attribution 3.0" in licence_text("imvigor210")
    True
    """
    info = _info(name)
    return resources.files(__package__).joinpath("licenses", info.licence_file).read_text()


def _info(name: str) -> DatasetInfo:
    if name not in DATASETS:
        import difflib

        close = difflib.get_close_matches(name, list(DATASETS), n=1)
        hint = f"did you mean {close[0]!r}?" if close else f"use one of: {', '.join(DATASETS)}"
        raise InputError(f"unknown dataset {name!r}", expected=f"one of {', '.join(DATASETS)}", fix=hint)
    return DATASETS[name]


@lru_cache(maxsize=None)
def _load_cached(name: str) -> Cohort:
    from ..io.cohort_folder import read_cohort

    info = _info(name)
    folder = resources.files(__package__).joinpath("data", name)
    with resources.as_file(folder) as path:
        cohort = read_cohort(path)
    meta = {"name": name, "title": info.title, "citation": info.citation, "doi": info.doi,
            "licence": info.licence, "source": info.source, "bundled": True}
    if name == "tumgr_sample":
        meta["tumour_burden_unit"] = "unspecified (tumgr sampleData; values look like PSA)"
    return cohort.with_meta(**meta)


def load(name: str) -> Cohort:
    """Load bundled dataset ``name`` (see :data:`DATASETS`) as a Cohort.

    Examples
    --------
    >>> load("inspire").n_patients
    94
    """
    c = _load_cached(name)
    # hand out copies so callers may modify their tables without touching the cache
    return Cohort(**{k: v.copy() for k, v in c.tables().items()}, meta=dict(c.meta), validate=False)


def load_imvigor210() -> Cohort:
    """IMvigor210 (atezolizumab, metastatic urothelial carcinoma; Mariathasan 2018, CC BY 3.0).

    FoundationOne gene calls for 392 genes x 293 samples, TMB, best overall response and OS.

    Examples
    --------
    >>> c = load_imvigor210()
    >>> c.n_samples
    293
    >>> amp = c.alterations.query("gene == 'MDM2' and kind == 'amplification'")
    >>> amp.sample_id.nunique()
    25
    """
    return load("imvigor210")


def load_laleh2022() -> Cohort:
    """Sum-of-longest-diameter time series from five atezolizumab/docetaxel trials (Laleh 2022, CC BY 4.0).

    Examples
    --------
    >>> c = load_laleh2022()
    >>> c.patients.source_patient_id.nunique(), len(c.scans)
    (1463, 8560)
    """
    return load("laleh2022")


def load_tumgr_sample() -> Cohort:
    """tumgr's sampleData: 68 patients' tumour quantity over time (MIT).

    Examples
    --------
    >>> load_tumgr_sample().n_patients
    68
    """
    return load("tumgr_sample")


def load_inspire() -> Cohort:
    """INSPIRE pembrolizumab trial: % tumour change over time, OS and PFS (Bratman 2020; MIT).

    Examples
    --------
    >>> load_inspire().summary()["endpoints"]["PFS"]
    {'n': 94, 'events': 82}
    """
    return load("inspire")
