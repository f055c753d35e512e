#!/usr/bin/env python
"""Derive the bundled cohort folders in src/mdm2io/datasets/data/ from the original public files.

Run from the repository root with the ``derive`` extra installed::

    pip install -e '.[derive]'
    python scripts/derive_datasets.py --shared ../shared/data

Inputs (each folder's SOURCE.md gives origin, commit and licence):

* imvigor210_fmone_mdm2/fmone.RData          (IMvigor210CoreBiologies, CC BY 3.0)
* imvigor210_fmone_mdm2/pData_IMvigor210.csv (pData of the same package, CC BY 3.0)
* laleh2022_atezolizumab_trials_tumor_size/journal.pcbi.1009822.s006.xlsx (PLoS CB S1 data, CC BY 4.0)
* tumgr_sampledata/sampleData.rda            (tumgr 0.0.4, MIT)
* inspire_pembrolizumab_reportRmd/{pembrolizumab,ctDNA}.rda (reportRmd, MIT)

Only openly licensed data are bundled. The output is deterministic (gzip mtime 0).
"""

from __future__ import annotations

import argparse
import gzip
import io
import sys
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from mdm2io.cohort import Cohort  # noqa: E402
from mdm2io.io.foundation import parse_copy_number_call, parse_short_variants  # noqa: E402

OUT = ROOT / "src" / "mdm2io" / "datasets" / "data"


def _write(cohort: Cohort, name: str) -> None:
    folder = OUT / name
    folder.mkdir(parents=True, exist_ok=True)
    for f in folder.glob("*"):
        f.unlink()
    tmp = folder / "_tmp"
    cohort.write(tmp)
    for f in sorted(tmp.iterdir()):
        if f.suffix == ".tsv":
            data = f.read_bytes()
            with open(folder / (f.name + ".gz"), "wb") as raw:
                with gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0) as gz:
                    gz.write(data)
        else:
            f.rename(folder / f.name)
        f.unlink(missing_ok=True)
    tmp.rmdir()
    print(f"{name}: {cohort!r}")


def _read_rda(path: Path) -> dict:
    import rdata

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # rdata warns about Bioconductor classes it returns raw
        return rdata.read_rda(str(path))


# --------------------------------------------------------------------------- IMvigor210
_ONCOTREE_BY_TISSUE = {"bladder": "BLCA", "ureter": "UTUC", "kidney": "UTUC"}


