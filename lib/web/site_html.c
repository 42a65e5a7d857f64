/* The web site's HTML pages (see include/indeks/site.h).
 *
 * Each page is one document written top to bottom into a sink: a common
 * head that links /static/app.css and /static/app.js (no inline script or
 * style: the server's Content-Security-Policy forbids them), then the
 * page's sections. Markup is written with ix_html_printf (escape.h), whose
 * %s escapes, so every string from the database is escaped without a call
 * to remember; numbers are formatted here, Danish style, for people and
 * as plain machine values in data-v attributes for the sorting script. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "indeks/classify.h"
#include "indeks/escape.h"
#include "indeks/geo.h"
#include "indeks/map.h"
#include "indeks/map_load.h"
#include "indeks/number.h"
#include "indeks/site.h"
#include "site_internal.h"


const char *ix__site_kind_label(ix_edition_kind k)
{
    switch (k) {
    case IX_EDITION_SOCIO: return "Socioøkonomisk indeks";
    case IX_EDITION_COMPOSITE: return "Sammensat indeks";
    case IX_EDITION_SERIES: return "Offentliggjort serie";
    default: return "Udgave";
    }
}

/* A number for people: Danish decimal comma and grouping. */
void ix__site_put_num(ix_sink *s, double v)
{
    char buf[64];
    if (!isfinite(v)) {
        ix_sink_puts(s, "–");
        return;
    }
    /* whole numbers of 10 or more (populations, counts) without decimals */
    int places = fabs(v) >= 10 && v == floor(v) ? 0 : fabs(v) < 10 ? 2 : 1;
    ix_format_fixed(fabs(v), places, ',', 1, buf, sizeof buf);
    if (v < 0 && strspn(buf, "0,.") != strlen(buf))
        ix_sink_puts(s, "−"); /* a true minus sign */
    ix_sink_puts(s, buf);
}

/* A number for machines (data-v, coordinates): shortest exact, '.' */
void ix__site_put_raw(ix_sink *s, double v)
{
    char buf[64];
    if (!isfinite(v))
        return;
    ix_format_exact(v, '.', buf, sizeof buf);
    ix_sink_puts(s, buf);
}

static void put_px(ix_sink *s, double v)
{
    char buf[64];
    ix_format_fixed(v, 1, '.', 0, buf, sizeof buf);
    ix_sink_puts(s, buf);
}

void ix__site_page_begin(ix_sink *s, const char *title)
{
    ix_html_printf(s, "<!doctype html>\n<html lang=\"da\">\n<head>\n<meta charset=\"utf-8\">\n"
                      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                      "<title>%s · indeks</title>\n<link rel=\"stylesheet\" href=\"/static/app.css\">\n"
                      "<script src=\"/static/app.js\" defer></script>\n</head>\n<body>\n"
                      "<header><a class=\"brand\" href=\"/\">indeks</a>"
                      "<nav><a href=\"/\">Forside</a> <a href=\"/api/v1/editions\">API</a></nav>"
                      "</header>\n<main>\n",
                   title);
}

void ix__site_page_end(ix_sink *s)
{
    ix_html_printf(s, "</main>\n<footer>Beregnet med indeks. Data, modeller og kontrolsummer for "
                      "hver udgave står under udgaven; API: <a href=\"/api/v1/editions\">"
                      "/api/v1/editions</a>.</footer>\n</body>\n</html>\n");
}

/* ---- values of a column ------------------------------------------------------ */

/* The column's number in a row: the value column or a numeric extra. */
double ix__site_cell(const ix_edition *e, const ix_result_row *row, long col)
{
    if (col < 0 || (size_t)col >= e->ncols)
        return NAN;
    const ix_edition_column *c = &e->cols[col];
    if (c->role == IX_COL_VALUE)
        return row->value;
    if (c->role == IX_COL_RANK)
        return row->rank ? (double)row->rank : NAN;
    if (c->role != IX_COL_EXTRA || c->extra < 0 || (size_t)c->extra >= e->nextra)
        return NAN;
    const ix_edition_cell *cell = &row->extras[c->extra];
    return cell->present && !cell->is_text ? cell->num : NAN;
}

