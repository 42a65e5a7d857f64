/* Writing a composite index's results (see indeks/composite_io.h): the
 * ranking as a table, CSV, JSON or workbook, one unit's profile, indicator
 * statistics and correlations between levels, and the notes (withdrawn and
 * screened units). Moved here from cli/cmd_composite.c; the command only
 * parses options and calls these. */
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "indeks/composite_io.h"
#include "indeks/csv_write.h"
#include "indeks/json_sink.h"
#include "indeks/number.h"
#include "indeks/rank.h"
#include "indeks/textable.h"
#include "indeks/xlsx.h"

/* ---- shared rendering state -------------------------------------------- */

typedef struct {
    const ix_comp_write_opts *o;
    const ix_comp_model *m;
    const ix_comp_plan *p;
    size_t *cols, ncols;  /* aggregates shown: index first, then by level down */
    long *rank;           /* of the index, per unit */
    size_t *order;        /* units by index rank */
    char dec;
    int has_treat, has_denominate;
} view;

/* English or Danish, by the options' locale. */
#define L(v, en, da) ((v)->o->danish ? (da) : (en))

static void fmt_num(const view *v, double x, int decimals, char *buf, size_t size)
{
    if (isnan(x))
        snprintf(buf, size, "NA");
    else
        ix_format_fixed(x, decimals, v->dec, v->o->danish, buf, size);
}

/* Statistics of small rates (0.004) need more decimals than 3 to be
 * readable: keep about four significant digits below 1. */
static int stat_decimals(double x)
{
    double a = fabs(x);
    if (!(a > 0) || a >= 1 || isnan(a))
        return 3;
    int dec = 3 - (int)floor(log10(a));
    return dec > 10 ? 10 : dec;
}

