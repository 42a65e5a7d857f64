/* A composite-index engine compatible with COINr (JRC), the R package whose
 * two-table input (iData, iMeta) and step semantics we follow.
 *
 * Three objects, built in this order:
 *  - ix_comp_model: the indicator tree from IMETA plus the unit data from
 *    IDATA (raw values, denominators, groups), validated once;
 *  - ix_comp_recipe: the steps to run (a plain struct, no allocation);
 *  - ix_comp_plan: a recipe compiled against a model, holding every buffer a
 *    run needs, so ix_comp_plan_run can be called any number of times (for
 *    uncertainty analysis) without allocating.
 *
 * Ownership: the caller owns every model, plan and recipe it creates and
 * frees it with the matching _free (NULL is a no-op); strings and arrays
 * returned by accessors belong to the object they came from and stay valid
 * until it is freed; a plan borrows its model, which must outlive it. */
#ifndef INDEKS_COMPOSITE_H
#define INDEKS_COMPOSITE_H

#include <stddef.h>

#include "indeks/diag.h"

typedef struct ix_comp_model ix_comp_model;
typedef struct ix_comp_plan ix_comp_plan;

/* ---- IMETA rows ------------------------------------------------------ */

typedef enum {
    IX_COMP_INDICATOR = 1,
    IX_COMP_AGGREGATE,
    IX_COMP_GROUP,
    IX_COMP_DENOMINATOR,
    IX_COMP_OTHER
} ix_comp_type;

/* One IMETA row, as the reader has converted it. Strings may be NULL or "";
 * numbers that are absent are NaN (direction: 0). Strings are copied. */
typedef struct ix_comp_meta_row {
    const char *code, *name, *parent, *denominator, *recommendation, *unit;
    ix_comp_type type;
    int level;       /* 1 = indicator; 0 for Group/Denominator/Other */
    double weight;   /* weight within the parent */
    int direction;   /* 1, -1, or 0 when absent */
    double target;   /* for dist2targ and the profile's "below target" */
    double gp_lower, gp_upper, gp_scale; /* COINr's goalpost_* columns */
    int gp_trunc;    /* goalpost_trunc2posts (default 1) */
    int cap_max;     /* dist2targ_cap_max (default 0) */
    long line;       /* IMETA source line, for diagnostics */
} ix_comp_meta_row;

/* Where the IMETA columns are (1-based; 0 = absent), for diagnostics. */
typedef struct ix_comp_meta_cols {
    long code, level, parent, weight, direction, type, target, denominator;
} ix_comp_meta_cols;

/* Builds and validates the tree: unique iCode; every Parent exists and is an
 * Aggregate; no cycle; an indicator is Level 1 and each parent is one level
 * above its children; Weight finite and >= 0 for every node with a parent;
 * Direction 1 or -1 for every indicator; exactly one top-level node (the
 * index); every Denominator names a row of Type Denominator. */
ix_status ix_comp_model_new(const ix_comp_meta_row *rows, size_t nrows, const char *meta_source,
                            const ix_comp_meta_cols *cols, ix_comp_model **out, ix_diag *d);
void ix_comp_model_free(ix_comp_model *m);

/* Sets the units (copied). lines (may be NULL) are their IDATA lines. A
 * duplicate uCode is an error naming the second line and uCode column. */
ix_status ix_comp_model_set_units(ix_comp_model *m, size_t n, const char *const *codes,
                                  const char *const *names, const long *lines, long code_col,
                                  const char *data_source, ix_diag *d);
/* Copies n = nunits values (NaN = missing) of an Indicator or Denominator
 * column; column is its IDATA column for diagnostics. */
ix_status ix_comp_model_set_values(ix_comp_model *m, const char *code, const double *values,
                                   long column, ix_diag *d);
/* Copies the labels of a Group column ("" = no group). */
ix_status ix_comp_model_set_groups(ix_comp_model *m, const char *code, const char *const *labels,
                                   ix_diag *d);
/* Checks that every indicator (and used denominator) received its values. */
ix_status ix_comp_model_finish(ix_comp_model *m, ix_diag *d);

/* Nodes are numbered indicators first (IMETA order), then aggregates by
 * ascending level; the index is the last node. */
