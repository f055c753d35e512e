"""The OncoTree subset in oncotree.yaml agrees with the OncoTree release it cites.

The rows below were transcribed on 2026-11-24 from the release file
``trees/tsv/oncotree_2026_05_21.txt`` of the cBioPortal/oncotree repository (commit bbb84053,
columns Code, Name, MainType, Tissue, Parent; colour and UMLS/NCI columns left out). They are an
independent copy of the source, so a code, name, tissue or parent edited in oncotree.yaml
without checking the release fails here.
"""

from mdm2io.knowledge import load_knowledge

RELEASE = "oncotree_2026_05_21"

_ROWS = """\
BLCA\tBladder Urothelial Carcinoma\tBladder Cancer\tBladder/Urinary Tract\tBLADDER
UTUC\tUpper Tract Urothelial Carcinoma\tBladder Cancer\tBladder/Urinary Tract\tBLADDER
MEL\tMelanoma\tMelanoma\tSkin\tSKIN
SKCM\tCutaneous Melanoma\tMelanoma\tSkin\tMEL
ACRM\tAcral Melanoma\tMelanoma\tSkin\tMEL
UM\tUveal Melanoma\tMelanoma\tEye\tOM
HNMUCM\tHead and Neck Mucosal Melanoma\tMelanoma\tHead and Neck\tHEAD_NECK
ARMM\tAnorectal Mucosal Melanoma\tMelanoma\tBowel\tBOWEL
VMM\tMucosal Melanoma of the Vulva/Vagina\tMelanoma\tVulva/Vagina\tVULVA
ESMM\tMucosal Melanoma of the Esophagus\tMelanoma\tEsophagus/Stomach\tSTOMACH
URMM\tMucosal Melanoma of the Urethra\tMelanoma\tBladder/Urinary Tract\tBLADDER
MCC\tMerkel Cell Carcinoma\tSkin Cancer, Non-Melanoma\tSkin\tSKIN
CSCC\tCutaneous Squamous Cell Carcinoma\tSkin Cancer, Non-Melanoma\tSkin\tSKIN
NSCLC\tNon-Small Cell Lung Cancer\tNon-Small Cell Lung Cancer\tLung\tLUNG
LUAD\tLung Adenocarcinoma\tNon-Small Cell Lung Cancer\tLung\tNSCLC
LUSC\tLung Squamous Cell Carcinoma\tNon-Small Cell Lung Cancer\tLung\tNSCLC
SCLC\tSmall Cell Lung Cancer\tSmall Cell Lung Cancer\tLung\tLNET
SARCNOS\tSarcoma, NOS\tSoft Tissue Sarcoma\tSoft Tissue\tSOFT_TISSUE
LIPO\tLiposarcoma\tSoft Tissue Sarcoma\tSoft Tissue\tSOFT_TISSUE
DDLS\tDedifferentiated Liposarcoma\tSoft Tissue Sarcoma\tSoft Tissue\tLIPO
WDLS\tWell-Differentiated Liposarcoma\tSoft Tissue Sarcoma\tSoft Tissue\tLIPO
MPNST\tMalignant Peripheral Nerve Sheath Tumor\tNerve Sheath Tumor\tPeripheral Nervous System\tCPSNT
HCC\tHepatocellular Carcinoma\tHepatobiliary Cancer\tLiver\tLIVER
CHOL\tCholangiocarcinoma\tHepatobiliary Cancer\tBiliary Tract\tIPN
GBC\tGallbladder Cancer\tHepatobiliary Cancer\tBiliary Tract\tICPN
AMPCA\tAmpullary Carcinoma\tAmpullary Cancer\tAmpulla of Vater\tAMPULLA_OF_VATER
PAAD\tPancreatic Adenocarcinoma\tPancreatic Cancer\tPancreas\tPANCREAS
HNSC\tHead and Neck Squamous Cell Carcinoma\tHead and Neck Cancer\tHead and Neck\tHEAD_NECK
COAD\tColon Adenocarcinoma\tColorectal Cancer\tBowel\tCOADREAD
BRCA\tInvasive Breast Carcinoma\tBreast Cancer\tBreast\tBREAST
ESCC\tEsophageal Squamous Cell Carcinoma\tEsophagogastric Cancer\tEsophagus/Stomach\tSTOMACH
UCEC\tEndometrial Carcinoma\tEndometrial Cancer\tUterus\tUTERUS
CCRCC\tRenal Clear Cell Carcinoma\tRenal Cell Carcinoma\tKidney\tRCC
"""
RELEASE_ROWS = {r.split("\t")[0]: dict(zip(("code", "name", "main_type", "tissue", "parent"), r.split("\t")))
                for r in _ROWS.splitlines()}

# mdm2io groupings that are not codes of the release (documented in oncotree.yaml and sources.yaml)
NOT_IN_RELEASE = {"SARC", "MUM", "UC_UNSPECIFIED"}


def test_subset_codes_names_and_tissues_match_the_release():
    kb = load_knowledge()
    assert RELEASE in kb.sources["oncotree"].citation and kb.sources["oncotree"].status == "verified"
    assert set(kb.oncotree) - NOT_IN_RELEASE == set(RELEASE_ROWS)
    for code, c in kb.oncotree.items():
        if code in NOT_IN_RELEASE:
            assert code not in RELEASE_ROWS
            continue
        row = RELEASE_ROWS[code]
        assert (c.name, c.tissue) == (row["name"], row["tissue"]), code


def test_parent_links_are_the_releases_or_a_documented_grouping():
    kb = load_knowledge()
    for code, c in kb.oncotree.items():
        if c.parent is None or code in NOT_IN_RELEASE or c.parent in NOT_IN_RELEASE:
            continue
        assert c.parent == RELEASE_ROWS[code]["parent"], code


def test_release_mucosal_melanoma_codes_count_as_melanoma():
    """The release replaced 'Mucosal Melanoma (MUM)' by site codes; all are MainType Melanoma."""
    kb = load_knowledge()
    site_codes = {k for k, r in RELEASE_ROWS.items() if r["main_type"] == "Melanoma" and "Mucosal" in r["name"]}
    assert site_codes == {"HNMUCM", "ARMM", "VMM", "ESMM", "URMM"}
    assert site_codes <= kb.expand_codes({"MEL"}) and site_codes <= kb.expand_codes({"MUM"})
    assert kb.resolve_tumour_type("anorectal mucosal melanoma") == frozenset({"ARMM"})