def derive_imvigor210(shared: Path) -> Cohort:
    src = shared / "imvigor210_fmone_mdm2"
    fmone = _read_rda(src / "fmone.RData")["fmone"]
    genes = list(fmone.featureData.data.index)
    pheno = fmone.phenoData.data
    samples_ids = list(pheno.index)
    n_g, n_s = len(genes), len(samples_ids)
    rows = []
    for channel in ("amplification", "gain", "deletion", "known_short", "likely_short"):
        # assayData channels are flat character vectors in R's column-major order (genes x samples)
        mat = np.asarray(fmone.assayData[channel], dtype=object).reshape((n_g, n_s), order="F")
        gi, si = np.nonzero(np.vectorize(lambda v: isinstance(v, str) and v.strip() != "")(mat))
        for g, s in zip(gi, si):
            text = mat[g, s]
            base = {"sample_id": samples_ids[s], "gene": genes[g], "details": text}
            if channel.endswith("short"):
                variants = parse_short_variants(text)
                if variants is None:
                    raise SystemExit(f"unparsed short variant {text!r} ({genes[g]}, {samples_ids[s]})")
                for v in variants:
                    rows.append({**base, "kind": "mutation", "protein_change": v.protein_change,
                                 "cdna_change": v.cdna_change, "vaf": v.vaf, "depth": v.depth,
                                 "details": f"{v.cdna_change} {v.protein_change} (VAF {v.vaf:g}, depth {v.depth})",
                                 "rule": f"foundation:{channel}"})
            else:
                call = parse_copy_number_call(text)
                if call is None:
                    raise SystemExit(f"unparsed copy-number call {text!r} ({genes[g]}, {samples_ids[s]})")
                kind = {"amplification": "amplification", "gain": "gain", "deletion": "deletion"}[channel]
                rows.append({**base, "kind": kind, "copy_number": call.copy_number, "exons": call.exons,
                             "rule": f"foundation:{channel}"})
    alterations = pd.DataFrame(rows)
    alterations = alterations.sort_values(["sample_id", "gene", "kind", "protein_change"], na_position="first")

    pdata = pd.read_csv(src / "pData_IMvigor210.csv")
    # pData has one row per RNA-seq sample; patient 10285 has two with identical clinical data.
    pdata = pdata.drop_duplicates("ANONPT_ID", keep="first")
    pdata["patient_id"] = pdata["ANONPT_ID"].astype(str)
    tissue = pdata["Tissue"].astype(object)
    patients = pd.DataFrame({
        "patient_id": pdata["patient_id"],
        "cancer_type": "urothelial carcinoma",
        "oncotree_code": tissue.map(lambda t: _ONCOTREE_BY_TISSUE.get(t) if isinstance(t, str) else None),
        "sex": pdata["Sex"].map({"M": "male", "F": "female"}),
        "best_overall_response": pdata["Best.Confirmed.Overall.Response"],
        "binary_response": pdata["binaryResponse"].map({"CR/PR": "responder", "SD/PD": "non-responder"}),
        "ic_level": pdata["IC.Level"], "tc_level": pdata["TC.Level"],
        "immune_phenotype": pdata["Immune.phenotype"],
        "ecog_baseline": pdata["Baseline.ECOG.Score"],
        "tobacco_use": pdata["Tobacco.Use.History"],
        "metastatic_site": pdata["Met.Disease.Status"],
        "tissue": tissue,
        "received_platinum": pdata["Received.platinum"],
        "neoantigen_burden_per_mb": pdata["Neoantigen.burden.per.MB"],
        "tcga_subtype": pdata["TCGA.Subtype"], "lund_subtype": pdata["Lund2"],
    })
    samp = pd.DataFrame({
        "sample_id": samples_ids,
        "patient_id": pheno["ANONPT_ID"].astype(int).astype(str).to_numpy(),
        "assay": "FoundationOne",
        "tmb_per_mb": pd.to_numeric(pheno["FMOne mutation burden per MB"], errors="coerce").to_numpy(),
    })
    # 19 FoundationOne samples belong to patients absent from pData (no clinical data):
    # keep them as patients with unknown clinical fields rather than dropping samples.
    missing = sorted(set(samp.patient_id) - set(patients.patient_id), key=int)
    patients = pd.concat([patients, pd.DataFrame({"patient_id": missing, "cancer_type": "urothelial carcinoma",
                                                   "clinical_data": "absent from pData"})], ignore_index=True)
    patients["clinical_data"] = patients.get("clinical_data").fillna("pData_IMvigor210")
    os_ = pdata[pdata["os"].notna()]
    outcomes = pd.DataFrame({"patient_id": os_["patient_id"], "endpoint": "OS",
                             "time_months": os_["os"].round(6), "event": os_["censOS"].astype(int)})
    treatments = pd.DataFrame({"patient_id": patients["patient_id"], "agent": "atezolizumab", "drug_class": "PD-L1",
                               "start_day": 0.0, "dose": "1200 mg IV q3w", "arm": "IMvigor210"})
    return Cohort(patients=patients, samples=samp, alterations=alterations, treatments=treatments,
                  outcomes=outcomes, meta={"name": "imvigor210"})


# --------------------------------------------------------------------------- Laleh 2022
def derive_laleh2022(shared: Path) -> Cohort:
    src = shared / "laleh2022_atezolizumab_trials_tumor_size" / "journal.pcbi.1009822.s006.xlsx"
    sheets = pd.read_excel(src, sheet_name=None, dtype=str)
    frames = []
    for name in sorted(sheets):
        df = sheets[name].copy()
        df.insert(0, "study", name)
        frames.append(df)
    raw = pd.concat(frames, ignore_index=True)
    raw.columns = [c.strip() for c in raw.columns]
    # 9 anonymised ids occur in two studies with different series: ids are unique per study only.
    raw["patient_id"] = raw["study"] + ":" + raw["Patient_Anonmyized"].str.strip()
    value = raw["TargetLesionLongDiam_mm"].str.strip()
    state = np.select([value.isna(), value.str.upper() == "TOO SMALL TO MEASURE", value.str.upper() == "NOT EVALUABLE"],
                      ["not_recorded", "too_small_to_measure", "not_evaluable"], "measured")
    sld = pd.to_numeric(value.where(state == "measured"), errors="coerce")
    bad = (state == "measured") & sld.isna()
    if bad.any():
        raise SystemExit(f"unparsed SLD values: {sorted(set(value[bad]))}")
    scans = pd.DataFrame({"patient_id": raw["patient_id"], "day": pd.to_numeric(raw["Treatment_Day"]),
                          "sld_mm": sld, "sld_state": state, "sld_source_value": value})
    per_pt = raw.drop_duplicates("patient_id")
    patients = pd.DataFrame({"patient_id": per_pt["patient_id"], "source_patient_id": per_pt["Patient_Anonmyized"].str.strip(),
                             "study": per_pt["study"], "study_arm": per_pt["Study_Arm"]})
    treatments = pd.DataFrame({"patient_id": per_pt["patient_id"],
                               "agent": "atezolizumab or docetaxel (arm not labelled in the source)",
                               "drug_class": "unknown", "start_day": 0.0, "arm": per_pt["Study_Arm"]})
    return Cohort(patients=patients, scans=scans, treatments=treatments, meta={"name": "laleh2022"})