long ix__site_find_column(const ix_edition *e, const char *name)
{
    for (size_t c = 0; c < e->ncols; c++)
        if (name ? strcmp(e->cols[c].name, name) == 0 : e->cols[c].role == IX_COL_VALUE)
            return (long)c;
    return -1;
}

/* A column the map can show: the value or an extra with a number in it. */
static int mappable(const ix_edition *e, long col)
{
    if (col < 0)
        return 0;
    if (e->cols[col].role == IX_COL_VALUE)
        return 1;
    if (e->cols[col].role != IX_COL_EXTRA)
        return 0;
    for (size_t r = 0; r < e->nrows; r++)
        if (isfinite(ix__site_cell(e, &e->rows[r], col)))
            return 1;
    return 0;
}

int ix_site_column_ok(const ix_edition *e, const char *column)
{
    return mappable(e, ix__site_find_column(e, column));
}

/* ---- the map ------------------------------------------------------------------- */

/* 1 when the values of col in year are on the 1.00 scale (a published
 * series), 0 when on the 100 scale: the largest magnitude is below 10. */
static int unit_scale(const ix_edition *e, long col, int year)
{
    double hi = 0;
    for (size_t r = 0; r < e->nrows; r++) {
        double v = e->rows[r].year == year ? ix__site_cell(e, &e->rows[r], col) : NAN;
        if (isfinite(v) && fabs(v) > hi)
            hi = fabs(v);
    }
    return hi > 0 && hi < 10;
}

static const char *direction(const ix_edition *e)
{
    const char *dir = ix_edition_attr_get(e, "direction");
    if (dir)
        return dir;
    return e->info.kind == IX_EDITION_COMPOSITE ? "higher_better" : "neutral";
}

const char *ix_site_palette(const ix_edition *e, const ix_site_options *o)
{
    if (o && o->palette)
        return o->palette;
    const char *dir = direction(e);
    if (strcmp(dir, "higher_better") == 0)
        return "RdYlBu"; /* low red (worse), high blue (better) */
    if (strcmp(dir, "lower_better") == 0)
        return "RdYlBu_r";
    return "PuOr_r"; /* around the average, neither good nor bad */
}

/* The boundaries: the default map (the embedded DAGI one), the tile map
 * ("tiles") or the file given. */
static ix_status load_geometry(const ix_site_options *o, ix_geo **g, ix_diag *d)
{
    return ix_map_geometry_load(o ? o->geometry : NULL, NULL, g, d);
}

