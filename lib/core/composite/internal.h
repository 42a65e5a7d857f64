/* Shared between the files of the composite engine (not public).
 *
 * Layout: a model holds nodes numbered indicators first, then aggregates by
 * ascending level, so one left-to-right sweep over the aggregates sees every
 * child before its parent. A plan holds one column-major matrix x of
 * nunits × nnodes doubles: column j is node j, NaN is missing. Every step
 * works in place on x, over the units still active. */
#ifndef IX_COMPOSITE_INTERNAL_H
#define IX_COMPOSITE_INTERNAL_H

#include <stddef.h>

#include "indeks/composite.h"
#include "indeks/util.h"

typedef struct ix__comp_node {
    char *code, *name, *parent_code, *denom_code, *recommendation, *unit;
    ix_comp_type type;
    int level, direction, gp_trunc, cap_max;
    double weight, target, gp_lower, gp_upper, gp_scale;
    long line;          /* IMETA line */
    long parent;        /* node index, -1 for the index */
    long denom;         /* index into model->extras, -1 = none */
    long data_col;      /* IDATA column (1-based), 0 until set */
    double *raw;        /* nunits values (indicators) */
    size_t *children;   /* node indices */
    size_t nchildren;
} ix__comp_node;

/* Group, Denominator and Other rows. */
typedef struct ix__comp_extra {
    char *code;
    ix_comp_type type;
    long line, data_col;
    double *values;     /* Denominator */
    int *group;         /* Group: group id per unit, -1 = none */
    size_t ngroups;
} ix__comp_extra;

struct ix_comp_model {
    ix__comp_node *nodes;
    size_t nnodes, nind;
    ix__comp_extra *extras;
    size_t nextras;
    size_t nunits;
    char **ucodes, **unames;
    long *ulines;
    double *coverage;
    int nlevels;
    long code_col;      /* IDATA uCode column */
    ix_comp_meta_cols mcols;
    char meta_source[256], data_source[256];
    /* Codes to positions, built once the rows are copied: a lookup per
     * indicator must not scan them all (20,000 indicators). */
    ix_name_index node_index, extra_index;
};

struct ix_comp_plan {
    const ix_comp_model *m;
    ix_comp_recipe recipe;
    size_t nu, nn, ni;
    double *x;                  /* nu × nn */
    double *weights;            /* nn */
    unsigned char *active, *withdrawn, *screened;
    size_t *imputed;            /* nu */
    double *scratch;            /* 2 × nu */
    size_t *order;              /* nu */
    double *grp_sum;            /* max groups */
    size_t *grp_n;
    size_t max_groups;
    ix_comp_treatment *treat;   /* ni */
    long *group_extra;          /* per step: extras index of the group column */
};

/* Stats kernels (stats.c). */
void ix__sort(double *a, size_t n);
/* Sorts idx[0..n) by key[idx[i]] ascending (heapsort, no allocation). */
void ix__sort_index(size_t *idx, size_t n, const double *key);
double ix__median_sorted(const double *a, size_t n);

/* Steps (one file each). p->active tells which units take part. */
ix_status ix__comp_denominate(ix_comp_plan *p, const ix_comp_step *s, ix_diag *d);
ix_status ix__comp_impute(ix_comp_plan *p, const ix_comp_step *s, size_t stepno, ix_diag *d);
ix_status ix__comp_screen(ix_comp_plan *p, const ix_comp_step *s, ix_diag *d);
ix_status ix__comp_treat(ix_comp_plan *p, const ix_comp_step *s, ix_diag *d);
ix_status ix__comp_normalise(ix_comp_plan *p, const ix_comp_step *s, ix_diag *d);
ix_status ix__comp_aggregate(ix_comp_plan *p, const ix_comp_step *s, ix_diag *d);

/* One indicator's treatment (treat.c), usable on its own: x has n values
 * (NaN skipped); scratch n doubles. */
void ix__comp_treat_column(double *x, size_t n, int winmax, double skew_thresh,
                           double kurt_thresh, double *scratch, ix_comp_treatment *out);

/* Column of node j in the plan's matrix. */
static inline double *ix__col(const ix_comp_plan *p, size_t j)
{
    return p->x + j * p->nu;
}

#endif
