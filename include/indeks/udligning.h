/* Inter-municipal equalisation (mellemkommunal udligning) and the § 16 grant.
 *
 * Total expenditure need U (the municipalities' total net operating and
 * capital spending) is split into an age-determined part (1 - socio_andel)
 * and a socio-economic part (socio_andel, 0.33 from 2021):
 *
 *   need_k  = age_k + decline_k + socio_andel * U * share_k
 *   share_k = sum_j w_j c_jk / C_j = index_k * (N_k / N) / scale
 *
 * share_k comes from the index engine (socio.h), never recomputed here. The
 * age part is sum_a P_ka * e_a (relative unit amounts) scaled so that age and
 * population-decline need together are (1 - socio_andel) * U: total need is U.
 *
 * The decline criterion (§ 4 stk. 1 nr. 2, 2021): its unit amount is
 *   u = min(a * (1 - s) U / D, cap),  a = 0.62 %, D = the total units,
 * and the age groups get the rest, (1 - s) U - u D.
 *
 * From 2021 (udligningsloven as reformed in 2020):
 *   need equalisation  r (n_k - n) N_k, + x (n_k - n) N_k above average,
 *                      the supplement financed by all per inhabitant;
 *   tax-base equalisation  r (b - b_k) t N_k, + lx (l b - b_k)+ t N_k below
 *                      l b, - hx_k (b_k - h b)+ t N_k above h b, the net of the
 *                      extras financed by all per inhabitant; with the § 13 cap
 *                      hx_k = min(hx, max(t_k, 23.25 %) * 93 % / t - r), t_k the
 *                      municipality's own tax rate (t is the average tax level,
 *                      § 2 stk. 6: income tax + land tax / total tax base).
 * Before 2021: structural deficit = need - t * tax base; landsudligning r of
 * the difference from the national average, hovedstadsudligning rc from the
 * capital-area average, a supplement sr of the deficit above l times the
 * average outside the capital area (financed per inhabitant). Each part is
 * linear in need and tax base and is split into a need and a tax-base part,
 * so udgiftsudligning and skatteudligning each net to zero over the
 * municipalities and netto = udgiftsudligning + skatteudligning.
 *
 * Which parameters are confirmed from the law is recorded per parameter
 * (ix_udl_num.confirmed); outputs must list the unconfirmed ones they use
 * (ix_udl_write_notes in udligning_write.h).
 *
 * Ownership: params, data, results and grants are owned by whoever got them
 * from the constructor and freed with their _free (which accepts NULL). */
#ifndef INDEKS_UDLIGNING_H
#define INDEKS_UDLIGNING_H

#include <stddef.h>

#include <stdint.h>

#include "indeks/diag.h"
#include "indeks/series.h"
#include "indeks/sink.h"
#include "indeks/socio.h"
#include "indeks/socio_write.h"
#include "indeks/table.h"

/* A number from the parameter file with its provenance. */
typedef struct ix_udl_num {
    double value;
    int confirmed; /* 1: confirmed from the law text (DOMAIN.md); 0: not */
    int given;     /* present in the file */
    char *source;
} ix_udl_num;

/* The scalar parameters: id, JSON path, the part of the scheme that uses it,
 * and the allowed range [lo, hi]. Groups: A all years, N the 2021 scheme,
 * M the § 13 cap of the 2021 scheme (when its section is given), O the
 * scheme before 2021, D the decline criterion, G the § 16 grant. */