size_t ix_comp_model_nnodes(const ix_comp_model *m);
size_t ix_comp_model_nindicators(const ix_comp_model *m);
size_t ix_comp_model_nunits(const ix_comp_model *m);
size_t ix_comp_model_index_node(const ix_comp_model *m);
int ix_comp_model_nlevels(const ix_comp_model *m);
const char *ix_comp_node_code(const ix_comp_model *m, size_t node);
const char *ix_comp_node_name(const ix_comp_model *m, size_t node);
const char *ix_comp_node_recommendation(const ix_comp_model *m, size_t node);
/* IMETA's Unit of an indicator ("%", "kr", "dage"; "" when absent). */
const char *ix_comp_node_unit(const ix_comp_model *m, size_t node);
int ix_comp_node_level(const ix_comp_model *m, size_t node);
int ix_comp_node_direction(const ix_comp_model *m, size_t node);
double ix_comp_node_target(const ix_comp_model *m, size_t node);
double ix_comp_node_weight(const ix_comp_model *m, size_t node);
/* Parent node index, or -1 for the index. */
long ix_comp_node_parent(const ix_comp_model *m, size_t node);
/* Raw IDATA values of an indicator (nunits), NULL for an aggregate. */
const double *ix_comp_node_raw(const ix_comp_model *m, size_t node);
/* The IDATA denominator column an indicator is divided by under denominate
 * (nunits values), or NULL when it has none. */
const double *ix_comp_node_denominator(const ix_comp_model *m, size_t node);
long ix_comp_model_find_node(const ix_comp_model *m, const char *code);
const char *ix_comp_unit_code(const ix_comp_model *m, size_t unit);
const char *ix_comp_unit_name(const ix_comp_model *m, size_t unit);
long ix_comp_model_find_unit(const ix_comp_model *m, const char *code);
/* Share of indicators present in IDATA for the unit (0..1). */
double ix_comp_unit_coverage(const ix_comp_model *m, size_t unit);
const char *ix_comp_model_data_source(const ix_comp_model *m);
const char *ix_comp_model_meta_source(const ix_comp_model *m);

/* Builds a finished model from IDATA and IMETA tables as ix_csv_read_file
 * returns them (lib/io/composite/composite_read.c). Every IDATA column must be uCode,
 * uName, Time or an IMETA iCode (as COINr requires); every Indicator,
 * Denominator and Group row of IMETA must have an IDATA column. "NA" or an
 * empty cell is missing. Errors name file:line:column. */
struct ix_table;
ix_status ix_comp_model_from_tables(const struct ix_table *idata, const struct ix_table *imeta,
                                    ix_comp_model **out, ix_diag *d);

/* ---- Recipe ------------------------------------------------------------ */

/* The recipe's vocabulary, one X-macro table per kind of name, so the enum,
 * the name a recipe uses and the name output shows cannot drift apart:
 * X(enumerator suffix, value, name). */
#define IX_COMP_STEP_MAP(X)                                                    \
    X(STEP_DENOMINATE, 1, "denominate")                                        \
    X(STEP_IMPUTE, 2, "impute")                                                \
    X(STEP_SCREEN, 3, "screen")                                                \
    X(STEP_TREAT, 4, "treat")                                                  \
    X(STEP_NORMALISE, 5, "normalise")                                          \
    X(STEP_AGGREGATE, 6, "aggregate")
#define IX_COMP_IMPUTE_MAP(X)                                                  \
    X(IMPUTE_MEAN, 1, "mean")                                                  \
    X(IMPUTE_MEDIAN, 2, "median")                                              \
    X(IMPUTE_MEAN_GRP, 3, "mean_grp")                                          \
    X(IMPUTE_MEDIAN_GRP, 4, "median_grp")
#define IX_COMP_NORM_MAP(X)                                                    \
    X(NORM_MINMAX, 1, "minmax")                                                \
    X(NORM_ZSCORE, 2, "zscore")                                                \
    X(NORM_RANK, 3, "rank")                                                    \
    X(NORM_DIST2TARG, 4, "dist2targ")                                          \
    X(NORM_GOALPOSTS, 5, "goalposts")
/* Composite aggregation (not the register aggregation of aggregate.h).
 * mpi_compind is Compind's ci_mpi; genmean and copeland COINr's a_genmean
 * and a_copeland. */
#define IX_COMP_AGG_MAP(X)                                                     \
    X(COMP_AGG_AMEAN, 1, "amean")                                              \
    X(COMP_AGG_GMEAN, 2, "gmean")                                              \
    X(COMP_AGG_HMEAN, 3, "hmean")                                              \
    X(COMP_AGG_MPI, 4, "mazziotta_pareto")                                     \
    X(COMP_AGG_MPI_COMPIND, 5, "mpi_compind")                                  \
    X(COMP_AGG_GENMEAN, 6, "genmean")                                          \
    X(COMP_AGG_COPELAND, 7, "copeland")

