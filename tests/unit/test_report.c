/* The HTML report parsed back with libxml2's HTML parser: the demo's ranked
 * table has 98 rows with the right ranks and exact values, the inline map
 * 98 municipality paths, every municipality a profile whose contributions
 * are the result's, the notes are there, text from data is escaped, and the
 * same input gives the same bytes. A composite report of five units checks
 * the ranking, profiles and recommendations. Skips (77) without libxml2
 * (Debian libxml2-dev, a test-only dependency). */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "indeks/composite.h"
#include "indeks/csv.h"
#include "indeks/demo.h"
#include "indeks/number.h"
#include "indeks/report.h"
#include "indeks/socio.h"

#ifdef IX_HAVE_LIBXML2
#include <libxml/HTMLparser.h>
#include <libxml/tree.h>

const char *ix__embedded(const char *name, size_t *len);

/* ---- walking the parsed page ---------------------------------------------- */

static int is_el(const xmlNode *n, const char *name)
{
    return n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, name) == 0;
}

static int attr_is(const xmlNode *n, const char *attr, const char *value)
{
    xmlChar *v = xmlGetProp(n, (const xmlChar *)attr);
    int eq = v && strcmp((const char *)v, value) == 0;
    xmlFree(v);
    return eq;
}

static const xmlNode *find_id(const xmlNode *n, const char *id)
{
    for (; n; n = n->next) {
        if (n->type == XML_ELEMENT_NODE && attr_is(n, "id", id))
            return n;
        const xmlNode *f = find_id(n->children, id);
        if (f)
            return f;
    }
    return NULL;
}

/* Elements named name (with attr = value when attr is given) under n. */
static size_t count(const xmlNode *n, const char *name, const char *attr, const char *value)
{
    size_t c = 0;
    for (; n; n = n->next) {
        if (is_el(n, name) && (!attr || (value ? attr_is(n, attr, value) : xmlHasProp(n, (const xmlChar *)attr) != NULL)))
            c++;
        c += count(n->children, name, attr, value);
    }
    return c;
}

static const xmlNode *child_el(const xmlNode *n, const char *name, size_t which)
{
    for (n = n ? n->children : NULL; n; n = n->next)
        if (is_el(n, name) && which-- == 0)
            return n;
    return NULL;
}

static double attr_number(const xmlNode *n, const char *attr)
{
    xmlChar *v = xmlGetProp(n, (const xmlChar *)attr);
    double x = NAN;
    const char *why = NULL;
    if (v && v[0] && ix_parse_number((const char *)v, '.', &x, &why) != 0)
        x = NAN;
    xmlFree(v);
    return x;
}

static htmlDocPtr parse(const ix_buf *b)
{
    htmlDocPtr doc = htmlReadMemory(b->data, (int)b->len, "report.html", "UTF-8",
                                    HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET);
    assert_non_null(doc);
    return doc;
}

/* ---- socio ----------------------------------------------------------------- */

typedef struct {
    ix_socio_model *m;
    ix_socio_data *data;
    ix_socio_result *r;
    ix_buf html, svg;
} socio_fixture;