#define IX_UDL_PARAM_MAP(XX)                                                       \
    XX(TOTAL, "samlet_udgift", 'A', 1.0, 1e15)                                     \
    XX(SOCIO_SHARE, "socio_andel", 'A', 0.0, 1.0)                                  \
    XX(AVG_TAX, "gennemsnitlig_skatteprocent", 'A', 0.0, 1.0)                      \
    XX(NEED_RATE, "udgiftsudligning.sats", 'N', 0.0, 1.0)                          \
    XX(NEED_EXTRA, "udgiftsudligning.tillaeg_over_gennemsnit", 'N', 0.0, 1.0)      \
    XX(TAX_RATE, "skatteudligning.sats", 'N', 0.0, 1.0)                            \
    XX(TAX_LOW_EXTRA, "skatteudligning.tillaeg_under_graense", 'N', 0.0, 1.0)      \
    XX(TAX_LOW_LIMIT, "skatteudligning.nedre_graense", 'N', 0.0, 1.0)              \
    XX(TAX_HIGH_EXTRA, "skatteudligning.ekstra_bidrag_over_graense", 'N', 0.0, 1.0) \
    XX(TAX_HIGH_LIMIT, "skatteudligning.oevre_graense", 'N', 1.0, 10.0)            \
    XX(LAND_RATE, "landsudligning.sats", 'O', 0.0, 1.0)                            \
    XX(CAPITAL_RATE, "hovedstadsudligning.sats", 'O', 0.0, 1.0)                    \
    XX(SUPP_RATE, "hoejt_strukturelt_underskud.sats", 'O', 0.0, 1.0)               \
    XX(SUPP_LIMIT, "hoejt_strukturelt_underskud.graense", 'O', 0.0, 10.0)          \
    XX(CAP_FLOOR, "maks_udligningsprocent.gulv_udskrivningsprocent", 'M', 0.0, 1.0) \
    XX(CAP_FACTOR, "maks_udligningsprocent.faktor", 'M', 0.0, 1.0)                 \
    XX(DECLINE_SHARE, "befolkningsnedgang.andel_pr_enhed", 'D', 0.0, 1.0)          \
    XX(DECLINE_CAP, "befolkningsnedgang.loft", 'D', 0.0, 1e9)                      \
    XX(DECLINE_LIMIT, "befolkningsnedgang.skattegrundlag_graense", 'D', 0.0, 10.0) \
    XX(GRANT_POOL, "tilskud_16.pulje", 'G', 0.0, 1e12)                            \
    XX(GRANT_COUNT, "tilskud_16.antal", 'G', 1.0, 98.0)

typedef enum {
#define IX_UDL_PARAM_ENUM(id, path, group, lo, hi) IX_UDL_##id,
    IX_UDL_PARAM_MAP(IX_UDL_PARAM_ENUM)
#undef IX_UDL_PARAM_ENUM
        IX_UDL_NPARAMS
} ix_udl_param_id;

/* The JSON path of a parameter ("skatteudligning.sats"), and its group. */
const char *ix_udl_param_path(ix_udl_param_id id);
char ix_udl_param_group(ix_udl_param_id id);

typedef struct ix_udl_age {
    char *column; /* data column with the population of the group */
    char *name;
    ix_udl_num unit; /* relative unit amount (only ratios matter) */
} ix_udl_age;

/* The three headings of § 16. */
typedef enum { IX_UDL_H_SOCIO = 0, IX_UDL_H_CURRENT, IX_UDL_H_PERSISTENT, IX_UDL_NHEADINGS } ix_udl_heading;

/* One key figure of the § 16 scorecard: a computed figure (id one of
 * "socio_indeks", "udgiftsbehov_pr_indb", "beskatningsgrundlag_pr_indb",
 * "netto_pr_indb") or a data column (column set; per_inhabitant divides it
 * by folketal). */
typedef struct ix_udl_figure {
    char *id;
    char *column;
    int per_inhabitant;
    int high_is_worse; /* 1: a high value is a challenge */
    ix_udl_heading heading;
    ix_udl_num weight;
} ix_udl_figure;

typedef enum { IX_UDL_SHARE_EQUAL = 0, IX_UDL_SHARE_POPULATION, IX_UDL_SHARE_SCORE } ix_udl_share_rule;

