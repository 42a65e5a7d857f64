/* The ethical account of GUSA (report_gusa.h). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "html_report.h"
#include "indeks/gusa_charts.h"
#include "indeks/kommuner.h"
#include "indeks/report_gusa.h"
#include "indeks/series.h"
#include "indeks/series_official.h"

#define YEARS 5 /* the trend: the account's year and up to four before */

typedef struct {
    const ix_gusa_facts *f;
    const ix_report_gusa_spec *spec;
    const ix_report_options *o;
    ix_gusa_indicators *by_year[YEARS]; /* [0] the year, [k] k years before; NULL: no case */
    ix_gusa_scatter_point *points;      /* the year's values with the socio index */
    size_t npoints;
    int socio_year;
} account;

/* The value as people read it: shares in per cent, the rest as they are. */
static void value_td(ix_sink *s, const account *a, size_t i, double v)
{
    const ix_gusa_indicator_def *g = ix_gusa_indicator_at(i);
    if (strcmp(g->unit, "andel") == 0)
        ix__html_num_td(s, 100 * v, 1, a->o);
    else
        ix__html_num_td(s, v, strcmp(g->unit, "dage") == 0 ? 1 : 2, a->o);
}

static const char *unit_da(const ix_gusa_indicator_def *g)
{
    return strcmp(g->unit, "andel") == 0 ? "%" : g->unit;
}

static double value(const account *a, int k, size_t i)
{
    return a->by_year[k] ? ix_gusa_indicator_value(a->by_year[k], a->spec->kommune, i) : NAN;
}

/* One table: the indicators of a domain (NULL: G13, G14), a column per year. */
static void trend_table(ix_sink *s, const account *a, const char *domain)
{
    ix_html_printf(s, "<div class=\"table-wrap\"><table>\n<thead><tr><th>Indikator</th><th>Enhed</th>");
    for (int k = YEARS - 1; k >= 0; k--)
        if (a->by_year[k])
            ix_html_printf(s, "<th class=\"n\">%d</th>", a->spec->year - k);
    ix_html_printf(s, "<th>Retning</th></tr></thead>\n<tbody>\n");
    for (size_t i = 0; i < ix_gusa_indicator_count(); i++) {
        const ix_gusa_indicator_def *g = ix_gusa_indicator_at(i);
        if ((domain && (!g->domain || strcmp(g->domain, domain) != 0)) || (!domain && g->domain))
            continue;
        ix_html_printf(s, "<tr><th scope=\"row\" title=\"%s\">%s %s</th><td>%s</td>", g->definition,
                       g->code, g->name, unit_da(g));
        for (int k = YEARS - 1; k >= 0; k--)
            if (a->by_year[k])
                value_td(s, a, i, value(a, k, i));
        ix_html_printf(s, "<td>%s</td></tr>\n", g->direction > 0 ? "højere er bedre" : "lavere er bedre");
    }
    ix_html_printf(s, "</tbody></table></div>\n");
}

static void feedback_section(ix_sink *s, const account *a)
{
    static const char *const q[3] = {"Blev I hørt?", "Er I enige i aftalerne?",
                                     "Blev jeres egne ressourcer brugt?"};
    long n[3][5];
    ix_gusa_feedback_counts(a->f, a->spec->year, a->spec->kommune, n);
    ix_html_printf(s, "<section id=\"svar\">\n<h2>Hvad familierne svarede i %d</h2>\n"
                      "<p>Antal svar efter møderne, 1 (slet ikke) til 5 (i høj grad). Kun tal, "
                      "aldrig fritekst.</p>\n<div class=\"table-wrap\"><table>\n<thead><tr>"
                      "<th>Spørgsmål</th><th class=\"n\">1</th><th class=\"n\">2</th>"
                      "<th class=\"n\">3</th><th class=\"n\">4</th><th class=\"n\">5</th>"
                      "<th class=\"n\">Svar i alt</th></tr></thead>\n<tbody>\n",
                   a->spec->year);
    for (int k = 0; k < 3; k++) {
        long total = 0;
        ix_html_printf(s, "<tr><th scope=\"row\">%s</th>", q[k]);
        for (int v = 0; v < 5; v++) {
            total += n[k][v];
            ix__html_num_td(s, (double)n[k][v], 0, a->o);
        }
        ix__html_num_td(s, (double)total, 0, a->o);
        ix_html_printf(s, "</tr>\n");
    }
    ix_html_printf(s, "</tbody></table></div>\n</section>\n");
}

