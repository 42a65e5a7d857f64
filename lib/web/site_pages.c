/* The web site's municipality pages: a profile with its history, and two
 * municipalities side by side; and the CSV of both (see site.h).
 *
 * The profile explains each kind of index from the columns its edition
 * holds: the socio-economic index as the sum of its criteria's
 * contributions (bidrag_*), a composite index by its pillars, each against
 * the plain mean of the municipalities in the same edition, and pillars
 * under that mean become the recommendations. */
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "indeks/composite.h"
#include "indeks/csv.h"
#include "indeks/number.h"
#include "indeks/site.h"
#include "indeks/table.h"
#include "site_internal.h"

/* ---- a composite edition's IMETA: names, units, targets, texts ------------------- */

typedef struct {
    ix_table *t;
    long code, name, unit, target, dir, rec;
    json_t *model; /* a socio edition's model: the criteria's names */
} imeta;

static void imeta_open(const ix_edition *e, imeta *m)
{
    memset(m, 0, sizeof *m);
    if (e->info.kind == IX_EDITION_SOCIO && e->model_text)
        m->model = json_loads(e->model_text, 0, NULL);
    const char *text = ix_edition_attr_get(e, "imeta");
    ix_diag d;
    if (!text || ix_csv_parse(text, strlen(text), "IMETA", &m->t, &d) != IX_OK) {
        m->t = NULL;
        return;
    }
    m->code = ix_table_find(m->t, "iCode");
    m->name = ix_table_find(m->t, "iName");
    m->unit = ix_table_find(m->t, "Unit");
    m->target = ix_table_find(m->t, "Target");
    m->dir = ix_table_find(m->t, "Direction");
    m->rec = ix_table_find(m->t, "Recommendation");
    if (m->code < 0) {
        ix_table_free(m->t);
        m->t = NULL;
    }
}

/* The IMETA cell of column col for iCode code, or "". */
static const char *imeta_get(const imeta *m, const char *code, long col)
{
    if (!m->t || col < 0)
        return "";
    for (size_t r = 0; r < ix_table_nrows(m->t); r++)
        if (strcmp(ix_table_cell(m->t, r, (size_t)m->code), code) == 0)
            return ix_table_cell(m->t, r, (size_t)col);
    return "";
}

/* A criterion's name from the model (its id when the model has none). */
static const char *criterion_name(const imeta *m, const char *id)
{
    json_t *crit = json_object_get(m->model, "criteria"), *c;
    size_t i;
    json_array_foreach(crit, i, c) {
        const char *cid = json_string_value(json_object_get(c, "id")),
                   *name = json_string_value(json_object_get(c, "name"));
        if (cid && name && strcmp(cid, id) == 0)
            return name;
    }
    return id;
}

static void imeta_close(imeta *m)
{
    ix_table_free(m->t);
    json_decref(m->model);
}

/* 1 when the values of col in year are on the 1.00 scale (all below 10). */
static int unit_of(const ix_edition *e, long col, int year)
{
    double hi = 0;
    for (size_t r = 0; col >= 0 && r < e->nrows; r++) {
        double v = e->rows[r].year == year ? ix__site_cell(e, &e->rows[r], col) : NAN;
        if (isfinite(v) && fabs(v) > hi)
            hi = fabs(v);
    }
    return hi > 0 && hi < 10;
}

/* Danish names of the columns indeks itself writes. */
static const char *known_label(const char *name)
{
    static const char *const labels[][2] = {
        {"indeks", "Indeks"}, {"rang", "Rang"}, {"Rank", "Rang"},
        {"socio_indeks", "Socioøkonomisk indeks"}, {"indbyggere", "Indbyggere"},
        {"indbyggere_1jan", "Indbyggere 1. januar"}, {"udskrivningsprocent", "Udskrivningsprocent"},
        {"Coverage", "Datadækning"}, {"Imputed", "Imputerede værdier"}};
    for (size_t i = 0; i < sizeof labels / sizeof labels[0]; i++)
        if (strcmp(name, labels[i][0]) == 0)
            return labels[i][1];
    return NULL;
}

