"""p53–MDM2 core and p53 transcriptional outputs (tumour-average, time in days).

Core: the negative-feedback form of Geva-Zatorsky et al. 2006 Model IV (saturating
MDM2-dependent p53 degradation; Mol Syst Biol 2:2006.0033, doi:10.1038/msb4100068;
BioModels BIOMD0000000157). Rates are the model's hourly values × 24. The Michaelis
constant is raised from 1e-4 to 1 so the tumour-average loop is damped (a population of
desynchronised oscillators; Lev Bar-Or et al. 2000, doi:10.1073/pnas.210171597; research
notes §1.6). Additions (research notes §1.6, §2.6):

- MDM2 amplification adds p53-independent MDM2 synthesis proportional to copy number.
- An MDM2 inhibitor blocks MDM2-dependent p53 degradation by the fraction ``I_m``.
- TP53-mutant tumours (``w_tp53 = 0``) lose p53 transcriptional output: no feedback MDM2
  synthesis, no arrest/apoptosis signals, no MHC-I/NKG2D-ligand induction.
- Two readouts separate schedules (Jeay et al. 2018, Cancer Res 78:6257,
  doi:10.1158/0008-5472.CAN-18-0338; Purvis et al. 2012, doi:10.1126/science.1218351):
  a low-threshold slow arrest signal (p21) and a high-threshold steep apoptosis signal (PUMA).
"""

from __future__ import annotations

from .spec import LogNormal, ModelSpec, Parameter, Reaction, Rule, Species

__all__ = ["p53_module"]

GZ = "Geva-Zatorsky 2006 doi:10.1038/msb4100068 (Model IV, BIOMD0000000157; hourly rate x 24)"
JEAY = "Jeay 2018 doi:10.1158/0008-5472.CAN-18-0338"


def p53_module() -> ModelSpec:
    """The p53–MDM2 module.

    Examples
    --------
    >>> p53_module().species_ids
    ['p53', 'Mdm2_pre', 'Mdm2', 'S_arrest', 'S_apop']
    """
    P = Parameter
    params = [
        P("beta_p53", 0.9 * 24, "1/day", "p53 synthesis (normalised units)", GZ, status="derived"),
        P("alpha_k", 1.7 * 24, "1/day", "maximal MDM2-dependent p53 degradation", GZ, status="derived"),
        P("K_p53", 1.0, "1", "p53 level of half-maximal MDM2-dependent degradation",
          "assumed: raised from 1e-4 (GZ Model IV) to the 'over-damped' variant of research notes §5.6 (population average, §1.6)", status="assumed"),
        P("alpha_p53", 2.4, "1/day", "MDM2-independent p53 degradation", "assumed (GZ Model IV has alpha_x = 0)", status="assumed"),
        P("beta_mdm2", 1.1 * 24, "1/day", "p53-induced MDM2 precursor synthesis", GZ, status="derived"),
        P("beta_amp", 60.0, "1/day", "maximal p53-independent MDM2 synthesis from MDM2 gene copies",
          "assumed: research notes §1.6 (amplification = basal synthesis rising with copy number)", status="assumed"),
        P("cn50_mdm2", 30.0, "copies", "copy number of half-maximal basal MDM2 synthesis (expression saturates)",
          "assumed", status="assumed"),
        P("alpha_0", 0.8 * 24, "1/day", "MDM2 precursor maturation", GZ, status="derived"),
        P("alpha_mdm2", 0.8 * 24, "1/day", "MDM2 degradation", GZ, status="derived"),
        P("mdm2_cn", 2.0, "copies", "MDM2 copy number of the tumour (patient covariate)", "patient covariate"),
        P("w_tp53", 1.0, "1", "TP53 transcriptional competence (1 wild-type, 0 mutant; patient covariate)", "patient covariate"),
        P("k_arrest", 0.5, "1/day", "arrest-signal (p21) induction", "assumed; slow response, research notes §6.1", status="assumed"),
        P("d_arrest", 0.5, "1/day", "arrest-signal decay", "research notes §6.1 (d_A ~ 0.5/day)", status="assumed"),
        P("K_arrest", 1.0, "1", "p53 activity of half-maximal arrest signal (Hill n = 2)", JEAY + " (low threshold); value assumed", status="assumed"),
        P("k_apop", 2.0, "1/day", "apoptosis-signal (PUMA) induction", "assumed", status="assumed"),
        P("d_apop", 2.0, "1/day", "apoptosis-signal decay", "assumed (faster than arrest)", status="assumed"),
        P("K_apop", 2.5, "1", "p53 activity of half-maximal apoptosis signal (Hill n = 4)", JEAY + " (high threshold); value assumed", status="assumed"),
    ]
    species = [
        Species("p53", 0.7, "1", "p53 protein level (normalised, tumour average)"),
        Species("Mdm2_pre", 1.15, "1", "MDM2 precursor (mRNA / nuclear precursor)"),
        Species("Mdm2", 1.15, "1", "MDM2 protein"),
        Species("S_arrest", 0.33, "1", "sustained p53 arrest signal (p21), 0-1"),
        Species("S_apop", 0.0, "1", "p53 apoptosis signal (PUMA), 0-1"),
    ]
    reactions = [
        Reaction("p53_syn", "beta_p53", {"p53": 1}, "p53 synthesis", GZ),
        Reaction("p53_deg_mdm2", "alpha_k * Mdm2 * p53 / (p53 + K_p53) * (1 - I_m)", {"p53": -1},
                 "MDM2-dependent p53 degradation, blocked by MDM2 inhibitor", GZ + "; inhibition: research notes §1.6",
                 kb_edge="e_mdm2_p53_ub; e_mdm2i_mdm2"),
        Reaction("p53_deg", "alpha_p53 * p53", {"p53": -1}, "MDM2-independent p53 degradation", "assumed"),
        Reaction("mdm2_tx", "w_tp53 * beta_mdm2 * p53 + beta_amp * mdm2_cn / (mdm2_cn + cn50_mdm2)", {"Mdm2_pre": 1},
                 "p53-induced (wild-type only) plus copy-number-driven MDM2 synthesis", GZ + "; amplification term: research notes §1.6",
                 kb_edge="e_p53_mdm2_feedback"),
        Reaction("mdm2_mat", "alpha_0 * Mdm2_pre", {"Mdm2_pre": -1, "Mdm2": 1}, "MDM2 maturation", GZ),
        Reaction("mdm2_deg", "alpha_mdm2 * Mdm2", {"Mdm2": -1}, "MDM2 degradation", GZ),
        Reaction("arrest_on", "k_arrest * p53_activity^2 / (K_arrest^2 + p53_activity^2)", {"S_arrest": 1},
                 "p21 arrest signal: low threshold", JEAY, kb_edge=""),
        Reaction("arrest_off", "d_arrest * S_arrest", {"S_arrest": -1}, "arrest-signal decay", "assumed"),
        Reaction("apop_on", "k_apop * p53_activity^4 / (K_apop^4 + p53_activity^4)", {"S_apop": 1},
                 "PUMA apoptosis signal: high threshold, steep", JEAY, kb_edge="e_p53_bax"),
        Reaction("apop_off", "d_apop * S_apop", {"S_apop": -1}, "apoptosis-signal decay", "assumed"),
    ]
    rules = [Rule("p53_activity", "w_tp53 * p53", "1", "p53 transcriptional activity (0 for TP53-mutant tumours)",
                  "research notes §1.6 item 4")]
    return ModelSpec("p53_mdm2", species, params, reactions, rules)
