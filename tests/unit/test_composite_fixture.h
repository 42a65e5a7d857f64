/* Small composite models built in code for the unit tests: a flat tree of
 * indicators under one index, and a helper to run one recipe on it. */
#ifndef TEST_COMPOSITE_FIXTURE_H
#define TEST_COMPOSITE_FIXTURE_H

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "indeks/composite.h"

#define FX_MAX 8

static inline ix_comp_meta_row fx_row(const char *code, ix_comp_type type, int level, const char *parent,
                               double weight, int direction)
{
    ix_comp_meta_row r;
    memset(&r, 0, sizeof r);
    r.code = code;
    r.name = code;
    r.parent = parent;
    r.type = type;
    r.level = level;
    r.weight = weight;
    r.direction = direction;
    r.target = r.gp_lower = r.gp_upper = r.gp_scale = NAN;
    r.gp_trunc = 1;
    r.line = 2;
    return r;
}

/* nind indicators i1..iN (weights w, directions dir) under index "IDX";
 * cols[i] holds nunits values. On error prints the diag and fails the test. */
static inline ix_comp_model *fx_flat(size_t nind, const double *w, const int *dir, size_t nunits,
                              const double cols[][FX_MAX], ix_comp_meta_row *extra_rows,
                              size_t nextra)
{
    static const char *codes[] = {"i1", "i2", "i3", "i4", "i5", "i6", "i7", "i8"};
    static const char *ucodes[] = {"u1", "u2", "u3", "u4", "u5", "u6", "u7", "u8"};
    ix_comp_meta_row rows[FX_MAX + 4];
    size_t n = 0;
    ix_diag d;
    ix_comp_model *m = NULL;
    for (size_t i = 0; i < nind; i++)
        rows[n++] = fx_row(codes[i], IX_COMP_INDICATOR, 1, "IDX", w[i], dir[i]);
    rows[n++] = fx_row("IDX", IX_COMP_AGGREGATE, 2, "", NAN, 0);
    for (size_t e = 0; e < nextra; e++)
        rows[n++] = extra_rows[e];
    for (size_t i = 0; i < n; i++)
        rows[i].line = (long)i + 2;
    if (ix_comp_model_new(rows, n, "meta.csv", NULL, &m, &d) ||
        ix_comp_model_set_units(m, nunits, ucodes, ucodes, NULL, 1, "data.csv", &d))
        goto fail;
    for (size_t i = 0; i < nind; i++)
        if (ix_comp_model_set_values(m, codes[i], cols[i], (long)i + 2, &d))
            goto fail;
    return m;
fail:
    fprintf(stderr, "fixture: %s\n", d.message);
    ix_comp_model_free(m);
    fail(); /* callers use the model unchecked (e.g. out of memory under tests/alloc/run.sh) */
    return NULL;
}

/* Runs recipe on m; returns the status and leaves the plan in *out. */
static inline ix_status fx_run(const ix_comp_model *m, const ix_comp_recipe *r, ix_comp_plan **out,
                        ix_diag *d)
{
    ix_status st = ix_comp_plan_new(m, r, out, d);
    if (st)
        return st;
    return ix_comp_plan_run(*out, d);
}

static inline void fx_recipe(ix_comp_recipe *r, size_t n, const ix_comp_step_kind *kinds)
{
    memset(r, 0, sizeof *r);
    for (size_t k = 0; k < n; k++)
        ix_comp_step_default(&r->steps[k], kinds[k]);
    r->nsteps = n;
    snprintf(r->source, sizeof r->source, "test");
}

/* Compares with a tolerance relative to the expected value; prints both. */
#define FX_NEAR(got, want)                                                                  \
    do {                                                                                    \
        double g_ = (got), w_ = (want);                                                     \
        if (isnan(w_) ? !isnan(g_) : !(fabs(g_ - w_) <= 1e-12 * (1 + fabs(w_)))) {          \
            fprintf(stderr, "%s:%d: got %.17g, want %.17g\n", __FILE__, __LINE__, g_, w_);  \
            fail();                                                                         \
        }                                                                                   \
    } while (0)

#endif