static void group_row(ix_sink *s, const account *a, const ix_gusa_conc_group *g)
{
    static const char *const dims[][2] = {
        {"overall", "Alle familier"}, {"centre", "Center"}, {"ladder_step", "Trin"}};
    const char *dim = g->dimension;
    for (size_t i = 0; i < 3; i++)
        if (strcmp(dims[i][0], g->dimension) == 0)
            dim = dims[i][1];
    ix_html_printf(s, "<tr><th scope=\"row\">%s %s</th>", dim, g->key);
    if (g->suppressed) {
        ix_html_printf(s, "<td colspan=\"5\">færre end %d familier: ikke vist</td></tr>\n",
                       IX_GUSA_MIN_CASES);
        return;
    }
    ix__html_num_td(s, (double)g->families, 0, a->o);
    ix__html_num_td(s, 100 * g->lorenz.top1, 1, a->o);
    ix__html_num_td(s, 100 * g->lorenz.top20, 1, a->o);
    ix__html_num_td(s, 100 * g->lorenz.top50, 1, a->o);
    ix__html_num_td(s, g->lorenz.gini, 2, a->o);
    ix_html_printf(s, "</tr>\n");
}

static ix_status concentration_section(ix_sink *s, const account *a, ix_diag *d)
{
    ix_gusa_concentration *c = NULL;
    ix_html_printf(s, "<section id=\"koncentration\">\n<h2>80/20: hvor udgifterne går hen</h2>\n");
    ix_diag quiet;
    ix_diag_clear(&quiet);
    if (ix_gusa_concentration_compute(a->f, a->spec->year, a->spec->kommune, &c, &quiet) != IX_OK) {
        ix_html_printf(s, "<p>Ingen udgifter til indsatser i året.</p>\n</section>\n");
        return IX_OK;
    }
    const ix_gusa_conc_group *all = ix_gusa_concentration_group(c, 0);
    ix_html_printf(s, "<p>Udgift pr. familie (indsatsernes kr.) i årets sager. ");
    if (!all->suppressed) {
        ix_html_printf(s, "De 20 %% af familierne med de største udgifter har ");
        ix__html_num(s, 100 * all->lorenz.top20, 0, a->o);
        ix_html_printf(s, " %% af udgifterne; Gini er ");
        ix__html_num(s, all->lorenz.gini, 2, a->o);
        ix_html_printf(s, ".</p>\n<figure class=\"chart\">");
        ix_gusa_lorenz_svg(s, &all->lorenz, "Lorenzkurve: udgift pr. familie");
        ix_html_printf(s, "<figcaption>Jo længere kurven ligger under den stiplede linje, jo "
                          "mere samles udgifterne hos få familier.</figcaption></figure>\n");
    } else
        ix_html_printf(s, "Færre end %d familier: ikke vist.</p>\n", IX_GUSA_MIN_CASES);
    ix_html_printf(s, "<div class=\"table-wrap\"><table>\n<thead><tr><th>Gruppe</th>"
                      "<th class=\"n\">Familier</th><th class=\"n\">Top 1 %%</th>"
                      "<th class=\"n\">Top 20 %%</th><th class=\"n\">Top 50 %%</th>"
                      "<th class=\"n\">Gini</th></tr></thead>\n<tbody>\n");
    for (size_t i = 0; i < ix_gusa_concentration_groups(c); i++)
        group_row(s, a, ix_gusa_concentration_group(c, i));
    ix_html_printf(s, "</tbody></table></div>\n</section>\n");
    ix_gusa_concentration_free(c);
    (void)d;
    return IX_OK;
}

/* The socio-economic index of the year (or the latest year before it) from
 * the embedded official series, as the points' x. */
