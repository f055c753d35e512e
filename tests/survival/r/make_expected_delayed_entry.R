# Expected values for delayed entry (left truncation) and Fisher's r x c test, from R (independent
# of lifelines/mdm2io). Made with R 4.2.2 Patched, survival 3.5-3, boot 1.3-28.1, jsonlite 1.8.4
# (Debian bookworm packages r-cran-survival, r-cran-boot, r-cran-jsonlite).
#
# From the repository root:
#   Rscript tests/survival/r/make_expected_delayed_entry.R
# writes input_channing.tsv (the data) and expected_delayed_entry.json, expected_fisher_rxc.json.
#
# Data (REAL, not synthetic): Channing House, boot::channing (licence of package boot: "Unlimited";
# Hyde J. Testing survival with incomplete observations. In: Biostatistics Casebook, Wiley 1980,
# pp. 31-46). 462 residents of a retirement centre in Palo Alto; age (months) at entry to the
# centre = delayed entry, age at death or censoring = exit; cens = 1 died. Residents are at risk
# only from their entry age on, which is exactly the left truncation of a genomic cohort whose
# patients enter the risk set when sequenced. 5 residents have exit <= entry; R's Surv() sets them
# to NA (excluded, with a warning); mdm2io excludes and reports them.
#
# The log-rank test with delayed entry: survdiff() does not accept counting-process data, so the
# expected value is the score test of coxph(Surv(entry, exit, cens) ~ sex, ties = "exact") (exact
# partial likelihood = conditional logistic), which for one binary covariate IS the log-rank
# statistic with survdiff's hypergeometric variance, computed on the risk sets {entry < t <= exit}
# (Therneau & Grambsch 2000, sec. 3.3). ties = "breslow" gives the same statistic only WITHOUT tied
# event times (its variance is d p (1 - p), not d (n - d)/(n - 1) p (1 - p)); Channing has ties, so
# both are recorded, and the equivalence exact-score == survdiff is checked below on the same data
# without delayed entry (time since entry), where survdiff applies.

suppressPackageStartupMessages({library(survival); library(boot); library(jsonlite)})
args <- commandArgs(trailingOnly = FALSE)
here <- dirname(normalizePath(sub("^--file=", "", args[grep("^--file=", args)])))
out <- function(x, f) writeLines(toJSON(x, auto_unbox = TRUE, digits = NA, na = "null", null = "null"),
                                 file.path(here, f))
data(channing, package = "boot")
d <- channing[, c("sex", "entry", "exit", "cens")]
d$id <- sprintf("CH%03d", seq_len(nrow(d)))
write.table(d[, c("id", "sex", "entry", "exit", "cens")], file.path(here, "input_channing.tsv"), sep = "\t",
            quote = FALSE, row.names = FALSE)

landmarks <- c(900, 1000, 1100)
km <- function(conf.type) {
  fit <- suppressWarnings(survfit(Surv(entry, exit, cens) ~ sex, data = d, conf.type = conf.type))
  q <- quantile(fit, probs = 0.5)
  res <- list()
  levs <- sub("^sex=", "", names(fit$strata))
  for (i in seq_along(levs)) {
    f1 <- fit[i]
    s <- summary(f1, times = landmarks, extend = FALSE)
    lm <- list()
    for (t in landmarks) {
      j <- which(s$time == t)
      if (length(j)) lm[[sprintf("%g", t)]] <- list(surv = s$surv[j], lower = s$lower[j], upper = s$upper[j],
                                                     n_risk = s$n.risk[j])
    }
    res[[levs[i]]] <- list(events = sum(f1$n.event), median = unname(q$quantile[i]),
                           median_lower = unname(q$lower[i]), median_upper = unname(q$upper[i]), landmarks = lm,
                           time = f1$time, n_risk = f1$n.risk, surv = f1$surv)
  }
  res
}
ok <- d$exit > d$entry
cx <- suppressWarnings(coxph(Surv(entry, exit, cens) ~ sex, data = d))
sx <- summary(cx)
cb <- suppressWarnings(coxph(Surv(entry, exit, cens) ~ sex, data = d, ties = "breslow"))
ce <- suppressWarnings(coxph(Surv(entry, exit, cens) ~ sex, data = d, ties = "exact"))
# check of the equivalence on right-censored data (time since entry), where survdiff applies
d2 <- transform(d[ok, ], since = exit - entry)
sd2 <- survdiff(Surv(since, cens) ~ sex, data = d2)
ce2 <- coxph(Surv(since, cens) ~ sex, data = d2, ties = "exact")
stopifnot(abs(sd2$chisq - ce2$score) < 1e-8 * sd2$chisq)
# expected events per group under H0 (the log-rank O and E), from the Breslow null model's martingale residuals
nul <- suppressWarnings(coxph(Surv(entry, exit, cens) ~ 1, data = d[ok, ], ties = "breslow"))
e_i <- d$cens[ok] - residuals(nul, type = "martingale")
out(list(
  n_analysed = sum(ok), n_excluded = sum(!ok), excluded_ids = d$id[!ok],
  km_loglog = km("log-log"), km_log = km("log"),
  cox = list(coef = unname(coef(cx)), se = unname(sqrt(diag(vcov(cx)))), hr = unname(exp(coef(cx))),
             hr_lower = unname(sx$conf.int[, "lower .95"]), hr_upper = unname(sx$conf.int[, "upper .95"]),
             p = unname(sx$coefficients[, "Pr(>|z|)"]), lr_chisq = unname(sx$logtest["test"]),
             lr_p = unname(sx$logtest["pvalue"]), n = cx$n, events = cx$nevent),
  logrank_breslow_score = unname(cb$score),
  survdiff_since_entry = list(chisq = sd2$chisq, exact_score = unname(ce2$score)),
  logrank = list(chisq = unname(ce$score), df = 1, p = unname(pchisq(ce$score, 1, lower.tail = FALSE)),
                 observed = unname(tapply(d$cens[ok], d$sex[ok], sum)),
                 expected = unname(tapply(e_i, d$sex[ok], sum)))
), "expected_delayed_entry.json")

# Fisher's exact test (Freeman-Halton) on r x c tables: R fisher.test (network algorithm, Mehta & Patel 1983)
tabs <- list(
  t3x2 = matrix(c(3, 7, 1, 5, 2, 6), nrow = 3),          # 3 groups x (responder no / yes)
  t2x3 = matrix(c(3, 5, 7, 2, 1, 6), nrow = 2),          # the same counts laid out 2 x 3
  t4x2 = matrix(c(12, 20, 9, 4, 3, 8, 2, 9), nrow = 4),
  t3x2_large = matrix(c(60, 45, 70, 14, 22, 9), nrow = 3),
  t5x2 = matrix(c(30, 25, 41, 12, 33, 9, 14, 8, 7, 15), nrow = 5),
  # too large for mdm2io's exact enumeration budget: mdm2io gives a Monte Carlo p (checked within its error)
  t8x2 = matrix(c(40, 35, 22, 51, 28, 44, 19, 37, 12, 18, 9, 15, 20, 10, 11, 16), nrow = 8)
)
out(lapply(tabs, function(m) list(table = lapply(seq_len(nrow(m)), function(i) m[i, ]),
                                  p = fisher.test(m, workspace = 2e8)$p.value)), "expected_fisher_rxc.json")
