/* GUSA's outcomes as indicators (issue 16), the core (lib/core/gusa/):
 * the facts the store extracts from the cases (no names, no free text),
 * the 14 indicators per municipality and year, the concentration of cost
 * over families (Lorenz curve, Gini, top shares) and the feedback counts.
 * Definitions and what each indicator can and cannot say: docs/gusa.md,
 * "Indikatorer".
 *
 * Ownership: ix_gusa_facts, ix_gusa_indicators and ix_gusa_concentration
 * are owned by their creator and freed with their _free (NULL is a no-op);
 * the pointers the accessors return live as long as their owner. */
#ifndef INDEKS_GUSA_INDICATORS_H
#define INDEKS_GUSA_INDICATORS_H

#include <stddef.h>

#include "indeks/diag.h"
#include "indeks/gusa.h"

/* ---- Lorenz curve and Gini ---------------------------------------------- */

typedef struct ix_lorenz {
    size_t n;         /* units (families) */
    double total;     /* sum of their costs */
    double curve[11]; /* L(k/10), k = 0..10: the share of the total held by the
                         k/10 of units with the lowest costs; linear between
                         the n unit points (i/n, cumulative share) */
    double top1, top20, top50; /* share held by the top 1/20/50 %: 1 - L(1 - p) */
    double gini; /* 1 - sum_i (X_i - X_{i-1}) (Y_i + Y_{i-1}) over the n
                    sorted unit points (the trapezoid rule): costs 0,0,0,0,100
                    give 0.8, equal costs 0 */
} ix_lorenz;

/* L(x) of a computed curve at any x in [0, 1] needs the unit points; the
 * eleven deciles are kept. costs: n values >= 0 (a negative or non-finite
 * cost: IX_ERR_INPUT naming its index); n == 0 or a zero total:
 * IX_ERR_INPUT ("no cost to distribute"). */
ix_status ix_lorenz_compute(const double *cost, size_t n, ix_lorenz *out, ix_diag *d);

/* ---- facts ------------------------------------------------------------------ */

/* One case as the indicators need it. Day numbers are days since
 * 1970-01-01 (ix_gusa_date_days); -1 means "none". */
typedef struct ix_gusa_fact_case {
    long long id;
    int kommune;
    long long family;     /* the family: the lowest id among the child's custody
                             holders (minus the child's id when it has none) */
    long long child;
    long opened, closed;  /* closed -1 while open */
    int opened_by_family; /* opened by a custody holder or the young person */
    long first_concern;   /* the earliest observed_on of its concerns */
    long first_action;    /* the earliest start_on of its actions */
    int max_step;         /* highest ladder step of its actions; -1 none */
    int step_changes;     /* changes of step between consecutive actions (by start) */
    int steps_down;       /* of which to a lower step */
    double cost;          /* DKK, its current actions */
    double cost_step[7];  /* by ladder step */
    double cost_centre[IX_GUSA_CENTRE_COUNT]; /* by the centre of the action's
                                                 author ([0]: a family member) */
    unsigned centres;     /* bit 1 << centre of every staff participant */
    int network;          /* has a netvaerk participant */
    int invitations;      /* accepted or open invitations */
    int invitations_7d;   /* accepted within 7 days of being sent */
    int goals_due;        /* goals whose follow-up date has passed */
    int goals_on_time;    /* of which followed up no later than 14 days after it */
    int meetings;
    int meetings_custody; /* meetings a custody holder attended */
    long feedback[3][5];  /* feedback scores: [heard, agreed, resources][score - 1] */
} ix_gusa_fact_case;

typedef struct ix_gusa_facts {
    ix_gusa_fact_case *cases;
    size_t n;
    long today; /* the day the facts were read (goals due by then) */
} ix_gusa_facts;

/* Frees f->cases and f itself. */
void ix_gusa_facts_free(ix_gusa_facts *f);

/* 1 when case c counts for year: opened by 31 December of the year and not
 * closed before 1 January (active in the year). */
int ix_gusa_case_active(const ix_gusa_fact_case *c, int year);

