/* The web site's municipality pages: a profile with its history, and two
 * municipalities side by side; and the CSV of both (see site.h).
 *
 * The profile explains each kind of index from the columns its edition
 * holds: the socio-economic index as the sum of its criteria's
 * contributions (bidrag_*), a composite index by its pillars, each against
 * the plain mean of the municipalities in the same edition, and pillars
 * under that mean become the recommendations. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "indeks/number.h"
#include "indeks/site.h"
#include "site_internal.h"

/* <td data-v="exact">formatted</td> for a number of a table. */
static void put_num_td(ix_sink *s, double v)
{
    ix_html_printf(s, "<td data-v=\"");
    ix__site_put_raw(s, v);
    ix_html_printf(s, "\">");
    ix__site_put_num(s, v);
    ix_html_printf(s, "</td>");
}

/* Plain mean of column col over the rows of year. */
static double column_mean(const ix_edition *e, long col, int year)
{
    double sum = 0;
    size_t n = 0;
    for (size_t r = 0; r < e->nrows; r++) {
        double v = e->rows[r].year == year ? ix__site_cell(e, &e->rows[r], col) : NAN;
        if (isfinite(v)) {
            sum += v;
            n++;
        }
    }
    return n ? sum / (double)n : NAN;
}

static long rows_in_year(const ix_edition *e, int year)
{
    long n = 0;
    for (size_t r = 0; r < e->nrows; r++)
        n += e->rows[r].year == year && isfinite(e->rows[r].value);
    return n;
}

static int is_meta_column(const char *name)
{
    return strcmp(name, "Coverage") == 0 || strcmp(name, "Imputed") == 0 ||
           strcmp(name, "datakilde") == 0;
}

/* The numeric extra columns of e with the row's value and the mean. */
static void column_table(const ix_edition *e, const ix_result_row *row, int year, int contrib,
                         ix_sink *s)
{
    ix_html_printf(s, "<table class=\"sortable profile\">\n<thead><tr><th>%s</th><th data-type=\"num\">"
                      "%s</th><th data-type=\"num\">Gennemsnit af kommunerne</th></tr></thead>\n"
                      "<tbody>\n",
                   contrib ? "Kriterium" : e->info.kind == IX_EDITION_COMPOSITE ? "Søjle" : "Kolonne",
                   contrib ? "Bidrag" : "Værdi");
    for (size_t c = 0; c < e->ncols; c++) {
        const char *name = e->cols[c].name;
        if (e->cols[c].role != IX_COL_EXTRA || (contrib && strncmp(name, "bidrag_", 7) != 0))
            continue;
        double v = ix__site_cell(e, row, (long)c), m = column_mean(e, (long)c, year);
        if (!isfinite(v) && !isfinite(m))
            continue;
        ix_html_printf(s, "<tr><td>%s</td>", contrib ? name + 7 : name);
        put_num_td(s, v);
        put_num_td(s, m);
        ix_html_printf(s, "</tr>\n");
    }
    ix_html_printf(s, "</tbody>\n</table>\n");
}

static void recommendations(const ix_edition *e, const ix_result_row *row, int year, ix_sink *s)
{
    int any = 0;
    ix_html_printf(s, "<h3>Anbefalinger</h3>\n<ul class=\"recommendations\">\n");
    for (size_t c = 0; c < e->ncols; c++) {
        if (e->cols[c].role != IX_COL_EXTRA || is_meta_column(e->cols[c].name))
            continue;
        double v = ix__site_cell(e, row, (long)c), m = column_mean(e, (long)c, year);
        if (!(isfinite(v) && isfinite(m) && v < m))
            continue;
        any = 1;
        ix_html_printf(s, "<li>Styrk <strong>%s</strong>: ", e->cols[c].name);
        ix__site_put_num(s, v);
        ix_html_printf(s, " mod gennemsnittet ");
        ix__site_put_num(s, m);
        ix_html_printf(s, ".</li>\n");
    }
    if (!any)
        ix_html_printf(s, "<li>Over gennemsnittet i alle søjler.</li>\n");
    ix_html_printf(s, "</ul>\n");
}