typedef struct ix_udl_params {
    char *file;  /* where it was read from, for diagnostics */
    char *name;
    long year;
    int old_system; /* 1: the scheme before 2021 (year <= 2020) */
    char *model;    /* the model file as written in the parameters, or NULL */
    ix_udl_num p[IX_UDL_NPARAMS];
    size_t nages;
    ix_udl_age *ages;
    char *decline_column; /* NULL: no population-decline criterion */
    char *tax_pct_column; /* § 13 cap: column of each municipality's udskrivningsprocent
                             (per cent); NULL: the cap is not applied */
    char *income_tax_column; /* § 2 stk. 6: columns of each municipality's income-tax and */
    char *land_tax_column;   /* land-tax revenue (kroner); both set: the average tax level is
                                computed from them and gennemsnitlig_skatteprocent is not used */
    /* capital area (before 2021): region codes, with provenance */
    size_t ncapital;
    int *capital_regions;
    int capital_confirmed;
    char *capital_source;
    /* § 16 grant simulation (has_grant 0: not in the file) */
    int has_grant;
    size_t nfigures;
    ix_udl_figure *figures;
    long grant_count; /* how many municipalities get a grant */
    ix_udl_share_rule grant_rule;
    /* Real values applied with --real (ix_udl_real_apply_tax), or NULL;
     * borrowed (owned by the setup), read by the notes. */
    const struct ix_udl_real *real;
} ix_udl_params;

/* Parses parameters from JSON text (docs/udligning.md); source names the file
 * in diagnostics, which give the field's path and, where found, its line.
 * Strict: unknown keys, numbers without "value"/"source"/"confirmed", rates
 * outside their range and unknown years are errors (IX_ERR_MODEL). */
ix_status ix_udl_params_parse(const char *json, size_t len, const char *source,
                              ix_udl_params **out, ix_diag *d);
void ix_udl_params_free(ix_udl_params *p);
/* Whether parameter id is used by the scheme of p (and its options). */
int ix_udl_param_used(const ix_udl_params *p, ix_udl_param_id id);

/* The inputs of the computation, one row per municipality. */
typedef struct ix_udl_data {
    size_t n;
    size_t nages;
    size_t nextra;       /* data columns named by the § 16 key figures */
    int *codes;
    char **names;        /* borrowed from socio (or NULL in hand-built data) */
    double *population;  /* folketal, N_k */
    double *tax_base;    /* beskatningsgrundlag, B_k (kroner) */
    double *ages;        /* [k * nages + a] */
    double *decline;     /* units of population decline, or NULL */
    double *tax_pct;     /* udskrivningsprocent as a fraction (0.249), or NULL (no § 13 cap) */
    double *income_tax;  /* § 2 stk. 6 revenue columns (kroner), or NULL */
    double *land_tax;
    double *extra;       /* [k * nextra + i] */
    double *share;       /* sum_j w_j c_jk / C_j, from the index engine */
    double *index;       /* the socio-economic index (the engine's scale) */
    double *dexcess;     /* [k * ncriteria + j]: d value / d primary input (ix_socio_derive_slope) */
    char *source;        /* the data's name */
    ix_socio_data *socio;     /* owned, may be NULL in hand-built data */
    ix_socio_result *socio_r; /* owned, may be NULL */
} ix_udl_data;

/* An empty data set for n municipalities (codes 1..n) with the arrays
 * allocated and zero; decline only when with_decline. For tests and callers
 * that fill the inputs themselves. */
ix_status ix_udl_data_new(size_t n, size_t nages, int with_decline, size_t nextra,
                          ix_udl_data **out, ix_diag *d);
void ix_udl_data_free(ix_udl_data *data);

/* Reads the data for p and m from a table: the model's criteria via the index
 * engine (its population column is taken to be "folketal", so m->population
 * is replaced), then folketal, beskatningsgrundlag, the age groups, the
 * decline column and the key-figure columns: present, numbers, >= 0. m's
 * weights must already be checked (ix_socio_model_check_weights). */
ix_status ix_udl_data_from_table(const ix_udl_params *p, ix_socio_model *m, const ix_table *t,
                                 ix_udl_data **out, ix_diag *d);