static ix_status socio_points(account *a, ix_diag *d)
{
    ix_table *t = NULL;
    ix_series *ser = NULL;
    ix_status st = ix_series_official_table(&t, d);
    if (!st)
        st = ix_series_from_table(t, NULL, &ser, d);
    ix_table_free(t);
    if (st)
        return st;
    int latest = ix_series_latest_year(ser);
    a->socio_year = a->spec->year < latest ? a->spec->year : latest;
    a->points = calloc(ix_kommune_count(), sizeof *a->points);
    if (!a->points) {
        ix_series_free(ser);
        return ix_diag_set(d, IX_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    }
    for (size_t k = 0; k < ix_kommune_count(); k++) {
        a->points[k].kommune = ix_kommune_at(k)->code;
        a->points[k].x = a->points[k].y = NAN;
    }
    for (size_t i = 0; i < ser->nobs; i++)
        if (ser->obs[i].year == a->socio_year)
            for (size_t k = 0; k < ix_kommune_count(); k++)
                if (a->points[k].kommune == ser->obs[i].code)
                    a->points[k].x = ser->obs[i].value;
    a->npoints = ix_kommune_count();
    ix_series_free(ser);
    return IX_OK;
}

static void set_y(account *a, ix_gusa_indicators *per_kommune, size_t i)
{
    for (size_t k = 0; k < a->npoints; k++)
        a->points[k].y = ix_gusa_indicator_value(per_kommune, a->points[k].kommune, i);
}

/* "Do we do better than the municipalities with the same burden?" */
static void peers_section(ix_sink *s, account *a, ix_gusa_indicators *per_kommune)
{
    static const size_t shown[] = {4, 9, 12}; /* G05, G10, G13: one per question */
    ix_html_printf(s, "<section id=\"naboer\">\n<h2>Gør vi det bedre end kommuner med samme "
                      "byrde?</h2>\n<p>Socioøkonomisk indeks %d (Indenrigs- og "
                      "Sundhedsministeriet) mod GUSA-indikatorerne %d. ",
                   a->socio_year, a->spec->year);
    int peers[10];
    size_t np = 0;
    if (a->spec->kommune) {
        set_y(a, per_kommune, shown[1]);
        np = ix_gusa_peers(a->points, a->npoints, a->spec->kommune, peers);
        const ix_kommune *me = ix_kommune_find(a->spec->kommune);
        ix_html_printf(s, "%s er den røde prik; de gule er de %zu kommuner, hvis indeks ligger "
                          "nærmest (ved lige afstand den laveste kode).",
                       me ? me->name : "", np);
    }
    ix_html_printf(s, "</p>\n");
    for (size_t j = 0; j < sizeof shown / sizeof shown[0]; j++) {
        const ix_gusa_indicator_def *g = ix_gusa_indicator_at(shown[j]);
        set_y(a, per_kommune, shown[j]);
        char title[160];
        snprintf(title, sizeof title, "%s %s mod socioøkonomisk indeks", g->code, g->name);
        ix_html_printf(s, "<figure class=\"chart\">");
        ix_gusa_scatter_svg(s, a->points, a->npoints, a->spec->kommune, "Socioøkonomisk indeks",
                            g->name, title);
        ix_html_printf(s, "<figcaption>%s (%s)</figcaption></figure>\n", g->name, unit_da(g));
    }
    if (np) {
        ix_html_printf(s, "<div class=\"table-wrap\"><table>\n<thead><tr><th>Kommune</th>"
                          "<th class=\"n\">Indeks</th>");
        for (size_t j = 0; j < 3; j++)
            ix_html_printf(s, "<th class=\"n\">%s</th>", ix_gusa_indicator_at(shown[j])->code);
        ix_html_printf(s, "</tr></thead>\n<tbody>\n");
        for (size_t r = 0; r <= np; r++) {
            int code = r == 0 ? a->spec->kommune : peers[r - 1];
            const ix_kommune *km = ix_kommune_find(code);
            double x = NAN;
            for (size_t k = 0; k < a->npoints; k++)
                if (a->points[k].kommune == code)
                    x = a->points[k].x;
            ix_html_printf(s, "<tr%s><th scope=\"row\">%s</th>", r == 0 ? " class=\"me\"" : "",
                           km ? km->name : "");
            ix__html_num_td(s, x, 1, a->o);
            for (size_t j = 0; j < 3; j++)
                value_td(s, a, shown[j], ix_gusa_indicator_value(per_kommune, code, shown[j]));
            ix_html_printf(s, "</tr>\n");
        }
        ix_html_printf(s, "</tbody></table></div>\n");
    }
    ix_html_printf(s, "</section>\n");
}

/* The indicators of the years; for the whole country, every case counted
 * as if of one municipality (code 0). */
static ix_status compute_years(account *a, ix_gusa_facts *all, ix_diag *d)
{
    const ix_gusa_facts *src = a->spec->kommune ? a->f : all;
    for (int k = 0; k < YEARS; k++) {
        ix_status st = ix_gusa_indicators_compute(src, a->spec->year - k, &a->by_year[k], d);
        if (st)
            return st;
        if (ix_gusa_indicator_cases(a->by_year[k], a->spec->kommune) == 0) {
            ix_gusa_indicators_free(a->by_year[k]);
            a->by_year[k] = NULL;
        }
    }
    if (!a->by_year[0])
        return ix_diag_set(d, IX_ERR_INPUT, NULL, 0, 0, a->spec->kommune ? "kommune" : "year",
                           "no case is active in %d%s", a->spec->year,
                           a->spec->kommune ? " in that municipality" : "");
    return IX_OK;
}

static void write_page(ix_sink *s, account *a, ix_gusa_indicators *per_kommune)
{
    static const char *const nav[] = {"etik", "Etik", "svar", "Svar", "koncentration", "80/20",
                                      "trappe", "Trappen", "naboer", "Sammenlign", "kilder",
                                      "Kilder", NULL};
    const ix_kommune *km = ix_kommune_find(a->spec->kommune);
    char title[160], subtitle[200];
    snprintf(title, sizeof title, "Etisk regnskab %d: %s", a->spec->year,
             km ? km->name : "hele landet");
    snprintf(subtitle, sizeof subtitle, "GUSA, samarbejdet om udsatte børn og familier%s",
             a->spec->synthetic ? " · SYNTETISKE DATA" : "");
    ix__html_begin_nav(s, a->o, title, subtitle, nav);
    char notes[1024];
    snprintf(notes, sizeof notes,
             "%sÅrets sager er dem, der var åbne på et tidspunkt i %d.\n"
             "En indikator vises ikke (–) for en kommune med færre end %d sager i året, eller "
             "når færre end %d sager indgår i den: så få tal kunne pege på en familie.\n"
             "Definitionerne står ved hver indikator (hold musen over navnet) og i docs/gusa.md.",
             a->spec->synthetic ? "SYNTETISKE DATA: familierne er opdigtet af indeks gusa demo; "
                                  "tallene viser kun, hvordan regnskabet ser ud.\n"
                                : "",
             a->spec->year, IX_GUSA_MIN_CASES, IX_GUSA_MIN_CASES);
    ix__html_notes(s, a->o, notes);
    ix_html_printf(s, "<section id=\"etik\">\n<h2>Etik: inddragelse og familiernes stemme</h2>\n");
    trend_table(s, a, "ETIK");
    ix_html_printf(s, "</section>\n");
    feedback_section(s, a);
    ix_diag ignore;
    ix_diag_clear(&ignore);
    concentration_section(s, a, &ignore);
    ix_html_printf(s, "<section id=\"trappe\">\n<h2>Indsatstrappen</h2>\n");
    trend_table(s, a, "TRAPPE");
    ix_html_printf(s, "<h2>Samarbejdet på tværs af centre</h2>\n");
    trend_table(s, a, "TVAERS");
    ix_html_printf(s, "<h2>Udgifternes fordeling</h2>\n");
    trend_table(s, a, NULL);
    ix_html_printf(s, "</section>\n");
    peers_section(s, a, per_kommune);
    ix_html_printf(s, "<section id=\"kilder\">\n<h2>Kilder</h2>\n<ul><li>GUSA-databasen: "
                      "sagernes datoer, trin, udgifter, deltagere, møder og svar; ingen navne og "
                      "ingen fritekst.</li><li>%s</li></ul>\n</section>\n",
                   ix_series_official_source(1));
    ix__html_end(s, a->o);
}

ix_status ix_report_gusa_html(const ix_gusa_facts *f, const ix_report_gusa_spec *spec,
                              const ix_report_options *o, ix_sink *s, ix_diag *d)
{
    account a;
    memset(&a, 0, sizeof a);
    a.f = f;
    a.spec = spec;
    a.o = o;
    ix_gusa_facts all = {NULL, f->n, f->today};
    all.cases = malloc((f->n ? f->n : 1) * sizeof *all.cases);
    if (!all.cases)
        return ix_diag_set(d, IX_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    memcpy(all.cases, f->cases, f->n * sizeof *all.cases);
    for (size_t i = 0; i < all.n; i++)
        all.cases[i].kommune = 0;
    ix_gusa_indicators *per_kommune = NULL;
    ix_status st = compute_years(&a, &all, d);
    if (!st)
        st = ix_gusa_indicators_compute(f, spec->year, &per_kommune, d);
    if (!st)
        st = socio_points(&a, d);
    if (!st)
        write_page(s, &a, per_kommune);
    ix_gusa_indicators_free(per_kommune);
    for (int k = 0; k < YEARS; k++)
        ix_gusa_indicators_free(a.by_year[k]);
    free(a.points);
    free(all.cases);
    return st;
}
