/* Added for the sensitivity analysis (issue 7), not public: running part
 * of a recipe on a plan, changing a step between runs, saving and
 * restoring the indicator matrix, and a column-wise aggregate that gives
 * the same bits as ix__comp_aggregate for amean, gmean and hmean.
 * Nothing here changes what ix_comp_plan_run does. */
#ifndef IX_COMPOSITE_SA_PLAN_H
#define IX_COMPOSITE_SA_PLAN_H

#include "composite/internal.h"

/* Runs steps [from, to) of the plan's recipe. from == 0 loads the raw data
 * first (as ix_comp_plan_run does); from > 0 works on the matrix as the
 * last run or ix__comp_plan_load left it. Allocates nothing. */
ix_status ix__comp_plan_run_steps(ix_comp_plan *p, size_t from, size_t to, ix_diag *d);

/* Replaces step k (same kind) for later runs. The step must have been
 * checked by compiling a plan with it (ix_comp_plan_new). */
ix_status ix__comp_plan_set_step(ix_comp_plan *p, size_t k, const ix_comp_step *s, ix_diag *d);
const ix_comp_step *ix__comp_plan_step(const ix_comp_plan *p, size_t k);

/* The plan's weights (nnodes), writable between runs. */
double *ix__comp_plan_weights(ix_comp_plan *p);

/* The indicator columns (nindicators × nunits) and the active flags. */
void ix__comp_plan_save(const ix_comp_plan *p, double *x, unsigned char *active);
void ix__comp_plan_load(ix_comp_plan *p, const double *x, const unsigned char *active);

/* Step s (an aggregate) column by column. logx (may be NULL) holds log of
 * the indicator columns as loaded; acc is 4 × nunits doubles of scratch;
 * colnan (nnodes) flags columns that may hold a NaN: the caller sets the
 * indicators' (ix__comp_plan_nan_columns), the aggregate sets its own.
 * mazziotta_pareto and every error go through ix__comp_aggregate. */
ix_status ix__comp_sa_aggregate(ix_comp_plan *p, const ix_comp_step *s, const double *logx,
                                double *acc, unsigned char *colnan, ix_diag *d);
/* colnan[j] = 1 when column j of the plan's matrix holds a NaN. */
void ix__comp_plan_nan_columns(const ix_comp_plan *p, unsigned char *colnan);

#endif