/* A column's name for people: the IMETA iName of its iCode when known. */
static const char *human_name(const imeta *m, const char *code)
{
    const char *n = imeta_get(m, code, m->name);
    if (n[0])
        return n;
    n = known_label(code);
    return n ? n : code;
}

const char *ix__site_column_label(const ix_edition *e, const char *name, char *buf, size_t size)
{
    imeta m;
    imeta_open(e, &m);
    const char *label = name;
    if (e->info.kind == IX_EDITION_SOCIO && strncmp(name, "bidrag_", 7) == 0)
        label = criterion_name(&m, name + 7);
    else
        label = human_name(&m, name);
    snprintf(buf, size, "%s", label);
    imeta_close(&m);
    return buf;
}

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
           strcmp(name, "datakilde") == 0 || strcmp(name, "notes") == 0;
}

/* The numeric extra columns of e with the row's value and the mean. */
static void column_table(const ix_edition *e, const imeta *m, const ix_result_row *row, int year,
                         int contrib, ix_sink *s)
{
    ix_html_printf(s, "<table class=\"sortable profile\">\n<thead><tr><th>%s</th><th data-type=\"num\">"
                      "%s</th><th data-type=\"num\">Gennemsnit af kommunerne</th></tr></thead>\n"
                      "<tbody>\n",
                   contrib ? "Kriterium" : e->info.kind == IX_EDITION_COMPOSITE ? "Søjle" : "Kolonne",
                   contrib ? "Bidrag" : "Værdi");
    for (size_t c = 0; c < e->ncols; c++) {
        const char *name = e->cols[c].name;
        if (e->cols[c].role != IX_COL_EXTRA || (contrib && strncmp(name, "bidrag_", 7) != 0) ||
            (!contrib && is_meta_column(name)))
            continue;
        double v = ix__site_cell(e, row, (long)c), mean = column_mean(e, (long)c, year);
        if (!isfinite(v) && !isfinite(mean))
            continue;
        ix_html_printf(s, "<tr><td>%s</td>", contrib ? criterion_name(m, name + 7) : human_name(m, name));
        put_num_td(s, v);
        put_num_td(s, mean);
        ix_html_printf(s, "</tr>\n");
    }
    ix_html_printf(s, "</tbody>\n</table>\n");
}

/* A number with its unit, Danish style ("30 dage", "85,0 pct."). */
static void put_with_unit(ix_sink *s, double v, const char *unit)
{
    ix__site_put_num(s, v);
    if (unit && unit[0])
        ix_html_printf(s, " %s", unit);
}

/* The weak indicators of a composite edition's municipality (issue 14,
 * point 14): those ix_comp_unit_placings marks weak (bottom fifth, or on the
 * wrong side of the target by direction), each with its name, value and
 * unit, target, direction and IMETA's recommendation. Needs the IMETA and
 * IDATA stored with the edition; without them, the pillars under the mean. */