typedef struct ix_udl_result {
    size_t n;
    double *need_age, *need_decline, *need_socio, *need; /* kroner */
    double *need_eq, *tax_eq, *net;                      /* kroner, > 0 = receives */
    int *above;    /* 2021: need above average; before: supplement paid */
    int *capital;  /* before 2021: in the capital area */
    double population, tax_base, total_need;            /* national totals */
    double avg_need_pi, avg_base_pi;                     /* per inhabitant */
    double avg_tax;      /* the average tax level t used: (income tax + land tax) / total tax
                            base (§ 2 stk. 6) when the data hold the revenues, else the
                            parameter gennemsnitlig_skatteprocent */
    double need_fin_pi, tax_fin_pi;                      /* financing per inhabitant */
    double age_total, decline_total, decline_unit;       /* kroner; age_total is the age
                                                            groups' part only: age_total +
                                                            decline_total = (1 - s) U */
    double decline_units;                                /* units counted (below 125 %) */
    double *high_rate;   /* 2021: the rate applied above the upper limit (§ 2 stk. 4, capped
                            by § 13), per municipality; 0 below the limit */
    double cap_correction; /* § 13: contribution not paid because of the cap, kroner,
                              financed by all per inhabitant (stk. 3) */
    size_t ncapped;        /* municipalities whose rate the cap lowered */
    double capital_population;
} ix_udl_result;

/* The whole scheme for one year. Errors: IX_ERR_INPUT when a total is zero
 * (population, tax base, age-group need) or the decline need exceeds the
 * age-determined need. */
ix_status ix_udl_compute(const ix_udl_params *p, const ix_udl_data *data, ix_udl_result **out,
                         ix_diag *d);
void ix_udl_result_free(ix_udl_result *r);

/* d netto_k / d need_m with the national total held fixed: the local slope
 * of the scheme (piecewise linear in the needs). */
double ix_udl_net_slope(const ix_udl_params *p, const ix_udl_data *data, const ix_udl_result *r,
                        size_t k, size_t m);

/* The marginal effect of one more person in each criterion of municipality
 * k: on its index (dindex), its need (dneed, kroner) and its net
 * equalisation (dnet, kroner); each array has m->ncriteria entries. Exact
 * derivatives of the formulas (a threshold criterion counts only where the
 * year that binds is the current one and the count is above the threshold). */
void ix_udl_marginal(const ix_udl_params *p, const ix_socio_model *m, const ix_udl_data *data,
                     const ix_udl_result *r, size_t k, double *dindex, double *dneed, double *dnet);

/* One change of a what-if: column (or criterion id) and the new value,
 * absolute or added. */
typedef struct ix_udl_change {
    const char *column;
    double value;
    int relative; /* 1: add value; 0: set it */
} ix_udl_change;

/* A copy of t with municipality code's cells changed (a criterion id means
 * its count column); changes of the same cell apply in order. Errors name
 * the change: unknown column, code not in the data, a result below zero. */
ix_status ix_udl_table_change(const ix_table *t, const ix_socio_model *m, int code,
                              const ix_udl_change *changes, size_t nchanges, ix_table **out,
                              ix_diag *d);

/* The § 16 scorecard and the simulated allocation of the pool. */
typedef struct ix_udl_grant {
    size_t n;
    size_t nfigures;
    double *figure;   /* [k * nfigures + i]: the key figure's value */
    double *z;        /* [k * nfigures + i]: standardised, + = more challenged */
    double *heading;  /* [k * IX_UDL_NHEADINGS + h]: NaN when no figure */
    double *score;
    long *rank;
    size_t *order;
    double *grant;    /* kroner */
} ix_udl_grant;

ix_status ix_udl_grant_compute(const ix_udl_params *p, const ix_udl_data *data,
                               const ix_udl_result *r, ix_udl_grant **out, ix_diag *d);
void ix_udl_grant_free(ix_udl_grant *g);

/* ---- Writers (lib/io/udligning/udligning_write.c); style as for the index. ---- */

/* Notes every output must carry: the model's (incomplete, rescaled,
 * synthetic, partial coverage), each UNCONFIRMED parameter the output
 * depends on (with_grant: also the § 16 parameters, and the simulation
 * label), synthetic demo inputs. Each as prefix + text + "\n"; returns how
 * many. */
int ix_udl_write_notes(const ix_udl_params *p, const ix_socio_model *m, const ix_udl_data *data,
                       int with_grant, const char *prefix, ix_sink *s);