# --------------------------------------------------------------------------- tumgr sampleData
def derive_tumgr(shared: Path) -> Cohort:
    df = _read_rda(shared / "tumgr_sampledata" / "sampleData.rda")["sampleData"]
    df = pd.DataFrame(df).reset_index(drop=True)
    df["name"] = pd.to_numeric(df["name"]).astype(int).astype(str)
    patients = pd.DataFrame({"patient_id": pd.unique(df["name"])})
    scans = pd.DataFrame({"patient_id": df["name"], "day": pd.to_numeric(df["date"]).astype(float),
                          "tumour_burden": pd.to_numeric(df["size"]).astype(float)})
    return Cohort(patients=patients, scans=scans, meta={"name": "tumgr_sample"})


# --------------------------------------------------------------------------- INSPIRE
_INSPIRE_COHORTS = {
    "A": ("head and neck squamous cell carcinoma", "HNSC"),
    "B": ("triple-negative breast cancer", "BRCA"),
    "C": ("high-grade serous ovarian cancer", "HGSOC"),
    "D": ("melanoma", "MEL"),
    "E": ("mixed solid tumours", None),
}


def derive_inspire(shared: Path) -> Cohort:
    src = shared / "inspire_pembrolizumab_reportRmd"
    p = pd.DataFrame(_read_rda(src / "pembrolizumab.rda")["pembrolizumab"]).reset_index(drop=True)
    c = pd.DataFrame(_read_rda(src / "ctDNA.rda")["ctDNA"]).reset_index(drop=True)
    for col in ("id", "cohort", "sex", "change_ctdna_group", "orr", "cbr"):
        if col in p:
            p[col] = p[col].astype(object).where(p[col].notna(), None).map(lambda v: None if v is None else str(v))
    patients = pd.DataFrame({
        "patient_id": p["id"],
        "cancer_type": p["cohort"].map(lambda k: _INSPIRE_COHORTS[k][0]),
        "oncotree_code": p["cohort"].map(lambda k: _INSPIRE_COHORTS[k][1]),
        "inspire_cohort": p["cohort"],
        "sex": p["sex"].str.lower(), "age_years": p["age"].astype(float).round(4),
        "baseline_target_lesion_size": p["l_size"], "pdl1": p["pdl1"], "tmb_log": p["tmb"],
        "baseline_ctdna": p["baseline_ctdna"], "change_ctdna_group": p["change_ctdna_group"],
        "objective_response": p["orr"], "clinical_benefit": p["cbr"],
    })
    outcomes = pd.concat([
        pd.DataFrame({"patient_id": p["id"], "endpoint": "OS", "time_months": p["os_time"].astype(float),
                      "event": p["os_status"].astype(int)}),
        pd.DataFrame({"patient_id": p["id"], "endpoint": "PFS", "time_months": p["pfs_time"].astype(float),
                      "event": p["pfs_status"].astype(int)}),
    ], ignore_index=True)
    treatments = pd.DataFrame({"patient_id": p["id"], "agent": "pembrolizumab", "drug_class": "PD-1",
                               "start_day": 0.0, "dose": "200 mg IV q3w"})
    c["id"] = c["id"].astype(str)
    scans = pd.DataFrame({"patient_id": c["id"], "day": (c["time"].astype(float) * 7.0).round(4),
                          "pct_change_from_baseline": c["size_change"].astype(float),
                          "sld_state": np.where(c["size_change"].notna(), "measured", "not_evaluable"),
                          "ctdna_status": c["ctdna_status"].astype(str)})
    return Cohort(patients=patients, scans=scans, treatments=treatments, outcomes=outcomes,
                  meta={"name": "inspire"})


DERIVERS = {"imvigor210": derive_imvigor210, "laleh2022": derive_laleh2022,
            "tumgr_sample": derive_tumgr, "inspire": derive_inspire}


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared" / "data")
    ap.add_argument("names", nargs="*", default=list(DERIVERS))
    args = ap.parse_args(argv)
    for name in args.names:
        _write(DERIVERS[name](args.shared), name)


if __name__ == "__main__":
    main()