#define IX__COMP_ENUMERATOR(name, value, text) IX_##name = (value),
typedef enum { IX_COMP_STEP_MAP(IX__COMP_ENUMERATOR) } ix_comp_step_kind;
typedef enum { IX_COMP_IMPUTE_MAP(IX__COMP_ENUMERATOR) } ix_comp_impute;
typedef enum { IX_COMP_NORM_MAP(IX__COMP_ENUMERATOR) } ix_comp_norm;
typedef enum { IX_COMP_AGG_MAP(IX__COMP_ENUMERATOR) } ix_comp_agg;
#undef IX__COMP_ENUMERATOR

/* Levels an aggregate step can name one by one (COINr's f_ag vector). */
#define IX_COMP_MAX_LEVELS 16

typedef struct ix_comp_step {
    ix_comp_step_kind kind;
    int method;          /* ix_comp_impute / ix_comp_norm / ix_comp_agg */
    char group[128];     /* impute *_grp: the Group column */
    double dat_thresh;   /* screen (default 2/3), aggregate; NaN = none */
    int winmax;          /* treat */
    double skew_thresh, kurt_thresh;
    double range[2];     /* minmax */
    double m_sd[2];      /* zscore */
    int cap_max;         /* dist2targ: -1 = take IMETA's dist2targ_cap_max */
    int penalty_pos;     /* mazziotta_pareto, mpi_compind: 1 = add the penalty
                            (indeks "pos", Compind "NEG"), 0 = subtract (the
                            default of both: indeks "neg", Compind "POS") */
    double p;            /* genmean's exponent (COINr's p; NaN = not given) */
    /* One method (and p) per level, as COINr's f_ag/f_ag_para vectors:
     * level_method[L] aggregates into the nodes of Level L (L = 2 .. top).
     * nlevel_methods = 0: method (and p) for every level; otherwise it must
     * equal the number of levels − 1. */
    int level_method[IX_COMP_MAX_LEVELS];
    double level_p[IX_COMP_MAX_LEVELS];
    size_t nlevel_methods;
    long line, column;   /* where the step is written, for diagnostics */
} ix_comp_step;

#define IX_COMP_MAX_STEPS 32

typedef struct ix_comp_recipe {
    ix_comp_step steps[IX_COMP_MAX_STEPS];
    size_t nsteps;
    char source[256];
} ix_comp_recipe;

/* A step with COINr's defaults for its kind. */
void ix_comp_step_default(ix_comp_step *s, ix_comp_step_kind kind);
/* COINr's minimal pipeline: minmax to [0, 100], weighted arithmetic mean. */
void ix_comp_recipe_default(ix_comp_recipe *r);
/* Parses a recipe: a JSON list of one-key objects ([{"impute": {...}}, ...])
 * or {"steps": [...]}. Unknown steps, methods and parameters are errors
 * naming source:line:column (lib/io/composite/recipe_json.c). */
ix_status ix_comp_recipe_parse(const char *json, size_t len, const char *source,
                               ix_comp_recipe *out, ix_diag *d);
const char *ix_comp_step_name(ix_comp_step_kind kind);
/* The recipe name of a method of a step kind ("" when none or unknown). */
const char *ix_comp_method_name(ix_comp_step_kind kind, int method);
/* The method of step kind called name, or 0 when there is none. */
int ix_comp_method_lookup(ix_comp_step_kind kind, const char *name);
/* The methods of a step kind for a message: "a, b or c" into buf. */
const char *ix_comp_method_list(ix_comp_step_kind kind, char *buf, size_t size);
/* The step kind called name (or "normalize"), 0 when there is none. */
int ix_comp_step_lookup(const char *name);
/* The aggregation method (and genmean exponent) an aggregate step uses for
 * the nodes of Level level. */
int ix_comp_step_level_method(const ix_comp_step *s, int level);
double ix_comp_step_level_p(const ix_comp_step *s, int level);

/* ---- Plan and run ------------------------------------------------------ */

/* Compiles recipe against m (checking what each step needs: Targets,
 * goalposts, group columns, denominators) and allocates all workspace. */
ix_status ix_comp_plan_new(const ix_comp_model *m, const ix_comp_recipe *recipe,
                           ix_comp_plan **out, ix_diag *d);
void ix_comp_plan_free(ix_comp_plan *p);

/* Leaves a unit out of every later run (a withdrawn municipality). */
ix_status ix_comp_plan_withdraw(ix_comp_plan *p, size_t unit, ix_diag *d);
/* Replaces a node's weight for later runs (for sensitivity analysis). */
ix_status ix_comp_plan_set_weight(ix_comp_plan *p, size_t node, double weight, ix_diag *d);