/* The same in Danish when danish (the parameter files' own source texts stay
 * as written). Amounts are written for people (280,000,000,000 /
 * 280.000.000.000), files by name without their folders. */
int ix_udl_write_notes_lang(const ix_udl_params *p, const ix_socio_model *m,
                            const ix_udl_data *data, int with_grant, const char *prefix, int danish,
                            ix_sink *s);
/* kommunekode,kommune,udgiftsbehov,udgiftsbehov_pr_indb,udgiftsudligning,
 * skatteudligning,netto,netto_pr_indb, by code, numbers exact. */
void ix_udl_write_csv(const ix_udl_data *data, const ix_udl_result *r, const ix_socio_style *st,
                      ix_sink *s);
ix_status ix_udl_write_json(const ix_udl_params *p, const ix_socio_model *m,
                            const ix_udl_data *data, const ix_udl_result *r, ix_sink *s,
                            ix_diag *d);
void ix_udl_write_table(const ix_udl_params *p, const ix_socio_model *m, const ix_udl_data *data,
                        const ix_udl_result *r, const ix_socio_style *st, ix_sink *s);
/* The § 16 scorecard: kommunekode,kommune,<one column per key figure>,
 * demografisk_socio,aktuel_oekonomi,vedvarende_oekonomi,score,rang,tilskud
 * by rank. */
void ix_udl_write_grant_csv(const ix_udl_params *p, const ix_udl_data *data,
                            const ix_udl_grant *g, const ix_socio_style *st, ix_sink *s);
ix_status ix_udl_write_grant_json(const ix_udl_params *p, const ix_socio_model *m,
                                  const ix_udl_data *data, const ix_udl_grant *g, ix_sink *s,
                                  ix_diag *d);
void ix_udl_write_grant_table(const ix_udl_params *p, const ix_socio_model *m,
                              const ix_udl_data *data, const ix_udl_grant *g,
                              const ix_socio_style *st, ix_sink *s);

/* ---- Loading everything a command needs (lib/io/udligning/udligning_load.c). ---- */

typedef struct ix_udl_setup {
    ix_udl_params *params;
    ix_socio_model *model;
    ix_table *table;      /* the data as read (or the synthetic demo) */
    ix_udl_data *data;
    ix_udl_result *result;
    struct ix_udl_real *real; /* --real: the noegletal year used, or NULL (owned) */
} ix_udl_setup;

/* Reads the parameters, the model (model_path; else the parameters' "model"
 * relative to their folder; else the embedded model in force for the
 * parameters' year, ix_socio_model_for_year), checks
 * the weights (normalise as in indeks socio), reads data_path (NULL: the
 * synthetic demo inputs, ix_demo_udl_table) and computes. On failure the
 * setup holds what was read so far: free it with ix_udl_setup_free. */
ix_status ix_udl_setup_load(const char *params_path, const char *model_path,
                            const char *data_path, int normalise, ix_udl_setup *s, ix_diag *d);
/* As ix_udl_setup_load, and with real_path (not NULL) the real values of the
 * parameters' year from the noegletal series (ix_udl_real_read): the
 * table's folketal and age groups are replaced (ix_udl_real_apply_table)
 * before the first run, and the average tax rate is computed from the
 * first run's tax bases (ix_udl_real_apply_tax) and then kept, also for
 * later ix_udl_setup_run calls (a what-if change). */
ix_status ix_udl_setup_load_real(const char *params_path, const char *model_path,
                                 const char *data_path, const char *real_path, int normalise,
                                 ix_udl_setup *s, ix_diag *d);
/* Reads and parses a parameter file (as ix_udl_setup_load does). */
ix_status ix_udl_params_load(const char *path, ix_udl_params **out, ix_diag *d);
/* Recomputes data and result from s->table (after a what-if change). */
ix_status ix_udl_setup_run(ix_udl_setup *s, ix_diag *d);
void ix_udl_setup_free(ix_udl_setup *s);

/* ---- Synthetic demo inputs (lib/core/udligning/demo_udligning.c). ---- */

#define IX_DEMO_UDL_LABEL "SYNTETISKE DATA (indeks udligning demo, seed 2021)"
#define IX_DEMO_SEED_UDL 2021u