static void weak_indicators(const ix_edition *e, const imeta *m, const ix_result_row *row,
                            int year, const ix__site_run *run, ix_sink *s)
{
    ix_comp_model *cm = run ? run->cm : NULL;
    ix_comp_plan *cp = run ? run->cp : NULL;
    ix_diag d;
    ix_diag_clear(&d);
    ix_html_printf(s, "<h3>Svage indikatorer og anbefalinger</h3>\n");
    if (!cm || !cp) {
        /* No indicators stored: the pillars under the mean of the municipalities. */
        int any = 0;
        ix_html_printf(s, "<ul class=\"recommendations\">\n");
        for (size_t c = 0; c < e->ncols; c++) {
            if (e->cols[c].role != IX_COL_EXTRA || is_meta_column(e->cols[c].name))
                continue;
            double v = ix__site_cell(e, row, (long)c), mean = column_mean(e, (long)c, year);
            if (!(isfinite(v) && isfinite(mean) && v < mean))
                continue;
            any = 1;
            ix_html_printf(s, "<li><strong>%s</strong>: ", human_name(m, e->cols[c].name));
            ix__site_put_num(s, v);
            ix_html_printf(s, " mod gennemsnittet ");
            ix__site_put_num(s, mean);
            ix_html_printf(s, " (0–100, højere er bedre).</li>\n");
        }
        if (!any)
            ix_html_printf(s, "<li>Over gennemsnittet i alle søjler.</li>\n");
        ix_html_printf(s, "</ul>\n<p class=\"muted\">Udgaven er gemt uden indikatorernes "
                          "metadata (import --meta), så anbefalingerne kan ikke vises.</p>\n");
        return;
    }
    long u = ix_comp_model_find_unit(cm, row->code);
    size_t ni = ix_comp_model_nindicators(cm), npl = 0;
    ix_comp_placing *pl = calloc(ni ? ni : 1, sizeof *pl);
    int any = 0;
    if (u >= 0 && pl && ix_comp_unit_placings(cm, cp, (size_t)u, pl, &npl, &d) == IX_OK) {
        ix_html_printf(s, "<ul class=\"weak\">\n");
        for (size_t i = npl; i-- > 0;) { /* worst placed first */
            if (!pl[i].weak)
                continue;
            size_t node = pl[i].node;
            const char *code = ix_comp_node_code(cm, node), *unit = imeta_get(m, code, m->unit);
            double target = ix_comp_node_target(cm, node);
            int dir = ix_comp_node_direction(cm, node);
            any = 1;
            ix_html_printf(s, "<li><strong>%s</strong>: ", ix_comp_node_name(cm, node));
            put_with_unit(s, pl[i].value, unit); /* per 1,000 when the Unit says so */
            if (isfinite(target)) {
                ix_html_printf(s, ", mål ");
                put_with_unit(s, target, unit);
            }
            ix_html_printf(s, " (%s)", dir < 0 ? "lavere er bedre" : "højere er bedre");
            if (pl[i].below_target)
                ix_html_printf(s, ": %s målet", dir < 0 ? "over" : "under");
            ix_html_printf(s, "; nr. %ld af %zu kommuner.", pl[i].rank, pl[i].n);
            const char *rec = ix_comp_node_recommendation(cm, node);
            if (rec && rec[0])
                ix_html_printf(s, "<br><span class=\"rec\">%s</span>", rec);
            ix_html_printf(s, "</li>\n");
        }
        if (!any)
            ix_html_printf(s, "<li>Ingen svage indikatorer.</li>\n");
        ix_html_printf(s, "</ul>\n");
    }
    free(pl);
}

/* run: the composite edition's run (NULL for the other kinds). */
static void profile_section(const ix_edition *e, int kommune, const ix__site_run *run,
                            ix_sink *s)
{
    int year = ix_edition_display_year(e);
    long r = ix_edition_find(e, kommune, year);
    if (r < 0)
        return;
    imeta m;
    imeta_open(e, &m);
    const ix_result_row *row = &e->rows[r];
    long vcol = ix__site_find_column(e, NULL);
    ix_html_printf(s, "<section class=\"profile\">\n<h2>%s %d: <a href=\"/edition/%ld\">%s</a></h2>\n"
                      "<p class=\"big\">%s <strong>",
                   ix__site_kind_label(e->info.kind), year, e->info.id, e->info.name,
                   vcol >= 0 ? human_name(&m, e->cols[vcol].name) : "værdi");
    ix__site_put_num(s, row->value);
    ix_html_printf(s, "</strong>");
    if (row->rank)
        ix_html_printf(s, " · rang %ld af %ld", row->rank, rows_in_year(e, year));
    ix_html_printf(s, "</p>\n");
    ix__site_notes_box(e, s);
    if (e->info.kind == IX_EDITION_SOCIO) {
        ix_html_printf(s, "<p>Indekset er summen af bidragene fra kriterierne nedenfor. 100 er "
                          "landsgennemsnittet (vægtet med indbyggertal): over 100 betyder tungere "
                          "sociale udfordringer end i landet som helhed, og målet er at komme nærmere "
                          "100.</p>\n");
        column_table(e, &m, row, year, 1, s);
    } else if (e->info.kind == IX_EDITION_COMPOSITE) {
        ix_html_printf(s, "<p>Indekset samler indikatorerne i domæner (0–100, højere er bedre) og "
                          "domænerne i ét tal.</p>\n");
        column_table(e, &m, row, year, 0, s);
        weak_indicators(e, &m, row, year, run, s);
    } else {
        if (unit_of(e, vcol, year))
            ix_html_printf(s, "<p>1,00 er landsgennemsnittet; over 1,00 betyder tungere sociale "
                              "udfordringer end i landet som helhed.</p>\n");
        if (e->nextra)
            column_table(e, &m, row, year, 0, s);
    }
    ix_html_printf(s, "</section>\n");
    imeta_close(&m);
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
        /* Each scale its own chart: a 1.00-scale series and a 100-scale one
         * each get their average line where their numbers are. */
        if (kind == IX_EDITION_COMPOSITE) {
            ix_html_printf(s, "<h3>%s</h3>\n", ix__site_kind_label((ix_edition_kind)kind));
            ix__site_history_chart(h, (ix_edition_kind)kind, -1, s);
            continue;
        }
        for (int unit = 0; unit <= 1; unit++) {
            size_t m = 0;
            for (size_t i = 0; i < h->n; i++)
                m += h->points[i].kind == (ix_edition_kind)kind &&
                     ix__site_history_unit(h, h->points[i].edition) == unit;
            if (!m)
                continue;
            ix_html_printf(s, "<h3>%s <small>(%s = landsgennemsnit)</small></h3>\n",
                           ix__site_kind_label((ix_edition_kind)kind), unit ? "1,00" : "100");
            ix__site_history_chart(h, (ix_edition_kind)kind, unit, s);
        }
    }
    ix_html_printf(s, "<div class=\"scroll\">\n<table class=\"sortable\" id=\"historik\">\n<thead><tr><th data-type=\"num\">"
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
    ix_html_printf(s, "</tbody>\n</table>\n</div>\n</section>\n");
}