static void profile_section(const ix_edition *e, int kommune, ix_sink *s)
{
    int year = ix_edition_display_year(e);
    long r = ix_edition_find(e, kommune, year);
    if (r < 0)
        return;
    const ix_result_row *row = &e->rows[r];
    long vcol = ix__site_find_column(e, NULL);
    ix_html_printf(s, "<section class=\"profile\">\n<h2>%s %d: <a href=\"/edition/%ld\">%s</a></h2>\n"
                      "<p class=\"big\">%s <strong>",
                   ix__site_kind_label(e->info.kind), year, e->info.id, e->info.name,
                   vcol >= 0 ? e->cols[vcol].name : "værdi");
    ix__site_put_num(s, row->value);
    ix_html_printf(s, "</strong>");
    if (row->rank)
        ix_html_printf(s, " · rang %ld af %ld", row->rank, rows_in_year(e, year));
    ix_html_printf(s, "</p>\n");
    if (e->info.note && e->info.note[0])
        ix_html_printf(s, "<p class=\"note\">%s</p>\n", e->info.note);
    if (e->info.kind == IX_EDITION_SOCIO) {
        ix_html_printf(s, "<p>Indekset er summen af bidragene fra kriterierne nedenfor. 100 er "
                          "landsgennemsnittet (vægtet med indbyggertal): over 100 betyder tungere "
                          "sociale udfordringer end i landet som helhed, og målet er at komme nærmere "
                          "100.</p>\n");
        column_table(e, row, year, 1, s);
    } else if (e->info.kind == IX_EDITION_COMPOSITE) {
        ix_html_printf(s, "<p>Indekset samler indikatorerne i søjler (0–100, højere er bedre) og "
                          "søjlerne i ét tal. Søjler under gennemsnittet af kommunerne er dem, der "
                          "flytter indekset mest.</p>\n");
        column_table(e, row, year, 0, s);
        recommendations(e, row, year, s);
    } else if (e->nextra) {
        column_table(e, row, year, 0, s);
    }
    ix_html_printf(s, "</section>\n");
}

static void compare_form(const ix_kommune *k, ix_sink *s)
{
    ix_html_printf(s, "<form class=\"compare\" method=\"get\" action=\"/sammenlign\">"
                      "<input type=\"hidden\" name=\"a\" value=\"%d\"><label>Sammenlign med "
                      "<select name=\"b\">",
                   k->code);
    for (size_t i = 0; i < ix_kommune_count(); i++) {
        const ix_kommune *o = ix_kommune_at(i);
        if (o->code != k->code)
            ix_html_printf(s, "<option value=\"%d\">%s</option>", o->code, o->name);
    }
    ix_html_printf(s, "</select></label> <button type=\"submit\">Sammenlign</button></form>\n");
}

static void history_section(const ix_kommune *k, const ix_history *h, ix_sink *s)
{
    ix_html_printf(s, "<section class=\"history\">\n<h2>Udvikling</h2>\n");
    ix_html_printf(s, "<p class=\"downloads\"><a href=\"/kommune/%d.csv\">Hent CSV</a> · "
                      "<a href=\"/api/v1/kommuner/%d\">JSON</a></p>\n",
                   k->code, k->code);
    for (int kind = IX_EDITION_SOCIO; kind <= IX_EDITION_SERIES; kind++) {
        size_t n = 0;
        for (size_t i = 0; i < h->n; i++)
            n += h->points[i].kind == (ix_edition_kind)kind;
        if (!n)
            continue;
        ix_html_printf(s, "<h3>%s</h3>\n", ix__site_kind_label((ix_edition_kind)kind));
        ix__site_history_chart(h, (ix_edition_kind)kind, s);
    }
    ix_html_printf(s, "<table class=\"sortable\" id=\"historik\">\n<thead><tr><th data-type=\"num\">"
                      "År</th><th>Udgave</th><th data-type=\"num\">Værdi</th><th data-type=\"num\">"
                      "Rang</th></tr></thead>\n<tbody>\n");
    for (size_t i = 0; i < h->n; i++) {
        const ix_history_point *p = &h->points[i];
        ix_html_printf(s, "<tr><td data-v=\"%d\">%d</td><td><a href=\"/edition/%ld\">%s</a></td>",
                       p->year, p->year, p->edition, p->edition_name);
        ix_html_printf(s, "<td data-v=\"");
        ix__site_put_raw(s, p->value);
        ix_html_printf(s, "\">");
        ix__site_put_num(s, p->value);
        if (p->rank)
            ix_html_printf(s, "</td><td data-v=\"%ld\">%ld af %ld</td></tr>\n", p->rank, p->rank,
                           p->of);
        else
            ix_html_printf(s, "</td><td data-v=\"\">–</td></tr>\n");
    }
    ix_html_printf(s, "</tbody>\n</table>\n</section>\n");
}

ix_status ix_site_kommune_page(const ix_kommune *k, const ix_history *h,
                               const ix_edition *const *latest, size_t nlatest, ix_sink *s,
                               ix_diag *d)
{
    (void)d;
    ix__site_page_begin(s, k->name);
    char pop[32];
    ix_format_fixed((double)k->population_2020, 0, ',', 1, pop, sizeof pop);
    ix_html_printf(s, "<h1>%s <small>%03d</small></h1>\n<p class=\"meta\">Region %s · %s indbyggere "
                      "(1. januar 2020)</p>\n",
                   k->name, k->code, k->region, pop);
    int shown = 0;
    for (size_t i = 0; i < nlatest; i++)
        if (latest[i] && ix_edition_find(latest[i], k->code, 0) >= 0) {
            profile_section(latest[i], k->code, s);
            shown = 1;
        }
    if (!shown)
        ix_html_printf(s, "<p>Ingen udgave i databasen har tal for kommunen.</p>\n");
    history_section(k, h, s);
    compare_form(k, s);
    ix__site_page_end(s);
    return IX_OK;
}

