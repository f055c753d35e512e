# Expected values for tests/survival from R's survival package (independent of lifelines/mdm2io).
#
# Made with: R 4.2.2 Patched (2022-11-10 r83330), survival 3.5-3, jsonlite 1.8.4 (Debian bookworm
# packages r-base-core, r-cran-survival, r-cran-jsonlite; installed with
# `apt-get install -y r-cran-survival r-cran-jsonlite`; R is NOT a runtime dependency of mdm2io).
#
# Exact commands, from the repository root:
#   PYTHONPATH=src python tests/survival/r/export_inputs.py     # open-data inputs (IMvigor210, INSPIRE)
#   Rscript tests/survival/r/make_expected.R                    # writes tests/survival/r/expected_*.json
# OAK (Gandara 2018, no open licence) is read from /work/shared/data (or $MDM2IO_SHARED_DATA) and only
# derived numbers are committed; that case is skipped when the file is absent.

suppressPackageStartupMessages({library(survival); library(jsonlite)})
args <- commandArgs(trailingOnly = FALSE)
here <- dirname(normalizePath(sub("^--file=", "", args[grep("^--file=", args)])))
inp <- function(f) read.delim(file.path(here, f), stringsAsFactors = FALSE, na.strings = "NA")
out <- function(x, f) writeLines(toJSON(x, auto_unbox = TRUE, digits = NA, na = "null", null = "null"),
                                 file.path(here, f))

# Kaplan-Meier per group: n, events, median + CI, survival at landmarks + CI, for one conf.type.
km <- function(d, conf.type, landmarks = c(6, 12, 24)) {
  fit <- survfit(Surv(time, event) ~ group, data = d, conf.type = conf.type)
  q <- quantile(fit, probs = 0.5)
  res <- list()
  levs <- sub("^group=", "", names(fit$strata))
  for (i in seq_along(levs)) {
    f1 <- fit[i]
    lmt <- landmarks[landmarks <= max(f1$time)]  # no extrapolation beyond the last follow-up
    s <- if (length(lmt)) summary(f1, times = lmt, extend = FALSE) else list(time = numeric(0))
    lm <- list()
    for (t in lmt) {
      j <- which(s$time == t)
      lm[[sprintf("%g", t)]] <- if (length(j)) list(surv = s$surv[j], lower = s$lower[j], upper = s$upper[j]) else NULL
    }
    res[[levs[i]]] <- list(n = f1$n, events = sum(f1$n.event),
                           median = unname(q$quantile[i]), median_lower = unname(q$lower[i]),
                           median_upper = unname(q$upper[i]), landmarks = lm)
  }
  res
}

lr <- function(formula, d) {
  s <- survdiff(formula, data = d)
  df <- if (is.matrix(s$obs)) nrow(s$obs) - 1 else length(s$n) - 1
  list(chisq = s$chisq, df = df, p = pchisq(s$chisq, df, lower.tail = FALSE),
       observed = as.numeric(if (is.matrix(s$obs)) rowSums(s$obs) else s$obs),
       expected = as.numeric(if (is.matrix(s$exp)) rowSums(s$exp) else s$exp))
}

cx <- function(fit) {
  s <- summary(fit)
  co <- s$coefficients; ci <- s$conf.int
  terms <- lapply(rownames(co), function(r) list(coef = co[r, "coef"], hr = co[r, "exp(coef)"], se = co[r, "se(coef)"],
                                                 lower = ci[r, "lower .95"], upper = ci[r, "upper .95"], p = co[r, "Pr(>|z|)"]))
  names(terms) <- rownames(co)
  list(terms = terms, loglik = fit$loglik, lr_chisq = unname(s$logtest["test"]), lr_p = unname(s$logtest["pvalue"]),
       n = fit$n, nevent = fit$nevent, ties = fit$method)
}

two_group <- function(d, landmarks = c(6, 12, 24)) {
  list(km_log = km(d, "log", landmarks), km_loglog = km(d, "log-log", landmarks), km_plain = km(d, "plain", landmarks),
       logrank = lr(Surv(time, event) ~ group, d),
       cox = cx(coxph(Surv(time, event) ~ group, data = d, ties = "efron")))
}

# ---- IMvigor210: OS by MDM2 amplification (FoundationOne call), atezolizumab -------------------
im <- inp("input_imvigor210_os.tsv")
im$time <- im$time_months; im$group <- as.character(im$mdm2_amp)
res <- two_group(im)
res$cox_adjusted_tmb <- cx(coxph(Surv(time, event) ~ group + tmb_per_mb, data = im))
im2 <- im[!is.na(im$ecog_baseline), ]
res$cox_adjusted_tmb_ecog <- cx(coxph(Surv(time, event) ~ group + tmb_per_mb + factor(ecog_baseline), data = im2))
# landmark at 2 months: OS from 2 months among patients still followed after 2 months, by response
lmk <- im[im$time > 2 & !is.na(im$best_overall_response) & im$best_overall_response != "NE", ]
lmk$time <- lmk$time - 2
lmk$group <- ifelse(lmk$best_overall_response %in% c("CR", "PR"), "responder", "non-responder")
res$landmark_2m_response <- list(n = nrow(lmk), logrank = lr(Surv(time, event) ~ group, lmk),
                                 cox = cx(coxph(Surv(time, event) ~ group, data = lmk)))
# response: ORR (CR+PR among patients with a response, NE counted as non-responders) by MDM2
rs <- im[!is.na(im$best_overall_response), ]
rs$resp <- rs$best_overall_response %in% c("CR", "PR")
tab <- table(factor(rs$mdm2_amp, levels = c(0, 1)), factor(rs$resp, levels = c(FALSE, TRUE)))
orr <- lapply(c("0", "1"), function(g) { b <- binom.test(tab[g, "TRUE"], sum(tab[g, ]))
  list(x = tab[g, "TRUE"], n = sum(tab[g, ]), lower = b$conf.int[1], upper = b$conf.int[2]) })