static ix_status build_view(view *v, ix_diag *d)
{
    size_t nn = ix_comp_model_nnodes(v->m), ni = ix_comp_model_nindicators(v->m);
    size_t nu = ix_comp_model_nunits(v->m);
    v->cols = malloc(nn * sizeof *v->cols);
    v->rank = malloc(nu * sizeof *v->rank);
    v->order = malloc(nu * sizeof *v->order);
    if (!v->cols || !v->rank || !v->order)
        return ix_diag_set(d, IX_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    v->ncols = 0;
    for (int lev = ix_comp_model_nlevels(v->m); lev >= 2; lev--)
        for (size_t j = ni; j < nn; j++)
            if (ix_comp_node_level(v->m, j) == lev)
                v->cols[v->ncols++] = j;
    return ix_rank_desc(ix_comp_plan_scores(v->p, ix_comp_model_index_node(v->m)), nu, v->rank,
                        v->order, d);
}

static void free_view(view *v)
{
    free(v->cols);
    free(v->rank);
    free(v->order);
}

/* Notes: withdrawn and screened units, each as prefix + text + "\n". */
static void notes(const ix_comp_model *m, const ix_comp_plan *p, const char *reason,
                  const char *prefix, int danish, ix_sink *s)
{
    char cov[64];
    for (size_t u = 0; u < ix_comp_model_nunits(m); u++) {
        if (ix_comp_plan_unit_withdrawn(p, u))
            ix_sink_printf(s, danish ? "%staget ud: %s %s: %s\n" : "%swithdrawn: %s %s: %s\n", prefix,
                           ix_comp_unit_code(m, u), ix_comp_unit_name(m, u), reason ? reason : "");
        else if (ix_comp_plan_unit_screened(p, u)) {
            ix_format_fixed(100 * ix_comp_unit_coverage(m, u), 1, danish ? ',' : '.', 0, cov,
                            sizeof cov);
            ix_sink_printf(s, danish ? "%ssorteret fra: %s %s (datadækning %s %%)\n"
                                     : "%sscreened out: %s %s (data coverage %s %%)\n",
                           prefix, ix_comp_unit_code(m, u), ix_comp_unit_name(m, u), cov);
        }
    }
}

static void put_notes(const view *v, ix_sink *s, int as_lines)
{
    notes(v->m, v->p, v->o->reason, as_lines ? L(v, "Note: ", "NB: ") : "", v->o->danish, s);
}

/* ---- ranking ----------------------------------------------------------- */

static void ranking_csv(const view *v, ix_sink *s)
{
    char sep = v->o->separator, sp[2] = {sep, 0};
    ix_sink_printf(s, "uCode%suName%sRank", sp, sp);
    for (size_t k = 0; k < v->ncols; k++) {
        ix_sink_puts(s, sp);
        ix_csv_write_field(s, ix_comp_node_code(v->m, v->cols[k]), sep);
    }
    ix_sink_printf(s, "%sCoverage%sImputed\n", sp, sp);
    for (size_t pos = 0; pos < ix_comp_model_nunits(v->m); pos++) {
        size_t u = v->order[pos];
        if (!ix_comp_plan_unit_active(v->p, u))
            continue;
        ix_csv_write_field(s, ix_comp_unit_code(v->m, u), sep);
        ix_sink_puts(s, sp);
        ix_csv_write_field(s, ix_comp_unit_name(v->m, u), sep);
        ix_sink_puts(s, sp);
        if (v->rank[u])
            ix_sink_printf(s, "%ld", v->rank[u]);
        for (size_t k = 0; k < v->ncols; k++) {
            ix_sink_puts(s, sp);
            ix_csv_write_number(s, ix_comp_plan_scores(v->p, v->cols[k])[u], v->dec);
        }
        ix_sink_puts(s, sp);
        ix_csv_write_number(s, ix_comp_unit_coverage(v->m, u), v->dec);
        ix_sink_printf(s, "%s%zu\n", sp, ix_comp_plan_unit_imputed(v->p, u));
    }
}

static int ranking_table(const view *v, ix_sink *s)
{
    ix_textable *t = ix_textable_new(v->ncols + 5);
    if (!t)
        return -1;
    char buf[64];
    int err = ix_textable_add(t, L(v, "Rank", "Rang")) | ix_textable_add(t, L(v, "Code", "Kode")) |
              ix_textable_add(t, L(v, "Name", "Navn"));
    for (size_t k = 0; k < v->ncols; k++)
        err |= ix_textable_add(t, ix_comp_node_code(v->m, v->cols[k]));
    err |= ix_textable_add(t, L(v, "Coverage %", "Dækning %")) |
           ix_textable_add(t, L(v, "Imputed", "Indsatte"));
    for (size_t c = 3; c < v->ncols + 5; c++)
        ix_textable_right(t, c);
    ix_textable_right(t, 0);
    for (size_t pos = 0; pos < ix_comp_model_nunits(v->m); pos++) {
        size_t u = v->order[pos];
        if (!ix_comp_plan_unit_active(v->p, u))
            continue;
        snprintf(buf, sizeof buf, "%ld", v->rank[u]);
        err |= ix_textable_add(t, v->rank[u] ? buf : "-");
        err |= ix_textable_add(t, ix_comp_unit_code(v->m, u)) | ix_textable_add(t, ix_comp_unit_name(v->m, u));
        for (size_t k = 0; k < v->ncols; k++) {
            fmt_num(v, ix_comp_plan_scores(v->p, v->cols[k])[u], 2, buf, sizeof buf);
            err |= ix_textable_add(t, buf);
        }
        fmt_num(v, 100 * ix_comp_unit_coverage(v->m, u), 1, buf, sizeof buf);
        err |= ix_textable_add(t, buf);
        snprintf(buf, sizeof buf, "%zu", ix_comp_plan_unit_imputed(v->p, u));
        err |= ix_textable_add(t, buf);
    }
    ix_sink_printf(s, "%s (%s)\n", ix_comp_node_name(v->m, ix_comp_model_index_node(v->m)),
                   ix_comp_node_code(v->m, ix_comp_model_index_node(v->m)));
    /* the columns' codes in words, from IMETA (BOERN = Udsatte børn og unge) */
    for (size_t k = 1; k < v->ncols; k++)
        ix_sink_printf(s, "%s%s = %s", k == 1 ? "" : "; ", ix_comp_node_code(v->m, v->cols[k]),
                       ix_comp_node_name(v->m, v->cols[k]));
    ix_sink_puts(s, v->ncols > 1 ? "\n\n" : "\n");
    ix_textable_render(t, s);
    ix_textable_free(t);
    return err ? -1 : 0;
}

/* The CSV's columns as a workbook (coverage as a percentage), notes apart. */
static int ranking_xlsx(const view *v, ix_xlsx_table *t)
{
    const char *num = ix_xlsx_number_format(2, v->o->danish);
    int err = ix_xlsx_set_column(t, 0, "uCode", NULL, 0) | ix_xlsx_set_column(t, 1, "uName", NULL, 0) |
              ix_xlsx_set_column(t, 2, "Rank", "0", 0) |
              ix_xlsx_set_column(t, v->ncols + 3, "Coverage", "0.0%", 0) |
              ix_xlsx_set_column(t, v->ncols + 4, "Imputed", "0", 0);
    for (size_t k = 0; k < v->ncols; k++)
        err |= ix_xlsx_set_column(t, k + 3, ix_comp_node_code(v->m, v->cols[k]), num, 0);
    for (size_t pos = 0; pos < ix_comp_model_nunits(v->m); pos++) {
        size_t u = v->order[pos];
        if (!ix_comp_plan_unit_active(v->p, u))
            continue;
        err |= ix_xlsx_add_text(t, ix_comp_unit_code(v->m, u)) | ix_xlsx_add_text(t, ix_comp_unit_name(v->m, u));
        err |= ix_xlsx_add_number(t, v->rank[u] ? (double)v->rank[u] : NAN);
        for (size_t k = 0; k < v->ncols; k++)
            err |= ix_xlsx_add_number(t, ix_comp_plan_scores(v->p, v->cols[k])[u]);
        err |= ix_xlsx_add_number(t, ix_comp_unit_coverage(v->m, u)) |
               ix_xlsx_add_number(t, (double)ix_comp_plan_unit_imputed(v->p, u));
    }
    ix_buf nb;
    ix_buf_init(&nb);
    ix_sink ns = ix_buf_sink(&nb);
    put_notes(v, &ns, 0);
    for (char *line = nb.data, *nl; line && *line; line = nl ? nl + 1 : NULL) {
        if ((nl = strchr(line, '\n')) != NULL)
            *nl = '\0';
        err |= ix_xlsx_add_note(t, line);
    }
    ix_buf_free(&nb);
    return err ? -1 : 0;
}

/* ---- profile ----------------------------------------------------------- */


/* A raw value with its IMETA unit: "12,5 dage", "80 %". */
static void value_with_unit(const view *v, double x, size_t node, char *buf, size_t size)
{
    char num[64];
    if (isnan(x)) {
        snprintf(buf, size, "NA");
        return;
    }
    int decimals = 0; /* as few as show it (up to 2): 46 dage, 48,5 pct., 6,75 */
    while (decimals < 2 && fabs(x * pow(10, decimals) - round(x * pow(10, decimals))) > 1e-6)
        decimals++;
    ix_format_fixed(x, decimals, v->dec, 1, num, sizeof num);
    const char *unit = ix_comp_node_unit(v->m, node);
    snprintf(buf, size, "%s%s%s", num, unit[0] ? " " : "", unit);
}

/* One weak indicator a person can act on: its value with unit, the target,
 * the direction, the side of the target worded by direction, the placing
 * and IMETA's Recommendation. */
static void profile_weak(const view *v, const ix_comp_placing *q, ix_sink *s)
{
    char val[96], tgt[96];
    value_with_unit(v, q->value, q->node, val, sizeof val);
    ix_sink_printf(s, "  - %s (%s): %s", ix_comp_node_name(v->m, q->node),
                   ix_comp_node_code(v->m, q->node), val);
    if (!isnan(q->target)) {
        value_with_unit(v, q->target, q->node, tgt, sizeof tgt);
        ix_sink_printf(s, L(v, ", target %s", ", mål %s"), tgt);
    }
    ix_sink_printf(s, ", %s", q->direction < 0 ? L(v, "lower is better", "lavere er bedre")
                                                : L(v, "higher is better", "højere er bedre"));
    if (q->off_target < 0)
        ix_sink_puts(s, L(v, ", below target", ", under målet"));
    else if (q->off_target > 0)
        ix_sink_puts(s, L(v, ", above target", ", over målet"));
    ix_sink_printf(s, L(v, "; rank %ld of %zu\n", "; nr. %ld af %zu\n"), q->rank, q->n);
    const char *rec = ix_comp_node_recommendation(v->m, q->node);
    ix_sink_printf(s, "    %s\n", rec[0] ? rec : L(v, "(no recommendation given)", "(ingen anbefaling angivet)"));
}

static void profile_text(const view *v, size_t u, const ix_comp_placing *pl, size_t npl, ix_sink *s)
{
    char buf[64];
    ix_sink_printf(s, L(v, "Profile: %s %s\n\n", "Profil: %s %s\n\n"), ix_comp_unit_code(v->m, u),
                   ix_comp_unit_name(v->m, u));
    for (size_t k = 0; k < v->ncols; k++) {
        size_t j = v->cols[k];
        const double *sc = ix_comp_plan_scores(v->p, j);
        long r = 0, n = 0;
        for (size_t w = 0; w < ix_comp_model_nunits(v->m); w++)
            if (!isnan(sc[w])) {
                n++;
                r += sc[w] > sc[u];
            }
        fmt_num(v, sc[u], 2, buf, sizeof buf);
        ix_sink_printf(s, "  %*s%s (%s): %s", 2 * (ix_comp_model_nlevels(v->m) - ix_comp_node_level(v->m, j)), "",
                       ix_comp_node_name(v->m, j), ix_comp_node_code(v->m, j), buf);
        if (!isnan(sc[u]))
            ix_sink_printf(s, L(v, ", rank %ld of %ld", ", nr. %ld af %ld"), r + 1, n);
        ix_sink_puts(s, "\n");
    }
    fmt_num(v, 100 * ix_comp_unit_coverage(v->m, u), 1, buf, sizeof buf);
    ix_sink_printf(s, L(v, "\nData coverage: %s %% of indicators; imputed values: %zu\n",
                        "\nDatadækning: %s %% af indikatorerne; indsatte (imputerede) værdier: %zu\n"),
                   buf, ix_comp_plan_unit_imputed(v->p, u));
    /* Up to three each, never the same indicator in both lists. */
    size_t strong = (npl + 1) / 2 < 3 ? (npl + 1) / 2 : 3, weak = npl / 2 < 3 ? npl / 2 : 3;
    ix_sink_puts(s, L(v, "\nStrongest indicators:\n", "\nStærkeste indikatorer:\n"));
    for (size_t k = 0; k < strong; k++)
        ix_sink_printf(s, L(v, "  %s (%s), rank %ld of %zu\n", "  %s (%s), nr. %ld af %zu\n"),
                       ix_comp_node_name(v->m, pl[k].node), ix_comp_node_code(v->m, pl[k].node),
                       pl[k].rank, pl[k].n);
    ix_sink_puts(s, L(v, "Weakest indicators:\n", "Svageste indikatorer:\n"));
    for (size_t k = 0; k < weak; k++) {
        const ix_comp_placing *q = &pl[npl - 1 - k];
        ix_sink_printf(s, L(v, "  %s (%s), rank %ld of %zu\n", "  %s (%s), nr. %ld af %zu\n"),
                       ix_comp_node_name(v->m, q->node), ix_comp_node_code(v->m, q->node), q->rank,
                       q->n);
    }
    ix_sink_puts(s, L(v, "\nRecommendations (indicators in the bottom fifth or on the wrong side of "
                         "their target):\n",
                      "\nAnbefalinger (indikatorer i den nederste femtedel eller på den forkerte side "
                      "af deres mål):\n"));
    size_t nrec = 0;
    for (size_t k = npl; k-- > 0;) {
        if (!pl[k].weak)
            continue;
        profile_weak(v, &pl[k], s);
        nrec++;
    }
    if (!nrec)
        ix_sink_puts(s, L(v, "  (none: no weak indicators)\n", "  (ingen: ingen svage indikatorer)\n"));
}

static void profile_csv(const view *v, size_t u, const ix_comp_placing *pl, size_t npl, ix_sink *s)
{
    char sep = v->o->separator, sp[2] = {sep, 0};
    ix_sink_printf(s, "uCode%sKind%siCode%siName%sScore%sRank%sOf%sRecommendation\n", sp, sp, sp, sp,
                   sp, sp, sp);
    for (size_t k = 0; k < npl; k++) {
        const char *kind = pl[k].weak ? "weak" : (k < 3 ? "strong" : "indicator");
        ix_csv_write_field(s, ix_comp_unit_code(v->m, u), sep);
        ix_sink_printf(s, "%s%s%s", sp, kind, sp);
        ix_csv_write_field(s, ix_comp_node_code(v->m, pl[k].node), sep);
        ix_sink_puts(s, sp);
        ix_csv_write_field(s, ix_comp_node_name(v->m, pl[k].node), sep);
        ix_sink_puts(s, sp);
        ix_csv_write_number(s, ix_comp_plan_scores(v->p, pl[k].node)[u], v->dec);
        ix_sink_printf(s, "%s%ld%s%zu%s", sp, pl[k].rank, sp, pl[k].n, sp);
        ix_csv_write_field(s, pl[k].weak ? ix_comp_node_recommendation(v->m, pl[k].node) : "", sep);
        ix_sink_puts(s, "\n");
    }
}

/* ---- diagnostics ------------------------------------------------------- */

static const char *treatment_text(const view *v, size_t i, char *buf, size_t size)
{
    if (!v->has_treat)
        return "-";
    const ix_comp_treatment *t = ix_comp_plan_treatment(v->p, i);
    switch (t->kind) {
    case IX_TREAT_WINSOR:
        snprintf(buf, size, "winsorised %d (%s)", t->nwin, t->high ? "high" : "low");
        return buf;
    case IX_TREAT_LOG: return "log";
    case IX_TREAT_SKIPPED: return "skipped (<4 values)";
    case IX_TREAT_UNTREATED: return "untreated (winsorising would leave it constant)";
    case IX_TREAT_NONE: break;
    }
    return "none";
}

/* Input values of active units only (withdrawn/screened as missing): raw
 * IDATA, divided by the denominator when the recipe denominates, so the
 * statistics describe what the treat step saw (before imputation). */
static void active_raw(const view *v, size_t i, double *out)
{
    const double *raw = ix_comp_node_raw(v->m, i);
    const double *den = v->has_denominate ? ix_comp_node_denominator(v->m, i) : NULL;
    for (size_t u = 0; u < ix_comp_model_nunits(v->m); u++) {
        out[u] = ix_comp_plan_unit_active(v->p, u) ? raw[u] : NAN;
        if (den)
            out[u] = den[u] != 0 ? out[u] / den[u] : NAN;
    }
}

static int stats_out(const view *v, ix_sink *s, json_t *jarr)
{
    size_t nu = ix_comp_model_nunits(v->m);
    double *x = malloc(2 * nu * sizeof *x);
    ix_textable *t = ix_textable_new(10);
    if (!x || !t) {
        free(x);
        ix_textable_free(t);
        return -1;
    }
    static const char *head[] = {"iCode", "min", "max", "mean", "median", "sd", "skew", "kurt", "missing", "treatment"};
    char sep = v->o->separator, sp[2] = {sep, 0}, buf[64], tb[64];
    int err = 0;
    for (int c = 0; c < 10; c++) {
        err |= ix_textable_add(t, head[c]);
        if (c > 0 && c < 9)
            ix_textable_right(t, (size_t)c);
        if (v->o->format == IX_COMP_WRITE_CSV)
            ix_sink_printf(s, "%s%s", c ? sp : "", head[c]);
    }
    if (v->o->format == IX_COMP_WRITE_CSV)
        ix_sink_puts(s, "\n");
    for (size_t i = 0; i < ix_comp_model_nindicators(v->m); i++) {
        ix_comp_stats st;
        active_raw(v, i, x);
        ix_comp_describe(x, nu, x + nu, &st);
        const double vals[7] = {st.min, st.max, st.mean, st.median, st.sd, st.skew, st.kurt};
        const char *tr = treatment_text(v, i, tb, sizeof tb);
        const char *code = ix_comp_node_code(v->m, i);
        if (jarr) {
            json_t *o = json_pack("{s:s,s:I,s:s}", "iCode", code, "missing", (json_int_t)st.missing,
                                  "treatment", tr);
            for (int c = 0; c < 7; c++)
                json_object_set_new(o, head[c + 1], isnan(vals[c]) ? json_null() : json_real(vals[c]));
            json_array_append_new(jarr, o);
            continue;
        }
        if (v->o->format == IX_COMP_WRITE_CSV) {
            ix_csv_write_field(s, code, sep);
            for (int c = 0; c < 7; c++) {
                ix_sink_puts(s, sp);
                ix_csv_write_number(s, vals[c], v->dec);
            }
            ix_sink_printf(s, "%s%zu%s", sp, st.missing, sp);
            ix_csv_write_field(s, tr, sep);
            ix_sink_puts(s, "\n");
            continue;
        }
        err |= ix_textable_add(t, code);
        for (int c = 0; c < 7; c++) {
            fmt_num(v, vals[c], stat_decimals(vals[c]), buf, sizeof buf);
            err |= ix_textable_add(t, buf);
        }
        snprintf(buf, sizeof buf, "%zu", st.missing);
        err |= ix_textable_add(t, buf) | ix_textable_add(t, tr);
    }
    if (!jarr && v->o->format == IX_COMP_WRITE_TABLE) {
        ix_sink_puts(s, "\nIndicator statistics (input data before imputation, units taking part)\n\n");
        ix_textable_render(t, s);
    }
    free(x);
    ix_textable_free(t);
    return err ? -1 : 0;
}

/* Pearson r between every node of level L and every node of level L + 1,
 * on the final (normalised, aggregated) scores. */
static int corr_out(const view *v, ix_sink *s, json_t *jarr)
{
    size_t nu = ix_comp_model_nunits(v->m), nn = ix_comp_model_nnodes(v->m);
    char sep = v->o->separator, sp[2] = {sep, 0}, buf[64];
    ix_textable *t = ix_textable_new(5);
    if (!t)
        return -1;
    int err = ix_textable_add(t, "iCode") | ix_textable_add(t, "Level") | ix_textable_add(t, "with") |
              ix_textable_add(t, "Level") | ix_textable_add(t, "r");
    ix_textable_right(t, 4);
    if (v->o->format == IX_COMP_WRITE_CSV)
        ix_sink_printf(s, "iCode%sLevel%swith%sLevel_with%sr\n", sp, sp, sp, sp);
    for (size_t a = 0; a < nn; a++)
        for (size_t b = 0; b < nn; b++) {
            int la = ix_comp_node_level(v->m, a), lb = ix_comp_node_level(v->m, b);
            if (lb != la + 1)
                continue;
            double r = ix_comp_pearson(ix_comp_plan_scores(v->p, a), ix_comp_plan_scores(v->p, b), nu);
            const char *ca = ix_comp_node_code(v->m, a), *cb = ix_comp_node_code(v->m, b);
            if (jarr) {
                json_array_append_new(jarr, json_pack("{s:s,s:i,s:s,s:i,s:o}", "iCode", ca, "level", la,
                                                      "with", cb, "level_with", lb,
                                                      "r", isnan(r) ? json_null() : json_real(r)));
            } else if (v->o->format == IX_COMP_WRITE_CSV) {
                ix_csv_write_field(s, ca, sep);
                ix_sink_printf(s, "%s%d%s", sp, la, sp);
                ix_csv_write_field(s, cb, sep);
                ix_sink_printf(s, "%s%d%s", sp, lb, sp);
                ix_csv_write_number(s, r, v->dec);
                ix_sink_puts(s, "\n");
            } else {
                char l1[16], l2[16];
                snprintf(l1, sizeof l1, "%d", la);
                snprintf(l2, sizeof l2, "%d", lb);
                fmt_num(v, r, 3, buf, sizeof buf);
                err |= ix_textable_add(t, ca) | ix_textable_add(t, l1) | ix_textable_add(t, cb) |
                       ix_textable_add(t, l2) | ix_textable_add(t, buf);
            }
        }
    if (!jarr && v->o->format == IX_COMP_WRITE_TABLE) {
        ix_sink_puts(s, "\nPearson correlations between adjacent levels\n\n");
        ix_textable_render(t, s);
    }
    ix_textable_free(t);
    return err ? -1 : 0;
}

/* ---- JSON -------------------------------------------------------------- */

static json_t *num_or_null(double x)
{
    return isnan(x) ? json_null() : json_real(x);
}

static json_t *ranking_json(const view *v)
{
    json_t *units = json_array();
    for (size_t pos = 0; pos < ix_comp_model_nunits(v->m); pos++) {
        size_t u = v->order[pos];
        if (!ix_comp_plan_unit_active(v->p, u))
            continue;
        json_t *sc = json_object();
        for (size_t k = 0; k < v->ncols; k++)
            json_object_set_new(sc, ix_comp_node_code(v->m, v->cols[k]),
                                num_or_null(ix_comp_plan_scores(v->p, v->cols[k])[u]));
        json_t *o = json_pack("{s:s,s:s,s:o,s:o,s:f,s:I}", "uCode", ix_comp_unit_code(v->m, u),
                              "uName", ix_comp_unit_name(v->m, u), "rank",
                              v->rank[u] ? json_integer(v->rank[u]) : json_null(), "scores", sc,
                              "coverage", ix_comp_unit_coverage(v->m, u), "imputed",
                              (json_int_t)ix_comp_plan_unit_imputed(v->p, u));
        json_array_append_new(units, o);
    }
    return units;
}

static json_t *profile_json(const view *v, size_t u, const ix_comp_placing *pl, size_t npl)
{
    json_t *inds = json_array();
    for (size_t k = 0; k < npl; k++)
        json_array_append_new(
            inds, json_pack("{s:s,s:s,s:o,s:I,s:I,s:b,s:b,s:s}", "iCode", ix_comp_node_code(v->m, pl[k].node),
                            "iName", ix_comp_node_name(v->m, pl[k].node), "score",
                            num_or_null(ix_comp_plan_scores(v->p, pl[k].node)[u]), "rank",
                            (json_int_t)pl[k].rank, "of", (json_int_t)pl[k].n, "weak", pl[k].weak,
                            "below_target", pl[k].below_target, "recommendation",
                            ix_comp_node_recommendation(v->m, pl[k].node)));
    for (size_t k = 0; k < npl; k++) {
        json_t *o = json_array_get(inds, k);
        json_object_set_new(o, "value", num_or_null(pl[k].value));
        json_object_set_new(o, "unit", json_string(ix_comp_node_unit(v->m, pl[k].node)));
        json_object_set_new(o, "target", num_or_null(pl[k].target));
        json_object_set_new(o, "direction", json_integer(pl[k].direction));
        json_object_set_new(o, "off_target", json_integer(pl[k].off_target));
    }
    json_t *sc = json_object();
    for (size_t k = 0; k < v->ncols; k++)
        json_object_set_new(sc, ix_comp_node_code(v->m, v->cols[k]),
                            num_or_null(ix_comp_plan_scores(v->p, v->cols[k])[u]));
    return json_pack("{s:s,s:s,s:o,s:o,s:f,s:I,s:o}", "uCode", ix_comp_unit_code(v->m, u), "uName",
                     ix_comp_unit_name(v->m, u), "rank",
                     v->rank[u] ? json_integer(v->rank[u]) : json_null(), "scores", sc, "coverage",
                     ix_comp_unit_coverage(v->m, u), "imputed",
                     (json_int_t)ix_comp_plan_unit_imputed(v->p, u), "indicators", inds);
}

static int render_json(const view *v, const ix_comp_placing *pl, size_t npl, long unit, ix_sink *s)
{
    ix_buf nb;
    ix_buf_init(&nb);
    ix_sink ns = ix_buf_sink(&nb);
    put_notes(v, &ns, 0);
    json_t *notes = ix_json_lines(nb.data);
    ix_buf_free(&nb);
    size_t idx = ix_comp_model_index_node(v->m);
    json_t *root = json_pack("{s:s,s:s,s:o}", "index", ix_comp_node_code(v->m, idx), "name",
                             ix_comp_node_name(v->m, idx), "notes", notes);
    if (unit >= 0)
        json_object_set_new(root, "profile", profile_json(v, (size_t)unit, pl, npl));
    else
        json_object_set_new(root, "units", ranking_json(v));
    int err = 0;
    if (v->o->stats) {
        json_t *a = json_array();
        err |= stats_out(v, s, a);
        json_object_set_new(root, "stats", a);
    }
    if (v->o->corr) {
        json_t *a = json_array();
        err |= corr_out(v, s, a);
        json_object_set_new(root, "correlations", a);
    }
    if (ix_json_emit(root, s, NULL) != IX_OK)
        err = -1;
    return err;
}

/* ---- main -------------------------------------------------------------- */

static int render(const view *v, long unit, ix_sink *s, ix_diag *d)
{
    size_t ni = ix_comp_model_nindicators(v->m), npl = 0;
    ix_comp_placing *pl = NULL;
    int err = 0;
    if (unit >= 0) {
        pl = calloc(ni ? ni : 1, sizeof *pl);
        if (!pl)
            ix_diag_set(d, IX_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
        if (!pl || ix_comp_unit_placings(v->m, v->p, (size_t)unit, pl, &npl, d)) {
            err = -1;
            goto out;
        }
    }
    if (v->o->format == IX_COMP_WRITE_JSON) {
        err = render_json(v, pl, npl, unit, s);
        goto out;
    }
    int csv = v->o->format == IX_COMP_WRITE_CSV;
    if (unit >= 0)
        csv ? profile_csv(v, (size_t)unit, pl, npl, s) : profile_text(v, (size_t)unit, pl, npl, s);
    else if (csv)
        ranking_csv(v, s);
    else
        err |= ranking_table(v, s);
    if (v->o->stats) {
        if (csv)
            ix_sink_puts(s, "\n");
        err |= stats_out(v, s, NULL);
    }
    if (v->o->corr) {
        if (csv)
            ix_sink_puts(s, "\n");
        err |= corr_out(v, s, NULL);
    }
    if (!csv) {
        ix_sink_puts(s, "\n");
        put_notes(v, s, 1);
    }
out:
    free(pl);
    return err;
}


static void init_view(view *v, const ix_comp_model *m, const ix_comp_plan *p,
                      const ix_comp_recipe *r, const ix_comp_write_opts *o)
{
    memset(v, 0, sizeof *v);
    v->o = o;
    v->m = m;
    v->p = p;
    v->dec = o->decimal;
    for (size_t k = 0; k < r->nsteps; k++) {
        v->has_treat |= r->steps[k].kind == IX_STEP_TREAT;
        v->has_denominate |= r->steps[k].kind == IX_STEP_DENOMINATE;
    }
}

void ix_comp_write_opts_init(ix_comp_write_opts *o)
{
    memset(o, 0, sizeof *o);
    o->format = IX_COMP_WRITE_TABLE;
    o->decimal = '.';
    o->separator = ',';
    o->unit = -1;
}

ix_status ix_comp_write(const ix_comp_model *m, const ix_comp_plan *p, const ix_comp_recipe *r,
                        const ix_comp_write_opts *o, ix_sink *s, ix_diag *d)
{
    view v;
    init_view(&v, m, p, r, o);
    if (o->unit >= 0 && !ix_comp_plan_unit_active(p, (size_t)o->unit))
        return ix_diag_set(d, IX_ERR_INPUT, ix_comp_model_data_source(m), 0, 0, "unit",
                           "unit \"%s\" was withdrawn or screened out, so it has no profile",
                           ix_comp_unit_code(m, (size_t)o->unit));
    ix_status st = build_view(&v, d);
    if (!st && (render(&v, o->unit, s, d) || s->failed)) {
        st = IX_ERR_NOMEM;
        if (!d->message[0])
            ix_diag_set(d, IX_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    }
    free_view(&v);
    return st;
}

ix_status ix_comp_write_xlsx(const ix_comp_model *m, const ix_comp_plan *p,
                             const ix_comp_recipe *r, const ix_comp_write_opts *o,
                             ix_xlsx_table **out, ix_diag *d)
{
    view v;
    init_view(&v, m, p, r, o);
    *out = NULL;
    ix_status st = build_view(&v, d);
    if (!st && !(*out = ix_xlsx_table_new("Indeks", v.ncols + 5)))
        st = ix_diag_set(d, IX_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    if (!st && ranking_xlsx(&v, *out))
        st = ix_diag_set(d, IX_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    if (st) {
        ix_xlsx_table_free(*out);
        *out = NULL;
    }
    free_view(&v);
    return st;
}

void ix_comp_write_notes(const ix_comp_model *m, const ix_comp_plan *p, const char *reason,
                         const char *prefix, ix_sink *s)
{
    notes(m, p, reason, prefix, 0, s);
}

void ix_comp_write_notes_lang(const ix_comp_model *m, const ix_comp_plan *p, const char *reason,
                              const char *prefix, int danish, ix_sink *s)
{
    notes(m, p, reason, prefix, danish, s);
}