ix_status ix_site_kommune_page(const ix_kommune *k, const ix_history *h,
                               const ix_edition *const *latest, size_t nlatest,
                               const ix_site_options *o, ix_sink *s, ix_diag *d)
{
    (void)d;
    (void)o;
    ix__site_page_begin(s, k->name);
    char pop[32];
    ix_format_fixed((double)k->population_2020, 0, ',', 1, pop, sizeof pop);
    ix_html_printf(s, "<h1>%s <small>%03d</small></h1>\n<p class=\"meta\">Region %s · %s indbyggere "
                      "(1. januar 2020)</p>\n",
                   k->name, k->code, k->region, pop);
    /* latest[] by kind: socio, composite, series; the composite's indicators
     * run once for its profile and Lær af; the burden: the official series
     * when there is one, else a socio edition */
    const ix_edition *comp = nlatest > 1 ? latest[1] : NULL;
    const ix_edition *burden = nlatest > 2 && latest[2] ? latest[2] : nlatest > 0 ? latest[0] : NULL;
    ix__site_run run;
    ix__site_run_open(comp, &run);
    int shown = 0;
    for (size_t i = 0; i < nlatest; i++)
        if (latest[i] && ix_edition_find(latest[i], k->code, 0) >= 0) {
            profile_section(latest[i], k->code, latest[i] == comp ? &run : NULL, s);
            shown = 1;
        }
    if (!shown)
        ix_html_printf(s, "<p>Ingen udgave i databasen har tal for kommunen.</p>\n");
    if (comp)
        ix__site_learn_section(k, comp, &run, burden, s);
    ix__site_run_close(&run);
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
    int year = ix_edition_display_year(e);
    imeta m;
    imeta_open(e, &m);
    ix_html_printf(s, "<section class=\"compare\">\n<h2>%s %d: <a href=\"/edition/%ld\">%s</a></h2>\n",
                   ix__site_kind_label(e->info.kind), year, e->info.id, e->info.name);
    ix__site_notes_box(e, s);
    ix_html_printf(s, "<div class=\"scroll\">\n<table class=\"sortable compare\">\n<thead><tr>"
                      "<th>Kolonne</th><th data-type=\"num\">%s</th><th data-type=\"num\">%s</th>"
                      "<th data-type=\"num\">Forskel</th></tr></thead>\n<tbody>\n",
                   a->name, b->name);
    int rank_col = 0;
    for (size_t c = 0; c < e->ncols; c++)
        rank_col |= e->cols[c].role == IX_COL_RANK;
    long xr = ra >= 0 ? e->rows[ra].rank : 0, yr = rb >= 0 ? e->rows[rb].rank : 0;
    for (size_t c = 0; c < e->ncols; c++) {
        ix_col_role role = e->cols[c].role;
        if (role != IX_COL_VALUE && role != IX_COL_RANK && role != IX_COL_EXTRA)
            continue;
        if (role == IX_COL_EXTRA && is_meta_column(e->cols[c].name))
            continue;
        double v[2];
        for (int side = 0; side < 2; side++) {
            long r = side ? rb : ra;
            v[side] = r >= 0 ? ix__site_cell(e, &e->rows[r], (long)c) : NAN;
        }
        if (role == IX_COL_EXTRA && !isfinite(v[0]) && !isfinite(v[1]))
            continue; /* a text column */
        const char *name = e->cols[c].name;
        if (role == IX_COL_RANK)
            name = "Rang";
        else if (e->info.kind == IX_EDITION_SOCIO && strncmp(name, "bidrag_", 7) == 0)
            name = criterion_name(&m, name + 7);
        else
            name = human_name(&m, name);
        ix_html_printf(s, "<tr><td>%s</td>", name);
        for (int side = 0; side < 3; side++) {
            double x = side < 2 ? v[side] : v[1] - v[0];
            if (role == IX_COL_RANK && isfinite(x)) /* ranks are whole numbers */
                ix_html_printf(s, "<td data-v=\"%.0f\">%s%.0f</td>", x,
                               side == 2 && x > 0 ? "+" : side == 2 && x < 0 ? "−" : "", fabs(x));
            else if (side == 2 && isfinite(x)) {
                ix_html_printf(s, "<td data-v=\"");
                ix__site_put_raw(s, x);
                ix_html_printf(s, "\">%s", x > 0 ? "+" : "");
                ix__site_put_num(s, x);
                ix_html_printf(s, "</td>");
            } else
                put_num_td(s, x);
        }
        ix_html_printf(s, "</tr>\n");
        if (role == IX_COL_VALUE && !rank_col && xr && yr) /* a series' rank in its year */
            ix_html_printf(s, "<tr><td>Rang</td><td data-v=\"%ld\">%ld</td><td data-v=\"%ld\">"
                              "%ld</td><td data-v=\"%ld\">%s%ld</td></tr>\n",
                           xr, xr, yr, yr, yr - xr, yr > xr ? "+" : yr < xr ? "−" : "",
                           yr < xr ? xr - yr : yr - xr);
    }
    ix_html_printf(s, "</tbody>\n</table>\n</div>\n<p class=\"muted\">Forskel = %s minus %s.</p>\n"
                      "</section>\n",
                   b->name, a->name);
    imeta_close(&m);
}