names(orr) <- c("0", "1")
ft <- fisher.test(tab)
res$orr_by_mdm2 <- list(groups = orr, fisher_p = ft$p.value, odds_ratio = unname(ft$estimate))
out(res, "expected_imvigor210.json")

# ---- INSPIRE: OS and PFS by sex; stratified log-rank; adjusted Cox --------------------------------
ins <- inp("input_inspire.tsv")
ins$group <- ins$sex
res <- list()
for (ep in c("os", "pfs")) {
  d <- ins; d$time <- d[[paste0(ep, "_months")]]; d$event <- d[[paste0(ep, "_event")]]
  r <- two_group(d)
  r$logrank_stratified_cohort <- lr(Surv(time, event) ~ group + strata(inspire_cohort), d)
  r$cox_adjusted <- cx(coxph(Surv(time, event) ~ group + age_years + inspire_cohort, data = d))
  r$cox_stratified <- cx(coxph(Surv(time, event) ~ group + strata(inspire_cohort), data = d))
  # three-level grouping (k-sample log-rank)
  d3 <- d[d$inspire_cohort %in% c("A", "B", "C"), ]; d3$group <- d3$inspire_cohort
  r$logrank_3groups <- lr(Surv(time, event) ~ group, d3)
  res[[toupper(ep)]] <- r
}
out(res, "expected_inspire.json")

# ---- Edge cases -------------------------------------------------------------------------------------
res <- list()
d <- inp("edge_ties.tsv"); res$ties <- two_group(d, c(2, 5))
res$ties$cox_breslow <- cx(coxph(Surv(time, event) ~ group, data = d, ties = "breslow"))
d <- inp("edge_no_events_group.tsv")
res$no_events_group <- list(km_log = km(d, "log", c(2, 5)), km_loglog = km(d, "log-log", c(2, 5)), logrank = lr(Surv(time, event) ~ group, d))
d <- inp("edge_all_censored.tsv")
res$all_censored <- list(km_log = km(d, "log", c(2, 5)), km_loglog = km(d, "log-log", c(2, 5)))
d <- inp("edge_exact_half.tsv")
res$exact_half <- list(km_log = km(d, "log", c(2, 5)), km_loglog = km(d, "log-log", c(2, 5)))
out(res, "expected_edge.json")

# ---- Synthetic two-arm trial (open; always tested): biomarker x treatment interaction with ties ----------
syn <- inp("input_two_arm_synthetic.tsv")
syn$arm <- factor(syn$arm, levels = c("chemotherapy", "ICI"))
full <- coxph(Surv(time, event) ~ biomarker * arm, data = syn)
main <- coxph(Surv(time, event) ~ biomarker + arm, data = syn)
a <- anova(main, full)
sub <- lapply(c(0, 1), function(g) cx(coxph(Surv(time, event) ~ arm, data = syn[syn$biomarker == g, ])))
names(sub) <- c("0", "1")
out(list(n = nrow(syn), interaction = cx(full), interaction_lr_chisq = a$Chisq[2], interaction_lr_p = a$`Pr(>|Chi|)`[2],
         treatment_by_biomarker = sub, treatment_all = cx(coxph(Surv(time, event) ~ arm, data = syn)),
         interaction_adjusted_age = cx(coxph(Surv(time, event) ~ biomarker * arm + age, data = syn))),
    "expected_two_arm_synthetic.json")

# ---- OAK (atezolizumab vs docetaxel), bTMB >= 16 x treatment interaction (Gandara 2018) ---------------
shared <- Sys.getenv("MDM2IO_SHARED_DATA", "/work/shared/data")
oakf <- file.path(shared, "gandara2018_oak_poplar_clinical", "OAK_Clinical_Data.csv")
if (file.exists(oakf)) {
  oak <- read.csv(oakf, na.strings = c(".", "NA", ""), stringsAsFactors = FALSE)
  oak <- oak[oak$BEP == "Y" & !is.na(oak$btmb), ]
  oak$time <- oak$OS; oak$event <- 1 - oak$OS.CNSR
  oak$btmb16 <- as.integer(oak$btmb >= 16)
  oak$arm <- factor(oak$TRT01P, levels = c("Docetaxel", "MPDL3280A"))
  full <- coxph(Surv(time, event) ~ btmb16 * arm, data = oak)
  main <- coxph(Surv(time, event) ~ btmb16 + arm, data = oak)
  a <- anova(main, full)
  sub <- lapply(c(0, 1), function(g) cx(coxph(Surv(time, event) ~ arm, data = oak[oak$btmb16 == g, ])))
  names(sub) <- c("0", "1")
  byarm <- lapply(levels(oak$arm), function(t) cx(coxph(Surv(time, event) ~ btmb16, data = oak[oak$arm == t, ])))
  names(byarm) <- levels(oak$arm)
  oak$group <- as.character(oak$arm)
  res <- list(n = nrow(oak), interaction = cx(full), interaction_lr_chisq = a$Chisq[2], interaction_lr_p = a$`Pr(>|Chi|)`[2],
              treatment_all = cx(coxph(Surv(time, event) ~ arm, data = oak)), treatment_by_btmb16 = sub,
              btmb16_by_arm = byarm, km_arm_log = km(oak, "log"), logrank_arm = lr(Surv(time, event) ~ group, oak),
              interaction_adjusted = cx(coxph(Surv(time, event) ~ btmb16 * arm + BAGE + factor(ECOGGR), data = oak)))
  out(res, "expected_oak.json")
}
cat("expected values written to", here, "\n")
