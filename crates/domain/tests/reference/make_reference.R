# Produces the reference values that crates/domain/tests/reference.rs checks
# Jobspor's statistics against, with R's survival package (3.5-3 when this was
# run; Debian bookworm's r-cran-survival). Run from this folder:
#     Rscript make_reference.R
# It writes the data sets (*.csv) and the expected values (*.expected), one
# line per quantity: a name, then the values; NA where R gives none.
suppressMessages(library(survival))
options(digits = 15)

out <- NULL
put <- function(name, v) {
  v <- ifelse(is.na(v), "NA", sprintf("%.15g", v))
  cat(name, v, "\n", file = out, append = TRUE)
}

km <- function(prefix, d) {
  fit <- survfit(Surv(time, event) ~ 1, data = d, conf.type = "log-log")
  s <- summary(fit)  # event times only
  put(paste0(prefix, ".time"), s$time)
  put(paste0(prefix, ".n_risk"), s$n.risk)
  put(paste0(prefix, ".n_event"), s$n.event)
  put(paste0(prefix, ".surv"), s$surv)
  put(paste0(prefix, ".std_err"), s$std.err)
  put(paste0(prefix, ".lower"), s$lower)
  put(paste0(prefix, ".upper"), s$upper)
  tab <- summary(fit, rmean = max(d$time))$table
  put(paste0(prefix, ".median"), tab[c("median", "0.95LCL", "0.95UCL")])
  put(paste0(prefix, ".rmean"), tab["rmean"])
  tau <- 26
  put(paste0(prefix, ".rmean26"), summary(fit, rmean = tau)$table["rmean"])
}

# 1. Three groups of 25 citizens: weeks to self-support in whole weeks (many
#    ties), about a third censored, and covariates for the Cox model.
set.seed(2015)
n <- 75
d <- data.frame(
  group = rep(c("A", "B", "C"), each = 25),
  age = sample(c("18-29", "30-49", "50+"), n, replace = TRUE),
  risk = sample(0:2, n, replace = TRUE)
)
rate <- c(A = 0.05, B = 0.08, C = 0.03)[d$group] * c(1, 0.8, 0.6)[d$risk + 1]
d$time <- pmax(1, ceiling(rexp(n, rate)))
cens <- ceiling(runif(n, 10, 80))
d$event <- as.integer(d$time <= cens)
d$time <- pmin(d$time, cens)
write.csv(d[, c("time", "event", "group", "age", "risk")], "groups.csv", row.names = FALSE, quote = FALSE)
out <- "groups.expected"
unlink(out)
km("all", d)
for (g in c("A", "B", "C")) km(paste0("km_", g), d[d$group == g, ])
lr <- survdiff(Surv(time, event) ~ group, data = d)
put("logrank3.obs", lr$obs)
put("logrank3.exp", lr$exp)
put("logrank3.chisq", lr$chisq)
put("logrank3.p", pchisq(lr$chisq, 2, lower.tail = FALSE))
d2 <- d[d$group != "C", ]
lr2 <- survdiff(Surv(time, event) ~ group, data = d2)
put("logrank2.chisq", lr2$chisq)
put("logrank2.p", pchisq(lr2$chisq, 1, lower.tail = FALSE))
cx <- coxph(Surv(time, event) ~ factor(group) + factor(age) + risk, data = d, ties = "efron")
s <- summary(cx)
put("cox.coef", s$coefficients[, "coef"])
put("cox.se", s$coefficients[, "se(coef)"])
put("cox.hr", s$coefficients[, "exp(coef)"])
put("cox.lower", s$conf.int[, "lower .95"])
put("cox.upper", s$conf.int[, "upper .95"])
put("cox.p", s$coefficients[, "Pr(>|z|)"])
put("cox.loglik", cx$loglik[2])

# 2. A single small group that ends with everyone in self-support (S reaches 0).
d <- data.frame(time = c(2, 3, 3, 5, 6, 6, 6, 8, 9, 12), event = c(1, 1, 0, 1, 1, 1, 0, 1, 0, 1))
write.csv(d, "single.csv", row.names = FALSE, quote = FALSE)
out <- "single.expected"
unlink(out)
km("all", d)