static ix_status map_svg(const ix_edition *e, long col, int year, const ix_site_options *so,
                         ix_sink *s, ix_diag *d)
{
    ix_geo *g = NULL;
    ix_map *m = NULL;
    ix_buf b;
    ix_buf_init(&b);
    ix_sink bs = ix_buf_sink(&b);
    char credit[256] = "";
    ix_status st = load_geometry(so, &g, d);
    if (!st && ix_geo_credit(g))
        snprintf(credit, sizeof credit, "%s", ix_geo_credit(g));
    if (!st)
        st = ix_map_new(g, &m, d);
    for (size_t r = 0; !st && r < e->nrows; r++)
        if (e->rows[r].kommune && e->rows[r].year == year)
            ix_map_set_value(m, e->rows[r].kommune, ix__site_cell(e, &e->rows[r], col));
    ix_map_options o;
    ix_map_options_init(&o);
    char legend[512];
    o.legend_title = ix__site_column_label(e, e->cols[col].name, legend, sizeof legend);
    o.decimal = ',';
    o.danish = 1;
    o.palette = ix_site_palette(e, so); /* the SVG keeps the geometry's own credit */
    o.no_legend = 1; /* an HTML legend under the map: readable at phone width */
    ix_diag cd;
    ix_diag_clear(&cd);
    if (strcmp(direction(e), "neutral") == 0 && e->cols[col].role == IX_COL_VALUE &&
        e->info.kind != IX_EDITION_COMPOSITE) {
        /* Around the national average, 1.00 or 100 by the values' scale. */
        ix_class_spec_parse(unit_scale(e, col, year) ? "diverging:1:7" : "diverging:100:7",
                            &o.classes, &cd);
    }
    if (!st && ix_map_prepare(m, &o, &cd) != IX_OK) {
        ix_map_options_init(&o); /* the classes or palette do not fit: the defaults */
        o.legend_title = legend;
        o.decimal = ',';
        o.danish = 1;
        o.no_legend = 1;
        st = ix_map_prepare(m, &o, d);
    }
    if (!st)
        st = ix_svg_map_write(m, &bs, d);
    if (!st && b.data) {
        const char *svg = strstr(b.data, "<svg"); /* inline: no XML declaration */
        ix_html_raw(s, svg ? svg : b.data); /* built by ix_svg_map_write, escaped there */
        st = ix_map_legend_html(m, s, d);
        if (credit[0])
            ix_html_printf(s, "<p class=\"credit\">%s</p>\n", credit);
    }
    ix_buf_free(&b);
    ix_map_free(m);
    return st;
}

/* The map could not be drawn (a --geometry without these municipalities,
 * ...): a Danish line for the reader, the reason in the server's log. */
static void map_failed(const ix_edition *e, const ix_diag *md, ix_sink *s)
{
    fprintf(stderr, "indeks serve: the map of edition %ld: %s\n", e->info.id, md->message);
    ix_html_printf(s, "<p class=\"note\">Kortet kan ikke tegnes; årsagen står i serverens log.</p>\n");
}

/* ---- notes: on every page of an edition --------------------------------------------- */

void ix__site_each_note(const ix_edition *e, void (*fn)(void *ctx, const char *note), void *ctx)
{
    const char *notes = ix_edition_attr_get(e, "notes");
    if (e->info.note && e->info.note[0])
        fn(ctx, e->info.note);
    for (const char *p = notes; p && *p;) {
        const char *nl = strchr(p, '\n');
        size_t len = nl ? (size_t)(nl - p) : strlen(p);
        char *line = malloc(len + 1);
        if (line) {
            memcpy(line, p, len);
            line[len] = '\0';
            if (line[0] && !(e->info.note && strcmp(line, e->info.note) == 0))
                fn(ctx, line);
            free(line);
        }
        p += len + (nl ? 1 : 0);
    }
}

static void note_li(void *ctx, const char *note)
{
    ix_html_printf(ctx, "<li>%s</li>\n", note);
}

void ix__site_notes_box(const ix_edition *e, ix_sink *s)
{
    const char *notes = ix_edition_attr_get(e, "notes");
    if (!(e->info.note && e->info.note[0]) && !(notes && notes[0]))
        return;
    ix_html_printf(s, "<div class=\"notes\" role=\"note\"><strong>Bemærk</strong><ul>\n");
    ix__site_each_note(e, note_li, s);
    ix_html_printf(s, "</ul></div>\n");
}

/* ---- an edition: map and ranked list ------------------------------------------------ */

typedef struct {
    long rank;
    size_t row;
} ranked;

static int by_rank(const void *a, const void *b)
{
    const ranked *x = a, *y = b;
    long rx = x->rank ? x->rank : 1L << 30, ry = y->rank ? y->rank : 1L << 30;
    if (rx != ry)
        return rx < ry ? -1 : 1;
    return (x->row > y->row) - (x->row < y->row);
}

/* The rows of year in rank order; *n of them (malloc'd). */
static ranked *ranked_rows(const ix_edition *e, int year, size_t *n)
{
    ranked *out = malloc((e->nrows ? e->nrows : 1) * sizeof *out);
    *n = 0;
    if (!out)
        return NULL;
    for (size_t r = 0; r < e->nrows; r++)
        if (e->rows[r].year == year)
            out[(*n)++] = (ranked){e->rows[r].rank, r};
    qsort(out, *n, sizeof *out, by_rank);
    return out;
}

