/* The SVG map parsed back as XML: 98 municipality paths with the class each
 * value belongs to, missing values marked, titles escaped, the same bytes
 * twice, and the DAGI map under 400 KB (when ../shared/data is present).
 * The XML parser is libxml2 when the build defines IX_HAVE_LIBXML2 (Debian
 * libxml2-dev, a test-only dependency); otherwise a strict little checker
 * below (nesting, quoting, entities). */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "indeks/geo.h"
#include "indeks/kommuner.h"
#include "indeks/map.h"
#include "indeks/outfile.h"

#ifdef IX_HAVE_LIBXML2
#include <libxml/parser.h>
#endif

typedef struct {
    int code, klass; /* klass -1: missing */
    char title[160];
} path_info;

typedef struct {
    path_info paths[200];
    int npaths;
} parsed;

#ifdef IX_HAVE_LIBXML2
static void walk(xmlNode *n, parsed *p)
{
    for (; n; n = n->next) {
        if (n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, "path") == 0) {
            xmlChar *code = xmlGetProp(n, (const xmlChar *)"data-kommunekode");
            xmlChar *klass = xmlGetProp(n, (const xmlChar *)"data-class");
            if (code && p->npaths < 200) {
                path_info *pi = &p->paths[p->npaths++];
                pi->code = (int)strtol((const char *)code, NULL, 10);
                pi->klass = strcmp((const char *)klass, "missing") == 0
                                ? -1
                                : (int)strtol((const char *)klass, NULL, 10) - 1;
                xmlChar *t = n->children ? xmlNodeGetContent(n->children) : NULL;
                snprintf(pi->title, sizeof pi->title, "%s", t ? (const char *)t : "");
                xmlFree(t);
            }
            xmlFree(code);
            xmlFree(klass);
        }
        walk(n->children, p);
    }
}

static int parse_xml(const char *text, size_t len, parsed *p)
{
    xmlDoc *doc = xmlReadMemory(text, (int)len, "map.svg", "UTF-8", XML_PARSE_NONET);
    if (!doc)
        return -1;
    walk(xmlDocGetRootElement(doc), p);
    xmlFreeDoc(doc);
    return 0;
}
#else
/* Reads an attribute value or text, checking entities; writes the decoded
 * text to out. Returns the position after it or NULL. */
static const char *decode(const char *s, char stop, char *out, size_t size)
{
    size_t n = 0;
    while (*s && *s != stop) {
        char c = *s;
        if (c == '<' || (c == '>' && stop == '"'))
            return NULL;
        if (c == '&') {
            static const char *const ents[][2] = {
                {"&amp;", "&"}, {"&lt;", "<"}, {"&gt;", ">"}, {"&quot;", "\""}, {"&#39;", "'"}};
            size_t i = 0;
            while (i < 5 && strncmp(s, ents[i][0], strlen(ents[i][0])) != 0)
                i++;
            if (i == 5)
                return NULL;
            c = ents[i][1][0];
            s += strlen(ents[i][0]) - 1;
        }
        if (n + 1 < size)
            out[n++] = c;
        s++;
    }
    out[n] = '\0';
    return *s == stop ? s : NULL;
}

static int parse_xml(const char *s, size_t len, parsed *p)
{
    (void)len;
    char stack[32][32];
    int depth = 0, seen_root = 0;
    if (strncmp(s, "<?xml ", 6) != 0)
        return -1;
    s = strstr(s, "?>") + 2;
    path_info *cur = NULL;
    static char text[1 << 16];
    while (*s) {
        if (*s != '<' && depth == 0) { /* only white space outside the root */
            if (*s != '\n' && *s != ' ')
                return -1;
            s++;
            continue;
        }
        if (*s != '<') {
            const char *e = decode(s, '<', text, sizeof text);
            if (!e)
                return -1;
            if (cur && depth > 0 && strcmp(stack[depth - 1], "title") == 0)
                snprintf(cur->title, sizeof cur->title, "%.150s", text);
            s = e;
            continue;
        }
        if (s[1] == '/') { /* end tag */
            size_t n = strcspn(s + 2, ">");
            if (depth == 0 || strlen(stack[depth - 1]) != n || strncmp(stack[depth - 1], s + 2, n))
                return -1;
            if (strcmp(stack[depth - 1], "path") == 0)
                cur = NULL;
            depth--;
            s += n + 3;
            continue;
        }
        size_t n = strcspn(s + 1, " />");
        if (n == 0 || n >= 32 || depth >= 32 || (depth == 0 && seen_root))
            return -1;
        char name[32];
        memcpy(name, s + 1, n);
        name[n] = '\0';
        s += 1 + n;
        int code = -1, klass = -2;
        while (*s == ' ') {
            s++;
            size_t an = strcspn(s, "=");
            if (an == 0 || an > 40 || s[an + 1] != '"')
                return -1;
            char attr[48];
            memcpy(attr, s, an);
            attr[an] = '\0';
            const char *e = decode(s + an + 2, '"', text, sizeof text);
            if (!e)
                return -1;
            if (strcmp(attr, "data-kommunekode") == 0)
                code = (int)strtol(text, NULL, 10);
            if (strcmp(attr, "data-class") == 0)
                klass = strcmp(text, "missing") == 0 ? -1 : (int)strtol(text, NULL, 10) - 1;
            s = e + 1;
        }
        if (strcmp(name, "path") == 0 && code >= 0 && p->npaths < 200) {
            cur = &p->paths[p->npaths++];
            cur->code = code;
            cur->klass = klass;
            cur->title[0] = '\0';
        }
        if (s[0] == '/' && s[1] == '>') {
            if (strcmp(name, "path") == 0)
                cur = NULL;
            s += 2;
        } else if (s[0] == '>') {
            memcpy(stack[depth++], name, n + 1);
            seen_root = 1;
            s++;
        } else
            return -1;
    }
    return depth == 0 && seen_root ? 0 : -1;
}
#endif