static void socio_build(socio_fixture *f, const char *model_json, int normalise, const char *date)
{
    ix_diag d;
    ix_diag_clear(&d);
    ix_table *t = NULL;
    size_t len = 0;
    const char *json = model_json ? model_json : ix__embedded("models/socio_2021.json", &len);
    memset(f, 0, sizeof *f);
    assert_int_equal(ix_socio_model_parse(json, model_json ? strlen(json) : len, "model", &f->m, &d), IX_OK);
    assert_int_equal(ix_socio_model_check_weights(f->m, normalise, &d), IX_OK);
    assert_int_equal(ix_demo_socio_table(IX_DEMO_SEED, &t, &d), IX_OK);
    assert_int_equal(ix_socio_data_from_table(f->m, t, &f->data, &d), IX_OK);
    ix_table_free(t);
    assert_int_equal(ix_socio_compute(f->m, f->data, &f->r, &d), IX_OK);
    ix_geo *geo = NULL;
    assert_int_equal(ix_tilemap_geo(&geo, &d), IX_OK);
    size_t unmatched = 9;
    ix_buf_init(&f->svg);
    assert_int_equal(ix_report_map_svg(geo, f->data->codes, f->r->index, f->data->nunits,
                                       "diverging:100", "Indeks", 1, &unmatched, &f->svg, &d),
                     IX_OK);
    assert_int_equal(unmatched, 0);
    ix_report_options o;
    ix_report_options_init(&o);
    o.date = date;
    o.map_svg = f->svg.data;
    o.version = "test";
    ix_buf_init(&f->html);
    ix_sink s = ix_buf_sink(&f->html);
    assert_int_equal(ix_report_socio_html(f->m, f->data, f->r, &o, &s, &d), IX_OK);
}

static void socio_free(socio_fixture *f)
{
    ix_buf_free(&f->html);
    ix_buf_free(&f->svg);
    ix_socio_result_free(f->r);
    ix_socio_data_free(f->data);
    ix_socio_model_free(f->m);
}

static void test_socio_demo(void **state)
{
    (void)state;
    socio_fixture f;
    socio_build(&f, NULL, 1, "2024-05-01");
    assert_non_null(strstr(f.html.data, "<!DOCTYPE html>\n<html lang=\"da\">"));
    assert_null(strstr(f.html.data, "<?xml")); /* the SVG's declaration is dropped */
    assert_null(strstr(f.html.data, "http://www.w3.org/1999/xhtml\"")); /* nothing fetched... */
    assert_null(strstr(f.html.data, "src=\""));                          /* ...nothing loaded */
    assert_null(strstr(f.html.data, "<link"));
    htmlDocPtr doc = parse(&f.html);
    const xmlNode *root = xmlDocGetRootElement(doc);

    /* The ranked table: 98 rows in rank order with exact values. */
    const xmlNode *table = find_id(root, "ranking-table");
    assert_non_null(table);
    assert_true(attr_is(table, "class", "sortable"));
    const xmlNode *tbody = child_el(table, "tbody", 0);
    assert_non_null(tbody);
    size_t rows = 0;
    for (const xmlNode *tr = tbody->children; tr; tr = tr->next) {
        if (!is_el(tr, "tr"))
            continue;
        size_t k = f.r->order[rows];
        char code[8];
        snprintf(code, sizeof code, "%03d", f.data->codes[k]);
        assert_true(attr_is(tr, "data-kommunekode", code));
        assert_int_equal((long)attr_number(child_el(tr, "td", 0), "data-v"), f.r->rank[k]);
        double idx = attr_number(child_el(tr, "td", 3), "data-v");
        if (idx != f.r->index[k])
            fail_msg("row %zu (%s): index %.17g, expected %.17g", rows, code, idx, f.r->index[k]);
        assert_true(attr_number(child_el(tr, "td", 4), "data-v") == f.data->population[k]);
        rows++;
    }
    assert_int_equal(rows, 98);

    /* The map: 98 municipality paths, inline. */
    const xmlNode *map = find_id(root, "map");
    assert_non_null(map);
    assert_int_equal(count(map->children, "svg", NULL, NULL), 1);
    assert_int_equal(count(map->children, "path", "data-kommunekode", NULL), 98);

    /* A profile for every municipality, with the result's contributions. */
    assert_int_equal(count(root, "details", "class", "profile"), 98);
    for (size_t k = 0; k < f.data->nunits; k++) {
        char id[8];
        snprintf(id, sizeof id, "k%03d", f.data->codes[k]);
        const xmlNode *p = find_id(root, id);
        if (!p)
            fail_msg("no profile %s", id);
        const xmlNode *body = child_el(child_el(p, "table", 0), "tbody", 0);
        assert_non_null(body);
        for (size_t j = 0; j < f.m->ncriteria; j++) {
            const xmlNode *tr = child_el(body, "tr", j);
            assert_true(attr_is(tr, "data-criterion", f.m->criteria[j].id));
            double c = attr_number(child_el(tr, "td", 6), "data-v");
            if (c != f.r->contrib[k * f.r->ncriteria + j])
                fail_msg("%s %s: contribution %.17g, expected %.17g", id, f.m->criteria[j].id, c,
                         f.r->contrib[k * f.r->ncriteria + j]);
        }
    }

    /* The notes: synthetic data only (the shipped model is complete, so
     * nothing says incomplete or rescaled). */
    const xmlNode *notes = find_id(root, "notes");
    assert_non_null(notes);
    assert_int_equal(count(notes->children, "li", NULL, NULL), 1);
    xmlChar *text = xmlNodeGetContent((xmlNode *)notes);
    assert_null(strstr((const char *)text, "UFULDSTÆNDIG"));
    assert_non_null(strstr((const char *)text, "SYNTETISKE DATA"));
    xmlFree(text);
    assert_non_null(find_id(root, "model"));
    assert_non_null(find_id(root, "sources"));
    assert_non_null(strstr(f.html.data, "<time datetime=\"2024-05-01\">"));
    xmlFreeDoc(doc);

    /* Deterministic: the same input gives the same bytes. */
    socio_fixture g;
    socio_build(&g, NULL, 1, "2024-05-01");
    assert_int_equal(f.html.len, g.html.len);
    assert_memory_equal(f.html.data, g.html.data, f.html.len);
    socio_free(&g);
    socio_free(&f);
}