# 3. Edge cases, in whole weeks, where R has a convention of its own:
#    - group A: S(t) lands on 0.5 (5 of 10 leave by week 3, the next exit is
#      in week 5), so the median is the midpoint 4, whatever the rounding;
#    - group C: no one reaches self-support: a flat curve, no median, and a
#      restricted mean equal to tau;
#    - group D: everyone censored in week 0, before the first exit: its
#      expected count is 0 and survdiff drops it (df = 2, not 3);
#    - Cox on A, B and C with a factor whose level C has no events (an
#      infinite coefficient, with R's warning) and a column identical to
#      another (aliased: NA).
d <- data.frame(
  time = c(1, 2, 2, 3, 3, 5, 6, 6, 7, 9,
           2, 4, 4, 5, 8, 8, 10, 11, 12, 14,
           3, 5, 6, 8, 9, 12, 13, 15,
           0, 0, 0, 0, 0),
  event = c(1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
            1, 1, 0, 1, 1, 0, 1, 1, 0, 1,
            0, 0, 0, 0, 0, 0, 0, 0,
            0, 0, 0, 0, 0),
  group = c(rep("A", 10), rep("B", 10), rep("C", 8), rep("D", 5)),
  age = c("young", "old", "young", "old", "old", "young", "young", "old", "young", "old",
          "old", "young", "old", "old", "young", "young", "old", "young", "old", "young",
          "young", "old", "old", "young", "old", "young", "old", "young",
          "young", "old", "young", "old", "young")
)
d$risk <- as.integer(d$age == "old")
write.csv(d, "edge.csv", row.names = FALSE, quote = FALSE)
out <- "edge.expected"
unlink(out)
km("km_A", d[d$group == "A", ])
km("km_C", d[d$group == "C", ])
lr <- survdiff(Surv(time, event) ~ group, data = d)
put("logrank.obs", lr$obs)
put("logrank.exp", lr$exp)
put("logrank.chisq", lr$chisq)
put("logrank.df", sum(lr$exp > 0) - 1)
put("logrank.p", pchisq(lr$chisq, sum(lr$exp > 0) - 1, lower.tail = FALSE))
abc <- d[d$group != "D", ]
abc$old <- as.integer(abc$age == "old")
warned <- NULL
cx <- withCallingHandlers(
  coxph(Surv(time, event) ~ factor(group) + old + risk, data = abc, ties = "efron"),
  warning = function(w) {
    warned <<- c(warned, conditionMessage(w))
    invokeRestart("muffleWarning")
  }
)
# Which coefficients R calls "may be infinite", from its warning.
inf <- as.integer(strsplit(gsub(" ", "", sub(".*variable(.*);.*", "\\1", warned)), ",")[[1]])
put("cox.infinite", inf)
put("cox.coef", coef(cx))
put("cox.se", sqrt(diag(vcov(cx)))[c(1, 2, 3)])
put("cox.loglik", cx$loglik[2])

# 4. Screening validity: the AUC of a risk class (0 low, 1 moderate, 2 high)
#    for a course of more than 52 weeks, with many ties, and its DeLong
#    variance and 95% interval (pROC, the reference implementation).
suppressMessages(library(pROC))
set.seed(2016)
n <- 120
level <- sample(0:2, n, replace = TRUE, prob = c(0.3, 0.4, 0.3))
long <- as.integer(runif(n) < c(0.1, 0.3, 0.6)[level + 1])
d <- data.frame(level = level, long = long)
write.csv(d, "screening.csv", row.names = FALSE, quote = FALSE)
out <- "screening.expected"
unlink(out)
r <- roc(d$long, d$level, levels = c(0, 1), direction = "<", quiet = TRUE)
put("auc", as.numeric(auc(r)))
put("delong.var", var(r, method = "delong"))
ci <- ci.auc(r, method = "delong")
put("delong.ci", c(ci[1], ci[3]))