ix_status ix_site_compare_page(const ix_kommune *a, const ix_kommune *b,
                               const ix_edition *const *latest, size_t nlatest,
                               const ix_site_options *o, ix_sink *s, ix_diag *d)
{
    (void)d;
    (void)o;
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

static void join_note(void *ctx, const char *note)
{
    ix_buf *b = ctx;
    ix_sink k = ix_buf_sink(b);
    if (b->len)
        ix_sink_puts(&k, " | ");
    ix_sink_puts(&k, note);
}

void ix_site_csv_compare(const ix_kommune *a, const ix_kommune *b, const ix_edition *const *latest,
                         size_t nlatest, ix_sink *s)
{
    /* Contract 1 of issue 14: the notes travel as a last column "notes",
     * each row holding its edition's notes joined by " | ". */
    ix_buf notes[8];
    int any = 0;
    for (size_t i = 0; i < nlatest && i < 8; i++) {
        ix_buf_init(&notes[i]);
        if (latest[i])
            ix__site_each_note(latest[i], join_note, &notes[i]);
        any |= notes[i].len > 0;
    }
    ix_sink_printf(s, "kind,edition_id,column,%d,%d%s\n", a->code, b->code, any ? ",notes" : "");
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
            if (any) {
                ix_sink_puts(s, ",");
                ix_csv_field(s, i < 8 && notes[i].data ? notes[i].data : "", ',');
            }
            ix_sink_puts(s, "\n");
        }
    }
    for (size_t i = 0; i < nlatest && i < 8; i++)
        ix_buf_free(&notes[i]);
}