/* ---- the 14 indicators ----------------------------------------------------- */

typedef struct ix_gusa_indicator_def {
    const char *code;   /* "G01" .. "G14" */
    const char *name;   /* Danish, short */
    const char *domain; /* "TRAPPE", "TVAERS", "ETIK"; NULL for G13, G14 (Type Other) */
    const char *unit;   /* "dage", "andel", "antal", "score 1-5", "gini" */
    int direction;      /* +1 higher is better, -1 lower is better */
    const char *definition;     /* Danish */
    const char *recommendation; /* Danish */
} ix_gusa_indicator_def;

#define IX_GUSA_MIN_CASES 5 /* fewer in a municipality, or in an indicator's
                               denominator: NA (no figure that could point
                               at a family) */
#define IX_GUSA_NINDICATORS 14

size_t ix_gusa_indicator_count(void);
const ix_gusa_indicator_def *ix_gusa_indicator_at(size_t i);
/* The domains' names: "TRAPPE" -> "Indsatstrappen", ... (NULL unknown). */
const char *ix_gusa_domain_name(const char *code);

typedef struct ix_gusa_indicators ix_gusa_indicators;

/* The indicators of every municipality with a case active in year. */
ix_status ix_gusa_indicators_compute(const ix_gusa_facts *f, int year, ix_gusa_indicators **out,
                                     ix_diag *d);
void ix_gusa_indicators_free(ix_gusa_indicators *r);
/* Municipalities with a case active in the year, ascending codes. */
size_t ix_gusa_indicators_kommuner(const ix_gusa_indicators *r, const int **codes);
/* The value of indicator i (NaN for NA: too few cases, or nothing to
 * measure); NaN for a municipality without cases. */
double ix_gusa_indicator_value(const ix_gusa_indicators *r, int kommune, size_t i);
/* Cases active in the year in the municipality. */
long ix_gusa_indicator_cases(const ix_gusa_indicators *r, int kommune);

/* Counts of feedback scores given in the cases active in year, for one
 * municipality (kommune 0: all). */
void ix_gusa_feedback_counts(const ix_gusa_facts *f, int year, int kommune, long counts[3][5]);

/* ---- concentration (the 80/20 question) ------------------------------------ */

typedef struct ix_gusa_conc_group {
    const char *dimension; /* "overall", "centre", "ladder_step" */
    char key[32];          /* "" overall, a centre's name ("familie" for family
                              members' own actions), "0".."6" */
    size_t families;       /* overall: every family of the cases; per centre and
                              step: the families with a cost there */
    int suppressed;        /* fewer than IX_GUSA_MIN_CASES families: no figures */
    ix_lorenz lorenz;      /* zero when suppressed */
} ix_gusa_conc_group;

typedef struct ix_gusa_concentration ix_gusa_concentration;

/* Cost per family, of the cases active in year (0: all cases) in kommune
 * (0: all): overall, per centre of the action's author and per ladder step.
 * IX_ERR_INPUT when no case has a cost. */
ix_status ix_gusa_concentration_compute(const ix_gusa_facts *f, int year, int kommune,
                                        ix_gusa_concentration **out, ix_diag *d);
size_t ix_gusa_concentration_groups(const ix_gusa_concentration *c);
const ix_gusa_conc_group *ix_gusa_concentration_group(const ix_gusa_concentration *c, size_t i);
void ix_gusa_concentration_free(ix_gusa_concentration *c);

/* ---- peers: the municipalities with the same burden ------------------------ */

typedef struct ix_gusa_scatter_point {
    int kommune;
    double x, y; /* socio-economic index, indicator value (NaN: left out) */
} ix_gusa_scatter_point;

/* The ten peers of kommune: the municipalities nearest to it in x (the
 * socio-economic index) that have both values, ties by the lower code;
 * fewer when there are fewer. Returns how many were written to peers. */
size_t ix_gusa_peers(const ix_gusa_scatter_point *p, size_t n, int kommune, int peers[10]);

#endif