static void edition_nav(const ix_edition_list *all, const ix_edition *e, ix_sink *s)
{
    if (!all || all->n < (e ? 2u : 1u))
        return;
    ix_html_printf(s, "<nav class=\"editions\" aria-label=\"Udgaver\"><h2>Udgaver</h2><ul>\n");
    for (size_t i = 0; i < all->n; i++) {
        const ix_edition_info *x = &all->items[i];
        ix_html_printf(s, e && x->id == e->info.id ? "<li class=\"current\">" : "<li>");
        ix_html_printf(s, "<a href=\"/edition/%ld\">%s</a> <span class=\"muted\">%d, %s</span></li>\n",
                       x->id, x->name, x->year, ix__site_kind_label(x->kind));
    }
    ix_html_printf(s, "</ul>\n");
    /* the newest older edition of the same kind: what changed since it */
    const ix_edition_info *prev = NULL;
    for (size_t i = 0; e && i < all->n; i++) {
        const ix_edition_info *x = &all->items[i];
        if (x->kind == e->info.kind && x->id < e->info.id && (!prev || x->id > prev->id))
            prev = x;
    }
    if (prev)
        ix_html_printf(s, "<p><a href=\"/edition/%ld/vs/%ld\">Hvad er ændret siden %s</a></p>\n",
                       prev->id, e->info.id, prev->name);
    ix_html_printf(s, "</nav>\n");
}

static void column_nav(const ix_edition *e, long col, ix_sink *s)
{
    size_t n = 0;
    for (size_t c = 0; c < e->ncols; c++)
        n += mappable(e, (long)c);
    if (n < 2)
        return;
    ix_html_printf(s, "<nav class=\"columns\" aria-label=\"Kolonne på kortet\">Vis på kortet: ");
    for (size_t c = 0; c < e->ncols; c++) {
        if (!mappable(e, (long)c))
            continue;
        char label[512];
        ix__site_column_label(e, e->cols[c].name, label, sizeof label);
        if ((long)c == col) {
            ix_html_printf(s, "<strong>%s</strong> ", label);
            continue;
        }
        ix_html_printf(s, "<a href=\"/edition/%ld", e->info.id);
        if (e->cols[c].role != IX_COL_VALUE) {
            ix_html_printf(s, "?kolonne=");
            ix__site_put_query(s, e->cols[c].name);
        }
        ix_html_printf(s, "\">%s</a> ", label);
    }
    ix_html_printf(s, "</nav>\n");
}

/* Writes text percent-encoded for a query value: the result holds only
 * letters, digits, - _ . and %XX, so it needs no HTML escaping. */
void ix__site_put_query(ix_sink *s, const char *text)
{
    static const char hex[] = "0123456789ABCDEF";
    for (const unsigned char *p = (const unsigned char *)text; *p; p++) {
        if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
            *p == '-' || *p == '_' || *p == '.')
            ix_sink_put(s, (const char *)p, 1);
        else {
            char enc[3] = {'%', hex[*p >> 4], hex[*p & 15]};
            ix_sink_put(s, enc, 3);
        }
    }
}

const char *ix__site_base_name(const char *name)
{
    if (!name)
        return "";
    const char *slash = strrchr(name, '/'), *back = strrchr(name, '\\');
    const char *last = slash > back ? slash : back;
    return last ? last + 1 : name;
}

static const char *role_label(const char *role)
{
    static const char *const roles[][2] = {{"result", "resultat"}, {"model", "model"},
                                           {"data", "data"}, {"meta", "metadata"},
                                           {"input", "input"}};
    for (size_t i = 0; i < sizeof roles / sizeof roles[0]; i++)
        if (strcmp(role, roles[i][0]) == 0)
            return roles[i][1];
    return role;
}

