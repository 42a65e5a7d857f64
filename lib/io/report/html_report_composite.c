/* The HTML report of a composite index (see include/indeks/report.h).
 *
 * A unit's profile follows `indeks composite --unit` (cli/cmd_composite.c):
 * its score and rank at every aggregate level, data coverage, its strongest
 * and weakest indicators, and a recommendation for every weak indicator,
 * weak meaning in the bottom fifth of the units with a value (rank > 0.8 n)
 * or on the wrong side of the indicator's Target (raw value, by Direction).
 * Ranks are computed once per node (ties share the best rank). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "html_report.h"
#include "indeks/rank.h"

typedef struct {
    const ix_comp_model *m;
    const ix_comp_plan *p;
    const ix_report_options *o;
    size_t nu, nn, ni;
    size_t *cols, ncols;  /* aggregates: the index first, then by level down */
    long *rank;           /* [node * nu + unit], 0 = no value */
    size_t *nvalues;      /* units with a value, per node */
    size_t *order;        /* units by index rank */
} comp_view;


static ix_status build(comp_view *v, ix_diag *d)
{
    v->cols = malloc(v->nn * sizeof *v->cols);
    /* zeroed: every entry is written by ix_rank_desc, but never read unset */
    v->rank = calloc(v->nn * v->nu, sizeof *v->rank);
    v->nvalues = calloc(v->nn, sizeof *v->nvalues);
    v->order = calloc(v->nu, sizeof *v->order);
    if (!v->cols || !v->rank || !v->nvalues || !v->order)
        return ix_diag_set(d, IX_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    for (int lev = ix_comp_model_nlevels(v->m); lev >= 2; lev--)
        for (size_t j = v->ni; j < v->nn; j++)
            if (ix_comp_node_level(v->m, j) == lev)
                v->cols[v->ncols++] = j;
    for (size_t j = 0; j < v->nn; j++) {
        const double *sc = ix_comp_plan_scores(v->p, j);
        ix_status st = ix_rank_desc(sc, v->nu, v->rank + j * v->nu,
                                    j == ix_comp_model_index_node(v->m) ? v->order : NULL, d);
        if (st)
            return st;
        for (size_t u = 0; u < v->nu; u++)
            v->nvalues[j] += !isnan(sc[u]);
    }
    return IX_OK;
}

static void node_label(ix_sink *s, const comp_view *v, size_t node)
{
    ix_html_text(s, ix_comp_node_code(v->m, node));
    ix_sink_puts(s, " ");
    ix_html_text(s, ix_comp_node_name(v->m, node));
}

static void ranking(ix_sink *s, const comp_view *v)
{
    const ix_report_options *o = v->o;
    ix_sink_printf(s, "<section id=\"ranking\">\n<h2>%s</h2>\n<p class=\"muted\">%s</p>\n",
                   IX__L(o, "Rangliste", "Ranking"),
                   IX__L(o, "Rang 1 = højeste indeks. Klik på et navn for profilen.",
                         "Rank 1 = highest index. Click a name for its profile."));
    ix_sink_printf(s, "<div class=\"scroll\">\n<table id=\"ranking-table\" class=\"sortable\">\n"
                      "<thead><tr><th class=\"n\">%s</th><th>%s</th><th>%s</th>",
                   IX__L(o, "Rang", "Rank"), IX__L(o, "Kode", "Code"), IX__L(o, "Navn", "Name"));
    for (size_t k = 0; k < v->ncols; k++) {
        ix_sink_puts(s, "<th class=\"n\" title=\"");
        ix_html_text(s, ix_comp_node_name(v->m, v->cols[k]));
        ix_sink_puts(s, "\">");
        ix_html_text(s, ix_comp_node_code(v->m, v->cols[k]));
        ix_sink_puts(s, "</th>");
    }
    ix_sink_printf(s, "<th class=\"n\">%s</th></tr></thead>\n<tbody>\n",
                   IX__L(o, "Dækning %", "Coverage %"));
    size_t idx = ix_comp_model_index_node(v->m);
    for (size_t pos = 0; pos < v->nu; pos++) {
        size_t u = v->order[pos];
        if (!ix_comp_plan_unit_active(v->p, u))
            continue;
        long rk = v->rank[idx * v->nu + u];
        ix_sink_puts(s, "<tr data-ucode=\"");
        ix_html_text(s, ix_comp_unit_code(v->m, u));
        if (rk)
            ix_sink_printf(s, "\"><td class=\"n\" data-v=\"%ld\">%ld</td><td>", rk, rk);
        else
            ix_sink_puts(s, "\"><td class=\"n\" data-v=\"\">–</td><td>");
        ix_html_text(s, ix_comp_unit_code(v->m, u));
        ix_sink_printf(s, "</td><td><a href=\"#u%zu\">", u);
        ix_html_text(s, ix_comp_unit_name(v->m, u));
        ix_sink_puts(s, "</a></td>");
        for (size_t k = 0; k < v->ncols; k++)
            ix__html_num_td(s, ix_comp_plan_scores(v->p, v->cols[k])[u], 2, o);
        ix__html_num_td(s, 100 * ix_comp_unit_coverage(v->m, u), 1, o);
        ix_sink_puts(s, "</tr>\n");
    }
    ix_sink_puts(s, "</tbody>\n</table>\n</div>\n</section>\n");
}

/* "below target" worded by the indicator's direction: a waiting time
 * (lower is better) that misses its target is over it. */
static const char *miss_words(const ix_report_options *o, int direction)
{
    return direction < 0 ? IX__L(o, "over målet", "above target")
                         : IX__L(o, "under målet", "below target");
}

/* A raw value with at most 2 decimals (fewer when it has fewer), then the
 * unit. */
static void value_with_unit(ix_sink *s, const ix_report_options *o, double x, const char *unit)
{
    int dec = 2;
    if (fabs(x - round(x)) < 1e-9)
        dec = 0;
    else if (fabs(x * 10 - round(x * 10)) < 1e-9)
        dec = 1;
    ix__html_num(s, x, dec, o);
    if (unit && unit[0]) {
        ix_sink_puts(s, " ");
        ix_html_text(s, unit);
    }
}

/* One indicator of unit u: name, rank and, for a recommendation, the value
 * with its unit, the target, the direction, whether it misses the target,
 * and IMETA's Recommendation. */
static void indicator_item(ix_sink *s, const comp_view *v, size_t u, const ix_comp_placing *q,
                           int with_rec)
{
    const ix_report_options *o = v->o;
    int dir = ix_comp_node_direction(v->m, q->node);
    ix_sink_puts(s, "<li>");
    node_label(s, v, q->node);
    if (!with_rec) {
        ix_sink_printf(s, IX__L(o, " (rang %ld af %zu%s%s)", " (rank %ld of %zu%s%s)"), q->rank,
                       q->n, q->below_target ? ", " : "",
                       q->below_target ? miss_words(o, dir) : "");
        ix_sink_puts(s, "</li>\n");
        return;
    }
    const double *raw = ix_comp_node_raw(v->m, q->node);
    const char *unit = ix_comp_node_unit(v->m, q->node);
    double target = ix_comp_node_target(v->m, q->node);
    ix_sink_puts(s, ": ");
    if (raw && !isnan(raw[u]))
        value_with_unit(s, o, raw[u], unit);
    else
        ix_sink_puts(s, IX__L(o, "ingen værdi", "no value"));
    if (!isnan(target)) {
        ix_sink_puts(s, IX__L(o, ", mål ", ", target "));
        value_with_unit(s, o, target, unit);
    }
    ix_sink_printf(s, " (%s", dir < 0   ? IX__L(o, "lavere er bedre", "lower is better")
                              : dir > 0 ? IX__L(o, "højere er bedre", "higher is better")
                                        : IX__L(o, "ingen retning", "no direction"));
    if (q->below_target)
        ix_sink_printf(s, "; %s", miss_words(o, dir));
    ix_sink_printf(s, IX__L(o, "; rang %ld af %zu). ", "; rank %ld of %zu). "), q->rank, q->n);
    const char *rec = ix_comp_node_recommendation(v->m, q->node);
    ix_sink_puts(s, "<span class=\"rec\">");
    if (rec && rec[0])
        ix_html_text(s, rec);
    else
        ix_sink_puts(s, IX__L(o, "(ingen anbefaling angivet)", "(no recommendation given)"));
    ix_sink_puts(s, "</span></li>\n");
}

static ix_status profile(ix_sink *s, const comp_view *v, size_t u, ix_comp_placing *pl, ix_diag *d)
{
    const ix_report_options *o = v->o;
    size_t idx = ix_comp_model_index_node(v->m);
    ix_sink_printf(s, "<details class=\"profile\" id=\"u%zu\" data-ucode=\"", u);
    ix_html_text(s, ix_comp_unit_code(v->m, u));
    ix_sink_puts(s, "\">\n<summary>");
    ix_html_text(s, ix_comp_unit_code(v->m, u));
    ix_sink_puts(s, " ");
    ix_html_text(s, ix_comp_unit_name(v->m, u));
    ix_sink_puts(s, " <span>– ");
    ix__html_num(s, ix_comp_plan_scores(v->p, idx)[u], 2, o);
    ix_sink_printf(s, IX__L(o, ", rang %ld af %zu", ", rank %ld of %zu"), v->rank[idx * v->nu + u],
                   v->nvalues[idx]);
    ix_sink_printf(s, "</span></summary>\n<table class=\"domains\">\n<thead><tr><th>%s</th>"
                      "<th class=\"n\">%s</th><th class=\"n\">%s</th></tr></thead>\n<tbody>\n",
                   IX__L(o, "Niveau", "Level"), "Score", IX__L(o, "Rang", "Rank"));
    int top = ix_comp_model_nlevels(v->m);
    for (size_t k = 0; k < v->ncols; k++) {
        size_t j = v->cols[k];
        double sc = ix_comp_plan_scores(v->p, j)[u];
        ix_sink_printf(s, "<tr data-node=\"");
        ix_html_text(s, ix_comp_node_code(v->m, j));
        ix_sink_printf(s, "\"><td style=\"padding-left:%dem\">", 1 + 2 * (top - ix_comp_node_level(v->m, j)));
        node_label(s, v, j);
        ix_sink_puts(s, "</td>");
        ix__html_num_td(s, sc, 2, o);
        if (isnan(sc))
            ix_sink_puts(s, "<td class=\"n\" data-v=\"\">–</td></tr>\n");
        else
            ix_sink_printf(s, IX__L(o, "<td class=\"n\" data-v=\"%ld\">%ld af %zu</td></tr>\n",
                                    "<td class=\"n\" data-v=\"%ld\">%ld of %zu</td></tr>\n"),
                           v->rank[j * v->nu + u], v->rank[j * v->nu + u], v->nvalues[j]);
    }
    ix_sink_puts(s, "</tbody>\n</table>\n<p>");
    ix_sink_puts(s, IX__L(o, "Datadækning: ", "Data coverage: "));
    ix__html_num(s, 100 * ix_comp_unit_coverage(v->m, u), 1, o);
    ix_sink_printf(s, IX__L(o, " %% af indikatorerne; imputerede værdier: %zu</p>\n",
                            " %% of indicators; imputed values: %zu</p>\n"),
                   ix_comp_plan_unit_imputed(v->p, u));
    size_t npl = 0;
    ix_status st = ix_comp_unit_placings(v->m, v->p, u, pl, &npl, d);
    if (st)
        return st;
    size_t strong = (npl + 1) / 2 < 3 ? (npl + 1) / 2 : 3, weak = npl / 2 < 3 ? npl / 2 : 3;
    ix_sink_printf(s, "<h3>%s</h3>\n<ul class=\"strong\">\n",
                   IX__L(o, "Stærkeste indikatorer", "Strongest indicators"));
    for (size_t k = 0; k < strong; k++)
        indicator_item(s, v, u, &pl[k], 0);
    ix_sink_printf(s, "</ul>\n<h3>%s</h3>\n<ul class=\"weakest\">\n",
                   IX__L(o, "Svageste indikatorer", "Weakest indicators"));
    for (size_t k = 0; k < weak; k++)
        indicator_item(s, v, u, &pl[npl - 1 - k], 0);
    ix_sink_printf(s, "</ul>\n<h3>%s</h3>\n<ul class=\"recommendations\">\n",
                   IX__L(o, "Anbefalinger (indikatorer i den nederste femtedel eller under målet)",
                         "Recommendations (indicators in the bottom fifth or below target)"));
    size_t nrec = 0;
    for (size_t k = npl; k-- > 0;)
        if (pl[k].weak) {
            indicator_item(s, v, u, &pl[k], 1);
            nrec++;
        }
    if (!nrec)
        ix_sink_printf(s, "<li class=\"muted\">%s</li>\n",
                       IX__L(o, "Ingen: ingen svage indikatorer.", "None: no weak indicators."));
    ix_sink_puts(s, "</ul>\n</details>\n");
    return IX_OK;
}

static const char *method_name(const ix_comp_step *st)
{
    return ix_comp_method_name(st->kind, st->method);
}

/* The recipe's words (composite.h's step and method names) in Danish, for a
 * Danish report; other text is returned as it is. */
static const char *recipe_word(const ix_report_options *o, const char *id)
{
    static const char *const da[][2] = {
        {"denominate", "Omregning med nævner"}, {"impute", "Imputering"},
        {"screen", "Frasortering"}, {"treat", "Behandling af ekstreme værdier"},
        {"normalise", "Normalisering"}, {"aggregate", "Aggregering"},
        {"mean", "gennemsnit"}, {"median", "median"}, {"mean_grp", "gruppegennemsnit"},
        {"median_grp", "gruppemedian"}, {"minmax", "min-maks"}, {"zscore", "z-score"},
        {"rank", "rang"}, {"dist2targ", "afstand til målet"}, {"goalposts", "målstolper"},
        {"amean", "aritmetisk gennemsnit"}, {"gmean", "geometrisk gennemsnit"},
        {"hmean", "harmonisk gennemsnit"}, {"mazziotta_pareto", "Mazziotta-Pareto"},
        {"mpi_compind", "Mazziotta-Pareto (Compind)"}, {"genmean", "generaliseret gennemsnit"},
        {"copeland", "Copeland"}};
    if (!o->danish)
        return id;
    for (size_t i = 0; i < sizeof da / sizeof da[0]; i++)
        if (strcmp(da[i][0], id) == 0)
            return da[i][1];
    return id;
}

static void model_section(ix_sink *s, const comp_view *v, const ix_comp_recipe *recipe)
{
    const ix_report_options *o = v->o;
    ix_sink_printf(s, "<section id=\"model\">\n<h2>%s</h2>\n<h3>%s</h3>\n<ol class=\"recipe\">\n",
                   IX__L(o, "Model og opskrift", "Model and recipe"),
                   IX__L(o, "Opskriftens trin", "The recipe's steps"));
    for (size_t k = 0; k < recipe->nsteps; k++) {
        const ix_comp_step *st = &recipe->steps[k];
        const char *mn = method_name(st);
        ix_sink_puts(s, "<li>");
        ix_html_text(s, recipe_word(o, ix_comp_step_name(st->kind)));
        if (st->kind == IX_STEP_AGGREGATE && st->nlevel_methods) {
            /* one method per level, from the indicators' parents up */
            for (size_t l = 0; l < st->nlevel_methods; l++) {
                ix_sink_puts(s, l ? ", " : ": ");
                ix_html_text(s, recipe_word(o, ix_comp_method_name(IX_STEP_AGGREGATE,
                                                                   st->level_method[l + 2])));
            }
        } else if (mn[0]) {
            ix_sink_puts(s, ": ");
            ix_html_text(s, recipe_word(o, mn));
        }
        if (st->kind == IX_STEP_IMPUTE && st->group[0]) {
            ix_sink_puts(s, IX__L(o, " efter ", " by "));
            ix_html_text(s, st->group);
        }
        ix_sink_puts(s, "</li>\n");
    }
    ix_sink_printf(s, "</ol>\n<h3>%s</h3>\n<table class=\"tree\">\n<thead><tr><th class=\"n\">%s</th>"
                      "<th>%s</th><th>%s</th><th>%s</th><th class=\"n\">%s</th><th class=\"n\">%s</th>"
                      "<th class=\"n\">%s</th></tr></thead>\n<tbody>\n",
                   IX__L(o, "Indikatortræet", "The indicator tree"),
                   IX__L(o, "Niveau", "Level"), IX__L(o, "Kode", "Code"), IX__L(o, "Navn", "Name"),
                   IX__L(o, "Under", "Parent"), IX__L(o, "Vægt", "Weight"),
                   IX__L(o, "Retning", "Direction"), IX__L(o, "Mål", "Target"));
    for (size_t j = v->nn; j-- > 0;) {
        long parent = ix_comp_node_parent(v->m, j);
        ix_sink_printf(s, "<tr><td class=\"n\">%d</td><td>", ix_comp_node_level(v->m, j));
        ix_html_text(s, ix_comp_node_code(v->m, j));
        ix_sink_puts(s, "</td><td>");
        ix_html_text(s, ix_comp_node_name(v->m, j));
        ix_sink_puts(s, "</td><td>");
        if (parent >= 0)
            ix_html_text(s, ix_comp_node_code(v->m, (size_t)parent));
        ix_sink_puts(s, "</td>");
        ix__html_num_td(s, parent >= 0 ? ix_comp_node_weight(v->m, j) : NAN, 2, o);
        if (j < v->ni)
            ix_sink_printf(s, "<td class=\"n\">%+d</td>", ix_comp_node_direction(v->m, j));
        else
            ix_sink_puts(s, "<td></td>");
        ix__html_num_td(s, j < v->ni ? ix_comp_node_target(v->m, j) : NAN, 2, o);
        ix_sink_puts(s, "</tr>\n");
    }
    ix_sink_puts(s, "</tbody>\n</table>\n</section>\n");
}

static void sources(ix_sink *s, const comp_view *v, const ix_comp_recipe *recipe)
{
    const ix_report_options *o = v->o;
    ix_sink_printf(s, "<section id=\"sources\">\n<h2>%s</h2>\n<ul>\n<li>IDATA: ",
                   IX__L(o, "Kilder", "Sources"));
    ix_html_text(s, ix__html_basename(ix_comp_model_data_source(v->m)));
    ix_sink_puts(s, "</li>\n<li>IMETA: ");
    ix_html_text(s, ix__html_basename(ix_comp_model_meta_source(v->m)));
    ix_sink_printf(s, "</li>\n<li>%s: ", IX__L(o, "Opskrift", "Recipe"));
    ix_html_text(s, recipe->source[0] ? ix__html_basename(recipe->source)
                                       : IX__L(o, "standard (min-max til [0, 100], vægtet "
                                                  "aritmetisk gennemsnit)",
                                               "default (min-max to [0, 100], weighted arithmetic "
                                               "mean)"));
    ix_sink_printf(s, "</li>\n<li>%s: ", IX__L(o, "Kort", "Map"));
    ix_html_text(s, o->map_credit && o->map_credit[0] ? o->map_credit
                    : o->geometry                    ? ix__html_basename(o->geometry)
                                 : IX__L(o, "skematisk sekskantkort (indbygget i indeks)",
                                         "schematic hexagon tile map (built into indeks)"));
    ix_sink_puts(s, "</li>\n</ul>\n</section>\n");
}

static void notes(ix_sink *s, const comp_view *v)
{
    const ix_report_options *o = v->o;
    ix_buf b;
    ix_buf_init(&b);
    ix_sink ns = ix_buf_sink(&b);
    size_t imputed = 0;
    for (size_t u = 0; u < v->nu; u++) {
        imputed += ix_comp_plan_unit_imputed(v->p, u);
        if (ix_comp_plan_unit_withdrawn(v->p, u))
            ix_sink_printf(&ns, IX__L(o, "Trukket ud: %s %s\n", "Withdrawn: %s %s\n"),
                           ix_comp_unit_code(v->m, u), ix_comp_unit_name(v->m, u));
        else if (ix_comp_plan_unit_screened(v->p, u))
            ix_sink_printf(&ns, IX__L(o, "Sorteret fra: %s %s (datadækning %.1f %%)\n",
                                      "Screened out: %s %s (data coverage %.1f %%)\n"),
                           ix_comp_unit_code(v->m, u), ix_comp_unit_name(v->m, u),
                           100 * ix_comp_unit_coverage(v->m, u));
    }
    if (imputed)
        ix_sink_printf(&ns, IX__L(o, "%zu manglende værdier er imputeret (se profilerne).\n",
                                  "%zu missing values were imputed (see the profiles).\n"),
                       imputed);
    ix__html_notes(s, o, b.data);
    if (ns.failed)
        s->failed = 1;
    ix_buf_free(&b);
}

ix_status ix_report_composite_html(const ix_comp_model *m, const ix_comp_plan *p,
                                   const ix_comp_recipe *recipe, const ix_report_options *o,
                                   ix_sink *s, ix_diag *d)
{
    comp_view v = {m, p, o, ix_comp_model_nunits(m), ix_comp_model_nnodes(m),
                   ix_comp_model_nindicators(m), NULL, 0, NULL, NULL, NULL};
    ix_comp_placing *pl = malloc((v.ni ? v.ni : 1) * sizeof *pl);
    ix_status st = pl ? build(&v, d) : ix_diag_set(d, IX_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    if (st)
        goto out;
    size_t idx = ix_comp_model_index_node(m);
    char subtitle[200];
    snprintf(subtitle, sizeof subtitle, IX__L(o, "Sammensat indeks for %zu enheder",
                                              "Composite index of %zu units"),
             v.nvalues[idx]);
    ix__html_begin(s, o, o->title ? o->title : ix_comp_node_name(m, idx), subtitle);
    notes(s, &v);
    ix_sink_puts(s, "<div class=\"top\">\n");
    ix__html_map(s, o, IX__L(o, "Enhederne er ikke kommuner (uCode er ikke en kommunekode), så "
                                "der er intet kort.",
                             "The units are not municipalities (uCode is not a municipality code), "
                             "so there is no map."));
    ranking(s, &v);
    ix_sink_puts(s, "</div>\n");
    ix_sink_printf(s, "<section id=\"profiles\">\n<h2>%s</h2>\n",
                   IX__L(o, "Profiler", "Profiles"));
    for (size_t pos = 0; !st && pos < v.nu; pos++)
        if (ix_comp_plan_unit_active(p, v.order[pos]))
            st = profile(s, &v, v.order[pos], pl, d);
    if (st)
        goto out;
    ix_sink_puts(s, "</section>\n");
    model_section(s, &v, recipe);
    sources(s, &v, recipe);
    ix__html_end(s, o);
    if (s->failed)
        st = ix_diag_set(d, IX_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory writing the report");
out:
    free(pl);
    free(v.cols);
    free(v.rank);
    free(v.nvalues);
    free(v.order);
    return st;
}