/* ---- two side by side ---------------------------------------------------------------- */

static void compare_edition(const ix_kommune *a, const ix_kommune *b, const ix_edition *e,
                            ix_sink *s)
{
    long ra = ix_edition_find(e, a->code, 0), rb = ix_edition_find(e, b->code, 0);
    if (ra < 0 && rb < 0)
        return;
    ix_html_printf(s, "<section class=\"compare\">\n<h2>%s: <a href=\"/edition/%ld\">%s</a></h2>\n"
                      "<table class=\"sortable\">\n<thead><tr><th>Kolonne</th>"
                      "<th data-type=\"num\">%s</th><th data-type=\"num\">%s</th></tr></thead>\n"
                      "<tbody>\n",
                   ix__site_kind_label(e->info.kind), e->info.id, e->info.name, a->name, b->name);
    for (size_t c = 0; c < e->ncols; c++) {
        ix_col_role role = e->cols[c].role;
        if (role != IX_COL_VALUE && role != IX_COL_RANK && role != IX_COL_EXTRA)
            continue;
        ix_html_printf(s, "<tr><td>%s</td>", e->cols[c].name);
        for (int side = 0; side < 2; side++) {
            long r = side ? rb : ra;
            put_num_td(s, r >= 0 ? ix__site_cell(e, &e->rows[r], (long)c) : NAN);
        }
        ix_html_printf(s, "</tr>\n");
    }
    ix_html_printf(s, "</tbody>\n</table>\n</section>\n");
}

ix_status ix_site_compare_page(const ix_kommune *a, const ix_kommune *b,
                               const ix_edition *const *latest, size_t nlatest, ix_sink *s,
                               ix_diag *d)
{
    (void)d;
    char title[256];
    snprintf(title, sizeof title, "%s og %s", a->name, b->name);
    ix__site_page_begin(s, title);
    ix_html_printf(s, "<h1><a href=\"/kommune/%d\">%s</a> og <a href=\"/kommune/%d\">%s</a></h1>\n"
                      "<p class=\"downloads\"><a href=\"/sammenlign.csv?a=%d&amp;b=%d\">"
                      "Hent CSV</a></p>\n",
                   a->code, a->name, b->code, b->name, a->code, b->code);
    for (size_t i = 0; i < nlatest; i++)
        if (latest[i])
            compare_edition(a, b, latest[i], s);
    ix__site_page_end(s);
    return IX_OK;
}

/* ---- CSV --------------------------------------------------------------------------------- */

void ix_site_csv_history(const ix_history *h, ix_sink *s)
{
    ix_sink_puts(s, "kommunekode,edition_id,edition,kind,year,value,rank,of\n");
    for (size_t i = 0; i < h->n; i++) {
        const ix_history_point *p = &h->points[i];
        ix_sink_printf(s, "%d,%ld,", h->kommune, p->edition);
        ix_csv_field(s, p->edition_name, ',');
        ix_sink_printf(s, ",%s,%d,", ix_edition_kind_name(p->kind), p->year);
        ix__site_put_raw(s, p->value);
        if (p->rank)
            ix_sink_printf(s, ",%ld,%ld\n", p->rank, p->of);
        else
            ix_sink_puts(s, ",,\n");
    }
}

void ix_site_csv_compare(const ix_kommune *a, const ix_kommune *b, const ix_edition *const *latest,
                         size_t nlatest, ix_sink *s)
{
    ix_sink_printf(s, "kind,edition_id,column,%d,%d\n", a->code, b->code);
    for (size_t i = 0; i < nlatest; i++) {
        const ix_edition *e = latest[i];
        if (!e)
            continue;
        long ra = ix_edition_find(e, a->code, 0), rb = ix_edition_find(e, b->code, 0);
        for (size_t c = 0; c < e->ncols; c++) {
            ix_col_role role = e->cols[c].role;
            if (role != IX_COL_VALUE && role != IX_COL_RANK && role != IX_COL_EXTRA)
                continue;
            ix_sink_printf(s, "%s,%ld,", ix_edition_kind_name(e->info.kind), e->info.id);
            ix_csv_field(s, e->cols[c].name, ',');
            ix_sink_puts(s, ",");
            if (ra >= 0)
                ix__site_put_raw(s, ix__site_cell(e, &e->rows[ra], (long)c));
            ix_sink_puts(s, ",");
            if (rb >= 0)
                ix__site_put_raw(s, ix__site_cell(e, &e->rows[rb], (long)c));
            ix_sink_puts(s, "\n");
        }
    }
}