static const char model_escape[] =
    "{\"name\": \"Test <&\\\"> model\", \"source\": \"a & b\\u0007c\", \"status\": \"complete\","
    " \"population\": \"indbyggere\", \"code\": \"kommunekode\", \"scale\": 100,"
    " \"criteria\": [{\"id\": \"a\", \"name\": \"Crit <b>&\\\"x'\", \"weight\": 0.5,"
    " \"count\": \"psykiatriske_patienter\"}, {\"id\": \"b<i>\", \"name\": \"B\", \"weight\": 0.5,"
    " \"count\": \"almene_familieboliger\"}]}";

static void test_socio_escaping(void **state)
{
    (void)state;
    socio_fixture f;
    socio_build(&f, model_escape, 0, NULL);
    assert_null(strstr(f.html.data, "<&\""));
    assert_null(strstr(f.html.data, "<b>&"));
    assert_null(strstr(f.html.data, "b<i>"));
    assert_non_null(strstr(f.html.data, "<title>Test &lt;&amp;&quot;&gt; model</title>"));
    assert_non_null(strstr(f.html.data, "Crit &lt;b&gt;&amp;&quot;x&#39;"));
    /* A control character (U+0007 in the model's source) becomes a space. */
    assert_non_null(strstr(f.html.data, "<br>a &amp; b c</p>"));
    htmlDocPtr doc = parse(&f.html);
    const xmlNode *root = xmlDocGetRootElement(doc);
    /* Parsed back, the texts are the originals. */
    const xmlNode *head = child_el(root, "head", 0);
    xmlChar *title = xmlNodeGetContent((xmlNode *)child_el(head, "title", 0));
    assert_string_equal((const char *)title, "Test <&\"> model");
    xmlFree(title);
    const xmlNode *tr = child_el(child_el(child_el(find_id(root, "k101"), "table", 0), "tbody", 0), "tr", 1);
    assert_true(attr_is(tr, "data-criterion", "b<i>"));
    assert_int_equal(count(root, "i", NULL, NULL), 0); /* no element came from data */
    assert_int_equal(count(root, "b", NULL, NULL), 0);
    xmlFreeDoc(doc);
    socio_free(&f);
}