/* One row per municipality: the columns of the index demo (demo.h) plus
 * folketal, beskatningsgrundlag, one column per age group of p (split from
 * the real 2020 population by a typical Danish age profile when the column
 * is named like alder_25_34 or alder_85_plus, equally otherwise), p's
 * decline column and key-figure columns, and datakilde. SYNTHETIC except
 * codes, names and population sizes. Owned by the caller. */
ix_status ix_demo_udl_table(uint64_t seed, const ix_udl_params *p, ix_table **out, ix_diag *d);

/* ---- Real populations and tax rates (lib/core/udligning/udligning_real.c; reading in
 * lib/io/udligning/udligning_real_read.c). ---- */

#define IX_UDL_REAL_ORIGIN "De Kommunale Nøgletal, noegletal.dk"

/* One year of the long-form noegletal series (kommunekode, aar,
 * indbyggere_1jan, udskrivningsprocent), e.g.
 * ../shared/data/real/noegletal_socioindeks_1993_2024.csv. */
typedef struct ix_udl_real {
    char *file;         /* the series file, for notes and diagnostics */
    int year;
    size_t n;           /* municipalities with a row in that year */
    int *codes;
    double *population; /* indbyggere_1jan; NaN where the cell is empty */
    double *tax_pct;    /* udskrivningsprocent (percent); NaN where empty */
    long *line;         /* the row's line in the file */
    /* What was applied (set by the apply functions). */
    size_t npopulation; /* municipalities whose folketal was replaced */
    int tax_applied;
    double avg_tax;       /* sum B_k t_k / sum B_k / 100 */
    double avg_tax_given; /* the parameter file's value it replaced */
} ix_udl_real;

void ix_udl_real_free(ix_udl_real *r);

/* The year's values from the two series (same file, value columns
 * indbyggere_1jan and udskrivningsprocent). IX_ERR_INPUT naming the file
 * and the year when the year has no rows. */
ix_status ix_udl_real_from_series(const ix_series *population, const ix_series *tax,
                                  int year, ix_udl_real **out, ix_diag *d);

/* Reads FILE (CSV) and takes year's values: ix_udl_real_from_series. */
ix_status ix_udl_real_read(const char *path, int year, ix_udl_real **out, ix_diag *d);

/* A copy of t (one row per municipality, codes in code_column, NULL:
 * "kommunekode") whose folketal is the real indbyggere_1jan and whose age
 * groups of p are rescaled to it: each group a_i becomes
 * q_i = a_i * N' / sum_i a_i, rounded to whole persons by the largest
 * remainder (floor every q_i; the persons still missing go one each to the
 * groups with the largest fractional parts, ties to the earlier group), so
 * the groups sum to folketal exactly. Other columns are unchanged. Errors
 * (IX_ERR_INPUT, naming the file and the code): a municipality of t without
 * a population in the real year; age groups summing to 0 where N' > 0.
 * Sets r->npopulation. */
ix_status ix_udl_real_apply_table(ix_udl_real *r, const ix_udl_params *p, const ix_table *t,
                                  const char *code_column, ix_table **out, ix_diag *d);

/* Replaces p's gennemsnitlig_skatteprocent by the tax-base-weighted mean of
 * the real udskrivningsprocent over the municipalities of data:
 * sum_k B_k t_k / sum_k B_k / 100 (B_k = data->tax_base). Its source says
 * so; p->real = r, so every output's notes name the real values. Errors
 * (IX_ERR_INPUT): a municipality without a rate, sum B_k = 0. */
ix_status ix_udl_real_apply_tax(ix_udl_real *r, ix_udl_params *p, const ix_udl_data *data,
                                ix_diag *d);

/* Writes the notes on p->real (prefix + text + "\n" each; data names the
 * tax bases used as weights); returns how many. Called by
 * ix_udl_write_notes (lib/io/udligning/udligning_write.c). */
int ix_udl_real_write_notes(const ix_udl_params *p, const ix_udl_data *data, const char *prefix,
                            ix_sink *s);

#endif