/* Runs every step from the raw data. Allocates nothing. */
ix_status ix_comp_plan_run(ix_comp_plan *p, ix_diag *d);

/* After a run: the node's column (nunits values; NaN for missing or for
 * units left out). For an indicator this is its last-step value. */
const double *ix_comp_plan_scores(const ix_comp_plan *p, size_t node);
/* 1 when the unit took part (not withdrawn, not screened out). */
int ix_comp_plan_unit_active(const ix_comp_plan *p, size_t unit);
int ix_comp_plan_unit_screened(const ix_comp_plan *p, size_t unit);
int ix_comp_plan_unit_withdrawn(const ix_comp_plan *p, size_t unit);
/* Number of values imputed for the unit in the last run. */
size_t ix_comp_plan_unit_imputed(const ix_comp_plan *p, size_t unit);

/* What the treat step did to an indicator in the last run. */
/* IX_TREAT_UNTREATED: winsorising would have left the indicator constant,
 * so (as COINr's Treat does when winsorise fails) it is kept untreated. */
typedef enum {
    IX_TREAT_NONE = 0,
    IX_TREAT_WINSOR,
    IX_TREAT_LOG,
    IX_TREAT_SKIPPED,
    IX_TREAT_UNTREATED
} ix_comp_treat_kind;
typedef struct ix_comp_treatment {
    ix_comp_treat_kind kind;
    int nwin;            /* winsorised points (COINr's nwin) */
    int high;            /* last winsorised at the high end */
    double skew, kurt;   /* after treatment */
} ix_comp_treatment;
const ix_comp_treatment *ix_comp_plan_treatment(const ix_comp_plan *p, size_t indicator);

/* ---- Statistics kernels (NaN values are skipped) ----------------------- */

typedef struct ix_comp_stats {
    double min, max, mean, median, sd, skew, kurt;
    size_t n, missing;
} ix_comp_stats;
/* scratch: n doubles of workspace (the median sorts a copy). */
void ix_comp_describe(const double *x, size_t n, double *scratch, ix_comp_stats *out);
/* e1071 type 2 (Excel, SAS G1/G2): skewness needs 3 values, excess kurtosis
 * 4; NaN otherwise. */
double ix_comp_skew(const double *x, size_t n);
double ix_comp_kurt(const double *x, size_t n);
/* Pearson correlation over pairs where both are present; NaN when fewer
 * than 2 pairs or a zero variance. */
double ix_comp_pearson(const double *x, const double *y, size_t n);

/* ---- A unit's profile ----------------------------------------------------
 * Where a unit stands on each indicator it has a value for. Weak = in the
 * bottom fifth of the units with a value (rank > 0.8 n) or on the wrong side
 * of the indicator's Target (raw value, by Direction): the indicators whose
 * recommendations the unit is shown. */
typedef struct ix_comp_placing {
    size_t node;       /* indicator */
    long rank;         /* 1 = best among the units with a value */
    size_t n;          /* units with a value */
    int weak;
    int below_target;  /* on the wrong side of Target (by Direction; see off_target) */
    /* What a person needs to act on it (the report and the site show the
     * same): the IDATA value with IMETA's Unit (ix_comp_node_unit; for an
     * indicator with a Denominator raw / denominator times the Unit's base,
     * 1000 for "pr. 1.000 ..."), the
     * Target (NaN: none), the Direction (1: higher is better, -1: lower is
     * better) and the side of the target the value is on when that is the
     * wrong side: -1 below it (higher is better), +1 above it (lower is
     * better, e.g. a waiting time over its target), 0 otherwise. */
    double value;
    double target;
    int direction;
    int off_target;
} ix_comp_placing;

/* The value a person reads against indicator i's Unit and Target for unit
 * u (the placings' value): its IDATA value, or, for an indicator with a
 * Denominator, raw / denominator times the Unit's base (1000 for "pr. 1.000
 * ..."); NaN when missing or the denominator is 0. */
double ix_comp_unit_value(const ix_comp_model *m, size_t i, size_t u);

/* Fills pl (room for ix_comp_model_nindicators entries) with unit u's
 * placings, best placed first (by rank / n, ties by indicator order), and
 * sets *npl. Allocates only a temporary rank buffer. */
ix_status ix_comp_unit_placings(const ix_comp_model *m, const ix_comp_plan *p, size_t u,
                                ix_comp_placing *pl, size_t *npl, ix_diag *d);

#endif