static double value_of(int code)
{
    return 80 + (code * 37 % 41); /* an index around 100 */
}

/* The tile map with every value but three. */
static ix_map *tile_map(const char *classes, const char *title)
{
    ix_geo *g = NULL;
    ix_map *m = NULL;
    ix_diag d;
    assert_int_equal(ix_tilemap_geo(&g, &d), IX_OK);
    assert_int_equal(ix_map_new(g, &m, &d), IX_OK);
    for (size_t i = 0; i < ix_kommune_count(); i++) {
        int code = ix_kommune_at(i)->code;
        if (code != 825 && code != 492 && code != 400)
            assert_int_equal(ix_map_set_value(m, code, value_of(code)), 0);
    }
    assert_int_equal(ix_map_set_value(m, 999, 1), -1);
    ix_map_options o;
    ix_map_options_init(&o);
    ix_diag_clear(&d);
    assert_int_equal(ix_class_spec_parse(classes, &o.classes, &d), IX_OK);
    o.title = title;
    o.legend_title = "indeks";
    o.decimal = ',';
    o.danish = 1;
    assert_int_equal(ix_map_prepare(m, &o, &d), IX_OK);
    return m;
}

static void render(const ix_map *m, ix_buf *b)
{
    ix_buf_init(b);
    ix_sink s = ix_buf_sink(b);
    ix_diag d;
    assert_int_equal(ix_svg_map_write(m, &s, &d), IX_OK);
}

static void test_tile_map_classes(void **state)
{
    (void)state;
    /* Markup characters, an apostrophe and a control character (U+0001). */
    ix_map *m = tile_map("jenks:5", "Indeks <2024> & \"test\" 'x'\x01" "y");
    ix_buf b, b2;
    render(m, &b);
    render(m, &b2);
    assert_int_equal(b.len, b2.len);
    assert_memory_equal(b.data, b2.data, b.len); /* deterministic */
    static parsed p;
    memset(&p, 0, sizeof p);
    assert_int_equal(parse_xml(b.data, b.len, &p), 0);
    assert_int_equal(p.npaths, 98);
    const ix_classes *c = ix_map_classes(m);
    int missing = 0;
    for (int i = 0; i < p.npaths; i++) {
        const ix_kommune *k = ix_kommune_find(p.paths[i].code);
        assert_non_null(k);
        if (p.paths[i].code == 825 || p.paths[i].code == 492 || p.paths[i].code == 400) {
            assert_int_equal(p.paths[i].klass, -1);
            assert_non_null(strstr(p.paths[i].title, "ingen værdi"));
            missing++;
            continue;
        }
        assert_int_equal(p.paths[i].klass, ix_class_of(c, value_of(p.paths[i].code)));
        assert_true(strncmp(p.paths[i].title, k->name, strlen(k->name)) == 0);
    }
    assert_int_equal(missing, 3);
    /* Escaped as escape.h says: &#39; for ', a control character as a space. */
    assert_non_null(
        strstr(b.data, "<title>Indeks &lt;2024&gt; &amp; &quot;test&quot; &#39;x&#39; y</title>"));
    assert_non_null(strstr(b.data, "Skematisk kort"));
    assert_non_null(strstr(b.data, "Læsø")); /* named in the legend */
    ix_buf_free(&b);
    ix_buf_free(&b2);
    ix_map_free(m);
}

static void test_dagi_map(void **state)
{
    (void)state;
    char *text = NULL;
    size_t len = 0;
    ix_diag d;
    const char *path = "../shared/data/geo/kommuner_dagi.geojson";
    if (ix_read_file(path, &text, &len, &d) != IX_OK) {
        print_message("skipped: %s is absent\n", path);
        skip();
    }
    ix_geo *g = NULL;
    ix_map *m = NULL;
    assert_int_equal(ix_geo_parse(text, len, path, NULL, &g, &d), IX_OK);
    free(text);
    assert_int_equal(g->nshapes, 98);
    assert_null(ix_geo_find(g, 411));
    assert_int_equal(ix_map_new(g, &m, &d), IX_OK);
    for (size_t i = 0; i < ix_kommune_count(); i++)
        ix_map_set_value(m, ix_kommune_at(i)->code, value_of(ix_kommune_at(i)->code));
    ix_map_options o;
    ix_map_options_init(&o);
    assert_int_equal(ix_class_spec_parse("diverging:100", &o.classes, &d), IX_OK);
    assert_int_equal(ix_map_prepare(m, &o, &d), IX_OK);
    ix_buf b;
    render(m, &b);
    static parsed p;
    memset(&p, 0, sizeof p);
    assert_int_equal(parse_xml(b.data, b.len, &p), 0);
    assert_int_equal(p.npaths, 98);
    for (int i = 0; i < p.npaths; i++)
        assert_int_equal(p.paths[i].klass,
                         ix_class_of(ix_map_classes(m), value_of(p.paths[i].code)));
    assert_true(b.len < (size_t)400 * 1024);
    assert_non_null(strstr(b.data, "Kommunegrænser: Indeholder data fra Klimadatastyrelsen, DAGI"));
    ix_buf_free(&b);
    ix_map_free(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_tile_map_classes),
        cmocka_unit_test(test_dagi_map),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