static void sources(const ix_edition *e, ix_sink *s)
{
    ix_html_printf(s, "<details class=\"sources\"><summary>Kilder og kontrolsummer</summary>\n<ul>\n");
    for (size_t i = 0; i < e->ninputs; i++)
        ix_html_printf(s, "<li>%s: %s <code>sha256:%s</code> (%lld bytes)</li>\n",
                       role_label(e->inputs[i].role), ix__site_base_name(e->inputs[i].name),
                       e->inputs[i].sha256, e->inputs[i].bytes);
    ix_html_printf(s, "</ul>\n");
    if (e->model_text)
        ix_html_printf(s, "<h3>Model: %s</h3>\n<pre>%s</pre>\n",
                       ix__site_base_name(e->info.model_name), e->model_text);
    ix_html_printf(s, "</details>\n");
}

int ix_site_year_ok(const ix_edition *e, int year)
{
    for (size_t r = 0; r < e->nrows; r++)
        if (e->rows[r].year == year && isfinite(e->rows[r].value))
            return 1;
    return 0;
}

/* A series' years as links (the shown one in bold): its history. */
static void year_nav(const ix_edition *e, int year, ix_sink *s)
{
    if (e->info.kind != IX_EDITION_SERIES)
        return;
    int years[512];
    size_t n = 0;
    for (size_t r = 0; r < e->nrows && n < 512; r++) {
        int y = e->rows[r].year, seen = !isfinite(e->rows[r].value);
        for (size_t i = 0; i < n && !seen; i++)
            seen = years[i] == y;
        if (!seen)
            years[n++] = y;
    }
    if (n < 2)
        return;
    for (size_t i = 1; i < n; i++) /* insertion sort: a few dozen years */
        for (size_t j = i; j > 0 && years[j - 1] > years[j]; j--) {
            int t = years[j];
            years[j] = years[j - 1];
            years[j - 1] = t;
        }
    ix_html_printf(s, "<nav class=\"years\" aria-label=\"År\">Vis år: ");
    for (size_t i = 0; i < n; i++) {
        if (years[i] == year)
            ix_html_printf(s, "<strong>%d</strong> ", years[i]);
        else if (years[i] == e->info.year)
            ix_html_printf(s, "<a href=\"/edition/%ld\">%d</a> ", e->info.id, years[i]);
        else
            ix_html_printf(s, "<a href=\"/edition/%ld?aar=%d\">%d</a> ", e->info.id, years[i],
                           years[i]);
    }
    ix_html_printf(s, "</nav>\n");
}

ix_status ix__site_map(const ix_edition *e, long col, int year, const ix_site_options *o,
                       ix_sink *s, ix_diag *d)
{
    return map_svg(e, col, year, o, s, d);
}

static const char *direction_text(const ix_edition *e)
{
    const char *dir = direction(e);
    if (strcmp(dir, "higher_better") == 0)
        return "Højere er bedre.";
    if (strcmp(dir, "lower_better") == 0)
        return "Lavere er bedre.";
    return e->info.kind == IX_EDITION_COMPOSITE
               ? ""
               : "Over gennemsnittet betyder tungere sociale udfordringer end i landet som "
                 "helhed; farverne viser afstanden til gennemsnittet, ikke godt eller dårligt.";
}