/* ---- composite -------------------------------------------------------------- */

static const char idata[] =
    "uCode,uName,X1,X2\n"
    "101,København,10,1\n"
    "147,\"A <&\"\"> kommune\",20,2\n"
    "151,Ballerup,30,3\n"
    "153,Brøndby,40,NA\n"
    "155,Dragør,50,5\n";
static const char imeta[] =
    "Level,iCode,iName,Direction,Weight,Parent,Type,Target,Recommendation\n"
    "1,X1,Indikator 1,1,1,IDX,Indicator,,Hæv X1 <nu>.\n"
    "1,X2,Indikator 2,1,1,IDX,Indicator,,Hæv X2.\n"
    "2,IDX,Indeks,,,,Aggregate,,\n";

static void test_composite(void **state)
{
    (void)state;
    ix_diag d;
    ix_diag_clear(&d);
    ix_table *td = NULL, *tm = NULL;
    ix_comp_model *m = NULL;
    ix_comp_plan *p = NULL;
    ix_comp_recipe recipe;
    assert_int_equal(ix_csv_parse(idata, strlen(idata), "idata.csv", &td, &d), IX_OK);
    assert_int_equal(ix_csv_parse(imeta, strlen(imeta), "imeta.csv", &tm, &d), IX_OK);
    if (ix_comp_model_from_tables(td, tm, &m, &d) != IX_OK)
        fail_msg("%s", d.message);
    ix_comp_recipe_default(&recipe);
    assert_int_equal(ix_comp_plan_new(m, &recipe, &p, &d), IX_OK);
    assert_int_equal(ix_comp_plan_run(p, &d), IX_OK);
    ix_report_options o;
    ix_report_options_init(&o);
    o.danish = 0;
    ix_buf html;
    ix_buf_init(&html);
    ix_sink s = ix_buf_sink(&html);
    assert_int_equal(ix_report_composite_html(m, p, &recipe, &o, &s, &d), IX_OK);
    assert_non_null(strstr(html.data, "<html lang=\"en\">"));
    assert_non_null(strstr(html.data, "A &lt;&amp;&quot;&gt; kommune"));
    assert_non_null(strstr(html.data, "Hæv X1 &lt;nu&gt;."));
    assert_non_null(strstr(html.data, "no map")); /* no SVG given */
    htmlDocPtr doc = parse(&html);
    const xmlNode *root = xmlDocGetRootElement(doc);
    const xmlNode *tbody = child_el(find_id(root, "ranking-table"), "tbody", 0);
    assert_int_equal(count(tbody, "tr", NULL, NULL), 5);
    /* Dragør has the highest values: rank 1 first. */
    const xmlNode *first = child_el(tbody, "tr", 0);
    assert_true(attr_is(first, "data-ucode", "155"));
    assert_int_equal((long)attr_number(child_el(first, "td", 0), "data-v"), 1);
    assert_int_equal(count(root, "details", "class", "profile"), 5);
    /* København is last on both: both weak, with their recommendations. */
    const xmlNode *kbh = find_id(root, "u0");
    assert_non_null(kbh);
    assert_int_equal(count(kbh->children, "ul", "class", "recommendations"), 1);
    xmlChar *text = xmlNodeGetContent((xmlNode *)kbh);
    assert_non_null(strstr((const char *)text, "Hæv X1 <nu>."));
    assert_non_null(strstr((const char *)text, "Hæv X2."));
    xmlFree(text);
    xmlFreeDoc(doc);
    ix_buf_free(&html);
    ix_comp_plan_free(p);
    ix_comp_model_free(m);
    ix_table_free(td);
    ix_table_free(tm);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_socio_demo),
        cmocka_unit_test(test_socio_escaping),
        cmocka_unit_test(test_composite),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

#else

int main(void)
{
    puts("skipped: built without libxml2 (Debian libxml2-dev)");
    return 77;
}

#endif