ix_status ix_site_edition_page(const ix_edition_list *all, const ix_edition *e, const char *column,
                               int year, const ix_site_options *o, ix_sink *s, ix_diag *d)
{
    long vcol = ix__site_find_column(e, NULL), col = column ? ix__site_find_column(e, column) : vcol;
    if (!mappable(e, col))
        return ix_diag_set(d, IX_ERR_NOTFOUND, NULL, 0, 0, "kolonne", "Udgaven har ingen talkolonne med det navn.");
    if (year && !ix_site_year_ok(e, year))
        return ix_diag_set(d, IX_ERR_NOTFOUND, NULL, 0, 0, "aar", "Udgaven har ingen tal for det år.");
    if (!year)
        year = ix_edition_display_year(e);
    char vlabel[512], clabel[512];
    ix__site_page_begin(s, e->info.name);
    ix_html_printf(s, "<h1>%s</h1>\n<p class=\"meta\">%s · år %d · udgave %ld · gemt %s</p>\n",
                   e->info.name, ix__site_kind_label(e->info.kind), year, e->info.id, e->info.created);
    if (year != ix_edition_display_year(e))
        ix_html_printf(s, "<p class=\"history-note\">Historik: udgaven gælder %d; her vises "
                          "serien for %d.</p>\n",
                       ix_edition_display_year(e), year);
    ix__site_notes_box(e, s);
    edition_nav(all, e, s);
    year_nav(e, year, s);
    column_nav(e, col, s);
    ix_html_printf(s, "<figure class=\"map\">\n");
    ix_diag md;
    ix_diag_clear(&md);
    if (map_svg(e, col, year, o, s, &md) != IX_OK)
        map_failed(e, &md, s);
    ix_html_printf(s, "<figcaption>%s Tryk på en kommune for dens værdi og profil.</figcaption>\n"
                      "</figure>\n",
                   direction_text(e));
    ix_html_printf(s, "<h2>Rangliste %d</h2>\n<p class=\"downloads\"><a href=\"/edition/%ld.csv\">"
                      "Hent CSV</a> · <a href=\"/api/v1/editions/%ld\">JSON</a></p>\n",
                   year, e->info.id, e->info.id);
    if (e->cols[vcol].role == IX_COL_VALUE && unit_scale(e, vcol, year))
        ix_html_printf(s, "<p class=\"muted\">1,00 er landsgennemsnittet.</p>\n");
    ix_html_printf(s, "<div class=\"scroll\">\n<table class=\"sortable\" id=\"rangliste\">\n<thead><tr>"
                      "<th data-type=\"num\">Rang</th><th>Kode</th><th>Kommune</th>"
                      "<th data-type=\"num\">%s</th>",
                   ix__site_column_label(e, e->cols[vcol].name, vlabel, sizeof vlabel));
    if (col != vcol)
        ix_html_printf(s, "<th data-type=\"num\">%s</th>",
                       ix__site_column_label(e, e->cols[col].name, clabel, sizeof clabel));
    ix_html_printf(s, "</tr></thead>\n<tbody>\n");
    size_t n = 0;
    ranked *order = ranked_rows(e, year, &n);
    if (!order)
        return ix_diag_set(d, IX_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    for (size_t i = 0; i < n; i++) {
        const ix_result_row *row = &e->rows[order[i].row];
        if (row->rank)
            ix_html_printf(s, "<tr><td data-v=\"%ld\">%ld</td><td>%s</td><td>", row->rank, row->rank,
                           row->code);
        else
            ix_html_printf(s, "<tr><td data-v=\"\">–</td><td>%s</td><td>", row->code);
        if (row->kommune)
            ix_html_printf(s, "<a href=\"/kommune/%d\">%s</a>", row->kommune, row->name);
        else
            ix_html_printf(s, "%s", row->name);
        ix_html_printf(s, "</td><td data-v=\"");
        ix__site_put_raw(s, row->value);
        ix_html_printf(s, "\">");
        ix__site_put_num(s, row->value);
        if (col != vcol) {
            double v = ix__site_cell(e, row, col);
            ix_html_printf(s, "</td><td data-v=\"");
            ix__site_put_raw(s, v);
            ix_html_printf(s, "\">");
            ix__site_put_num(s, v);
        }
        ix_html_printf(s, "</td></tr>\n");
    }
    free(order);
    ix_html_printf(s, "</tbody>\n</table>\n</div>\n");
    sources(e, s);
    ix__site_page_end(s);
    return IX_OK;
}

/* ---- the home page: both indices with their maps ------------------------------------------ */

ix_status ix_site_home_page(const ix_edition_list *all, const ix_edition *const *featured,
                            size_t nfeatured, const ix_site_options *o, ix_sink *s, ix_diag *d)
{
    (void)d;
    ix__site_page_begin(s, "Forside");
    ix_html_printf(s, "<h1>Kommunernes indeks</h1>\n<p>Det socioøkonomiske indeks og Socialt "
                      "Indeks for de 98 kommuner: kort, ranglister og en side for hver kommune.</p>\n"
                      "<div class=\"home\">\n");
    for (size_t i = 0; i < nfeatured; i++) {
        const ix_edition *e = featured[i];
        if (!e)
            continue;
        int year = ix_edition_display_year(e);
        long vcol = ix__site_find_column(e, NULL);
        ix_html_printf(s, "<section class=\"index\">\n<h2><a href=\"/edition/%ld\">%s</a></h2>\n"
                          "<p class=\"meta\">%s · år %d</p>\n",
                       e->info.id, e->info.name, ix__site_kind_label(e->info.kind), year);
        ix__site_notes_box(e, s);
        ix_html_printf(s, "<figure class=\"map\">\n");
        ix_diag md;
        ix_diag_clear(&md);
        if (vcol < 0 || map_svg(e, vcol, year, o, s, &md) != IX_OK)
            map_failed(e, &md, s);
        ix_html_printf(s, "<figcaption>%s</figcaption>\n</figure>\n<p><a class=\"button\" "
                          "href=\"/edition/%ld\">Rangliste %d</a></p>\n</section>\n",
                       direction_text(e), e->info.id, year);
    }
    ix_html_printf(s, "</div>\n");
    edition_nav(all, NULL, s);
    ix__site_page_end(s);
    return IX_OK;
}

void ix_site_error_page(int status, const char *title, const char *message, ix_sink *s)
{
    ix__site_page_begin(s, title);
    ix_html_printf(s, "<h1>%d · %s</h1>\n<p>%s</p>\n<p><a href=\"/\">Til forsiden</a></p>\n", status,
                   title, message);
    ix__site_page_end(s);
}

void ix_site_empty_page(ix_sink *s)
{
    ix__site_page_begin(s, "Ingen udgaver");
    ix_html_printf(s, "<h1>Ingen udgaver endnu</h1>\n<p>Databasen har ingen udgaver. Gem en med "
                      "<code>indeks import --db DB --socio indeks.csv --edition NAVN --year ÅR</code>."
                      "</p>\n");
    ix__site_page_end(s);
}

/* ---- a line chart of one kind's history ------------------------------------------------ */

/* 1 when edition's values in h are on the 1.00 scale (all below 10). */
int ix__site_history_unit(const ix_history *h, long edition)
{
    double hi = 0;
    for (size_t i = 0; i < h->n; i++)
        if (h->points[i].edition == edition && isfinite(h->points[i].value) &&
            fabs(h->points[i].value) > hi)
            hi = fabs(h->points[i].value);
    return hi > 0 && hi < 10;
}

void ix__site_history_chart(const ix_history *h, ix_edition_kind kind, int unit, ix_sink *s)
{
    /* One point per year: the newest edition's (points come by kind, year, edition). */
    double xs[512], ys[512];
    int years[512];
    size_t n = 0;
    for (size_t i = 0; i < h->n && n < 512; i++) {
        const ix_history_point *p = &h->points[i];
        if (p->kind != kind || !isfinite(p->value))
            continue;
        if (unit >= 0 && ix__site_history_unit(h, p->edition) != unit)
            continue;
        if (n && years[n - 1] == p->year)
            n--;
        years[n] = p->year;
        ys[n] = p->value;
        n++;
    }
    if (n == 0)
        return;
    const double W = 560, H_ = 220, L = 56, R = 16, T = 16, B = 30;
    double lo = ys[0], hi = ys[0];
    for (size_t i = 0; i < n; i++) {
        lo = ys[i] < lo ? ys[i] : lo;
        hi = ys[i] > hi ? ys[i] : hi;
    }
    /* The national average on the series' own scale: 1.00 or 100. */
    int ref = kind != IX_EDITION_COMPOSITE && unit >= 0;
    double avg = unit == 1 ? 1.0 : 100.0;
    if (ref) {
        lo = lo > avg ? avg : lo;
        hi = hi < avg ? avg : hi;
    }
    double pad = (hi - lo) * 0.08 + (hi == lo ? 1 : 0);
    lo -= pad;
    hi += pad;
    int y0 = years[0], y1 = years[n - 1];
    for (size_t i = 0; i < n; i++)
        xs[i] = y1 == y0 ? L + (W - L - R) / 2 : L + (W - L - R) * (years[i] - y0) / (double)(y1 - y0);
#define YPX(v) (T + (H_ - T - B) * (1 - ((v) - lo) / (hi - lo)))
    ix_html_printf(s, "<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" "
                      "viewBox=\"0 0 560 220\" role=\"img\" aria-label=\"Udvikling\">\n");
    ix_html_printf(s, "<line x1=\"%g\" y1=\"%g\" x2=\"%g\" y2=\"%g\" stroke=\"#999\"/>\n", L, H_ - B,
                   W - R, H_ - B);
    if (ref) {
        ix_html_printf(s, "<line x1=\"%g\" x2=\"%g\" y1=\"", L, W - R);
        put_px(s, YPX(avg));
        ix_html_printf(s, "\" y2=\"");
        put_px(s, YPX(avg));
        ix_html_printf(s, "\" class=\"average\" data-v=\"%s\" stroke=\"#666\" "
                          "stroke-dasharray=\"4 3\"/>\n<text x=\"",
                       unit == 1 ? "1" : "100");
        put_px(s, W - R);
        ix_html_printf(s, "\" y=\"");
        put_px(s, YPX(avg) - 4);
        ix_html_printf(s, "\" font-size=\"11\" text-anchor=\"end\" fill=\"#666\">%s = "
                          "landsgennemsnit</text>\n",
                       unit == 1 ? "1,00" : "100");
    }
    double ticks[2] = {lo + pad, hi - pad};
    for (int t = 0; t < 2; t++) {
        ix_html_printf(s, "<text x=\"%g\" y=\"", L - 6);
        put_px(s, YPX(ticks[t]) + 4);
        ix_html_printf(s, "\" font-size=\"11\" text-anchor=\"end\" fill=\"#333\">");
        ix__site_put_num(s, ticks[t]);
        ix_html_printf(s, "</text>\n");
    }
    ix_html_printf(s, "<text x=\"%g\" y=\"%g\" font-size=\"11\" text-anchor=\"start\" fill=\"#333\">"
                      "%d</text>\n", L, H_ - 10, y0);
    if (y1 != y0)
        ix_html_printf(s, "<text x=\"%g\" y=\"%g\" font-size=\"11\" text-anchor=\"end\" "
                          "fill=\"#333\">%d</text>\n", W - R, H_ - 10, y1);
    ix_html_printf(s, "<polyline fill=\"none\" stroke=\"#b2182b\" stroke-width=\"2\" points=\"");
    for (size_t i = 0; i < n; i++) {
        put_px(s, xs[i]);
        ix_html_printf(s, ",");
        put_px(s, YPX(ys[i]));
        ix_html_printf(s, i + 1 < n ? " " : "\"/>\n");
    }
    for (size_t i = 0; i < n; i++) {
        ix_html_printf(s, "<circle r=\"3.5\" fill=\"#b2182b\" cx=\"");
        put_px(s, xs[i]);
        ix_html_printf(s, "\" cy=\"");
        put_px(s, YPX(ys[i]));
        ix_html_printf(s, "\"><title>%d: ", years[i]);
        ix__site_put_num(s, ys[i]);
        ix_html_printf(s, "</title></circle>\n");
    }
#undef YPX
    ix_html_printf(s, "</svg>\n");
}
