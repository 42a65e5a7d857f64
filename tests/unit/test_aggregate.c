/* indeks aggregate's rule compiler and counting kernel against counts worked
 * out by hand on a 14-person table (three-valued logic for missing values
 * included), malformed rows with their lines and columns, --skip-bad
 * accounting, the same counts for 1, 2 and 4 threads and for gzip input,
 * RULES.json errors with positions, and the SQL text. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "indeks/aggregate.h"
#include "indeks/demo.h"
#include "indeks/kommuner.h"

#ifdef IX_HAVE_AGG_ZLIB
#include <zlib.h>
#endif

#define EQ64(a, b)                                                                            \
    do {                                                                                      \
        long long a_ = (long long)(a), b_ = (long long)(b);                                   \
        if (a_ != b_)                                                                         \
            fail_msg("%s = %lld, expected %lld", #a, a_, b_);                                 \
    } while (0)

static const char hand_header[] = "id,kom,alder,besk,bolig,udd";
/* Persons 1-14; 11 and 12 write 101 as 0101 and 101.0. */
static const char hand_rows[] = "1,101,25,0,2,1\n"
                                "2,101,30,1,1,\n"
                                "3,101,59,0,3,2\n"
                                "4,101,60,0,2,3\n"
                                "5,101,19,,6,1\n"
                                "6,147,20,0,1,\n"
                                "7,147,45,1,2,2\n"
                                "8,147,70,0,2,6\n"
                                "9,147,5,,1,\n"
                                "10,147,59,,4,1\n"
                                "11,0101,33,0,3,5\n"
                                "12,101.0,40,1,5,3\n"
                                "13,147,20,0,6,\n"
                                "14,147,88,0,2,1\n";

static const char hand_rules[] =
    "{\"municipality\": \"kom\", \"criteria\": [\n"
    "  {\"id\": \"ledige_20_59\", \"where\": {\"alder\": [20, 59], \"besk\": 0}},\n"
    "  {\"id\": \"bolig_3_6\", \"where\": {\"bolig\": {\"in\": [3, 6]}}},\n"
    "  {\"id\": \"ikke_besk\", \"where\": {\"not\": {\"besk\": 1}}},\n"
    "  {\"id\": \"udd_mangler_eller_1\", \"where\": {\"or\": [{\"udd\": null}, {\"udd\": 1}]}},\n"
    "  {\"id\": \"aeldre\", \"where\": {\"alder\": [65, null]}},\n"
    "  {\"id\": \"alle\", \"where\": {}},\n"
    "  {\"id\": \"ikke_besk_eller_udd3\",\n"
    "   \"where\": {\"not\": {\"or\": [{\"besk\": 1}, {\"udd\": [3, null]}]}}}\n"
    "]}\n";

/* Worked by hand (see the rows above): population, then the criteria. */
static const long want_101[8] = {7, 3, 3, 4, 3, 0, 7, 2};
static const long want_147[8] = {7, 2, 1, 4, 5, 2, 7, 1};

static ix_agg_rules *parse_rules(const char *text)
{
    ix_agg_rules *r = NULL;
    ix_diag d;
    ix_status st = ix_agg_rules_parse(text, strlen(text), "rules.json", &r, &d);
    if (st)
        fail_msg("rules: %s (line %ld)", d.message, d.line);
    return r;
}

static ix_agg_program *compile_hand(const ix_agg_rules *r)
{
    static const char *const names[] = {"id", "kom", "alder", "besk", "bolig", "udd"};
    ix_agg_program *p = NULL;
    ix_diag d;
    if (ix_agg_compile(r, names, 6, ',', '.', "persons.csv", &p, &d))
        fail_msg("compile: %s", d.message);
    return p;
}

static void check_hand(const ix_agg_counts *c)
{
    for (size_t j = 0; j < 8; j++) {
        EQ64(ix_agg_counts_get(c, 101, j), want_101[j]);
        EQ64(ix_agg_counts_get(c, 147, j), want_147[j]);
    }
    EQ64(ix_agg_counts_get(c, 151, 0), 0);
}

static void hand_counts(void **state)
{
    (void)state;
    ix_agg_rules *r = parse_rules(hand_rules);
    ix_agg_program *p = compile_hand(r);
    ix_agg_counts *c = ix_agg_counts_new(p);
    ix_agg_chunk_result res;
    ix_agg_count_chunk(p, hand_rows, strlen(hand_rows), c, &res);
    EQ64(res.nbad, 0);
    EQ64(res.nlines, 14);
    check_hand(c);
    /* the CSV written from it */
    ix_buf b;
    ix_buf_init(&b);
    ix_sink s = ix_buf_sink(&b);
    ix_agg_counts_write_csv(p, c, &s);
    assert_string_equal(b.data, "kommunekode,indbyggere,ledige_20_59,bolig_3_6,ikke_besk,"
                                "udd_mangler_eller_1,aeldre,alle,ikke_besk_eller_udd3\n"
                                "101,7,3,3,4,3,0,7,2\n147,7,2,1,4,5,2,7,1\n");
    ix_buf_free(&b);
    ix_agg_counts_free(c);
    ix_agg_program_free(p);
    ix_agg_rules_free(r);
}

/* The same rules built through the API (no JSON), and a row split across
 * two calls must give the same. */
static void builder_counts(void **state)
{
    (void)state;
    ix_diag d;
    ix_agg_rules *r = ix_agg_rules_new();
    size_t a, b, n[4], root[7];
    assert_int_equal(ix_agg_rules_set_names(r, "kom", NULL, NULL, &d), IX_OK);
    assert_int_equal(ix_agg_leaf_range(r, "alder", 20, 59, &a, &d), IX_OK);
    assert_int_equal(ix_agg_leaf_range(r, "besk", 0, 0, &b, &d), IX_OK);
    size_t ab[2] = {a, b};
    assert_int_equal(ix_agg_combine(r, IX_AGG_AND, ab, 2, &root[0], &d), IX_OK);
    const double set[2] = {3, 6};
    assert_int_equal(ix_agg_leaf_in(r, "bolig", set, 2, &root[1], &d), IX_OK);
    assert_int_equal(ix_agg_leaf_range(r, "besk", 1, 1, &n[0], &d), IX_OK);
    assert_int_equal(ix_agg_combine(r, IX_AGG_NOT, &n[0], 1, &root[2], &d), IX_OK);
    assert_int_equal(ix_agg_leaf_isnull(r, "udd", &n[1], &d), IX_OK);
    assert_int_equal(ix_agg_leaf_range(r, "udd", 1, 1, &n[2], &d), IX_OK);
    assert_int_equal(ix_agg_combine(r, IX_AGG_OR, &n[1], 2, &root[3], &d), IX_OK);
    assert_int_equal(ix_agg_leaf_range(r, "alder", 65, INFINITY, &root[4], &d), IX_OK);
    assert_int_equal(ix_agg_combine(r, IX_AGG_AND, NULL, 0, &root[5], &d), IX_OK);
    assert_int_equal(ix_agg_leaf_range(r, "udd", 3, INFINITY, &n[3], &d), IX_OK);
    size_t orkids[2] = {n[0], n[3]}, orn;
    assert_int_equal(ix_agg_combine(r, IX_AGG_OR, orkids, 2, &orn, &d), IX_OK);
    assert_int_equal(ix_agg_combine(r, IX_AGG_NOT, &orn, 1, &root[6], &d), IX_OK);
    static const char *const ids[7] = {"a", "b", "c", "d", "e", "f", "g"};
    for (int i = 0; i < 7; i++)
        assert_int_equal(ix_agg_rules_add(r, ids[i], root[i], &d), IX_OK);
    assert_int_not_equal(ix_agg_rules_add(r, "a", root[0], &d), IX_OK); /* duplicate */
    assert_int_not_equal(ix_agg_leaf_range(r, "alder", 5, 4, &a, &d), IX_OK);
    ix_agg_program *p = compile_hand(r);
    ix_agg_counts *c = ix_agg_counts_new(p);
    ix_agg_chunk_result res;
    size_t half = (size_t)(strstr(hand_rows, "8,147") - hand_rows);
    ix_agg_count_chunk(p, hand_rows, half, c, &res);
    EQ64(res.nlines, 7);
    ix_agg_count_chunk(p, hand_rows + half, strlen(hand_rows) - half, c, &res);
    EQ64(res.nlines, 7);
    check_hand(c);
    ix_agg_counts_free(c);
    ix_agg_program_free(p);
    ix_agg_rules_free(r);
}

static const char bad_rows[] = "1,101,25,0,2,1\n"     /* 1 ok */
                               "\n"                   /* 2 blank */
                               "2,101,2x,0,2,1\n"     /* 3 alder, column 7 */
                               "3,999,25,0,2,1\n"     /* 4 kom, column 3 */
                               "4,101,25,0,2\n"       /* 5 too few, column 13 */
                               "5,101,25,0,2,1,7\n"   /* 6 too many */
                               "\"6\",101,\"25\",0,2,1\r\n" /* 7 ok: quotes, CRLF */
                               "7,101,\"2\n";         /* 8 unterminated quote */

static void malformed_rows(void **state)
{
    (void)state;
    ix_agg_rules *r = parse_rules(hand_rules);
    ix_agg_program *p = compile_hand(r);
    ix_agg_counts *c = ix_agg_counts_new(p);
    ix_agg_chunk_result res;
    ix_agg_count_chunk(p, bad_rows, strlen(bad_rows), c, &res);
    EQ64(res.nlines, 8);
    EQ64(res.nbad, 5);
    EQ64(res.nkept, 5);
    EQ64(res.bad[0].line, 3);
    EQ64(res.bad[0].column, 7);
    assert_string_equal(res.bad[0].field, "alder");
    assert_non_null(strstr(res.bad[0].message, "expected a number, got \"2x\""));
    EQ64(res.bad[1].line, 4);
    EQ64(res.bad[1].column, 3);
    assert_string_equal(res.bad[1].field, "kom");
    EQ64(res.bad[2].line, 5);
    EQ64(res.bad[2].column, 13);
    assert_non_null(strstr(res.bad[2].message, "fewer fields"));
    EQ64(res.bad[3].line, 6);
    assert_non_null(strstr(res.bad[3].message, "more fields"));
    EQ64(res.bad[4].line, 8);
    assert_non_null(strstr(res.bad[4].message, "unterminated quote"));
    EQ64(ix_agg_counts_get(c, 101, 0), 2); /* rows 1 and 7 */
    EQ64(ix_agg_counts_get(c, 101, 1), 2);
    ix_agg_counts_free(c);
    ix_agg_program_free(p);
    ix_agg_rules_free(r);
}

static void write_text(const char *path, const char *a, const char *b, const char *c)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    fputs(a, f);
    fputs(b, f);
    fputs(c, f);
    assert_int_equal(fclose(f), 0);
}

static void skip_bad_accounting(void **state)
{
    (void)state;
    char path[] = "/tmp/ix_test_aggregate_XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    write_text(path, hand_header, "\n", bad_rows);
    ix_agg_rules *r = parse_rules(hand_rules);
    ix_agg_program *p = NULL;
    ix_agg_counts *c = NULL;
    ix_agg_run_report rep;
    ix_diag d;
    ix_agg_run_opts o = {2, 5, 0, NULL, NULL, 0};
    assert_int_equal(ix_agg_run(r, path, &o, &p, &c, &rep, &d), IX_OK);
    EQ64(rep.nbad, 5);
    EQ64(rep.rows, 2);
    EQ64(rep.lines, 9);
    EQ64(rep.nkept, 5);
    EQ64(rep.bad[0].line, 4); /* the header is line 1 */
    EQ64(rep.bad[4].line, 9);
    assert_string_equal(rep.bad[0].file, path);
    ix_agg_counts_free(c);
    ix_agg_program_free(p);
    /* one fewer allowed: the run fails, naming the first malformed row */
    o.skip_bad = 4;
    assert_int_equal(ix_agg_run(r, path, &o, &p, &c, &rep, &d), IX_ERR_PARSE);
    assert_null(p);
    assert_null(c);
    EQ64(d.line, 4);
    EQ64(d.column, 7);
    assert_string_equal(d.field, "alder");
    assert_non_null(strstr(d.message, "skip_bad 4"));
    o.skip_bad = 0;
    assert_int_equal(ix_agg_run(r, path, &o, &p, &c, &rep, &d), IX_ERR_PARSE);
    EQ64(d.line, 4);
    /* a column the rules need and the file lacks: line 1 */
    write_text(path, "id,kom,alder\n", "1,101,3\n", "");
    assert_int_equal(ix_agg_run(r, path, &o, &p, &c, &rep, &d), IX_ERR_INPUT);
    EQ64(d.line, 1);
    unlink(path);
    ix_agg_rules_free(r);
}

/* A few thousand synthetic rows (some missing values, ';' separator). */
static char *make_rows(size_t n, char sep)
{
    char *s = malloc(n * 40 + 64);
    assert_non_null(s);
    size_t len = 0;
    ix_rng g;
    ix_rng_seed(&g, 7);
    for (size_t i = 0; i < n; i++) {
        int code = ix_kommune_at((size_t)(ix_rng_uniform(&g) * 98))->code;
        int age = (int)(ix_rng_uniform(&g) * 100);
        int besk = (int)(ix_rng_uniform(&g) * 3); /* 2 = missing */
        int bolig = 1 + (int)(ix_rng_uniform(&g) * 7);
        int udd = (int)(ix_rng_uniform(&g) * 7); /* 0 = missing */
        char bs[12] = "", us[12] = "";
        if (besk < 2)
            snprintf(bs, sizeof bs, "%d", besk);
        if (udd > 0)
            snprintf(us, sizeof us, "%d", udd);
        len += (size_t)snprintf(s + len, 48, "%zu%c%d%c%d%c%s%c%d%c%s\n", i, sep, code, sep, age,
                                sep, bs, sep, bolig, sep, us);
    }
    return s;
}

static void threads_and_gzip(void **state)
{
    (void)state;
    char *rows = make_rows(6000, ';');
    char path[] = "/tmp/ix_test_aggregate_XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    write_text(path, "id;kom;alder;besk;bolig;udd\n", rows, "");
    ix_agg_rules *r = parse_rules(hand_rules);
    /* the reference: one chunk, no threads */
    static const char *const names[] = {"id", "kom", "alder", "besk", "bolig", "udd"};
    ix_agg_program *ref_p = NULL;
    ix_diag d;
    assert_int_equal(ix_agg_compile(r, names, 6, ';', ',', "x", &ref_p, &d), IX_OK);
    ix_agg_counts *ref = ix_agg_counts_new(ref_p);
    ix_agg_chunk_result res;
    ix_agg_count_chunk(ref_p, rows, strlen(rows), ref, &res);
    EQ64(res.nbad, 0);
    const int threads[3] = {1, 2, 4};
    for (int t = 0; t < 3; t++) {
        ix_agg_program *p = NULL;
        ix_agg_counts *c = NULL;
        ix_agg_run_report rep;
        ix_agg_run_opts o = {threads[t], 0, 256, NULL, NULL, 0}; /* many small chunks */
        assert_int_equal(ix_agg_run(r, path, &o, &p, &c, &rep, &d), IX_OK);
        EQ64(rep.rows, 6000);
        for (size_t k = 0; k < ix_kommune_count(); k++)
            for (size_t j = 0; j < 8; j++) {
                int code = ix_kommune_at(k)->code;
                EQ64(ix_agg_counts_get(c, code, j), ix_agg_counts_get(ref, code, j));
            }
        ix_agg_counts_free(c);
        ix_agg_program_free(p);
    }
#ifdef IX_HAVE_AGG_ZLIB
    char gzpath[64];
    snprintf(gzpath, sizeof gzpath, "%s.gz", path);
    gzFile gz = gzopen(gzpath, "wb");
    assert_non_null(gz);
    gzputs(gz, "id;kom;alder;besk;bolig;udd\n");
    gzputs(gz, rows);
    assert_int_equal(gzclose(gz), Z_OK);
    ix_agg_program *p = NULL;
    ix_agg_counts *c = NULL;
    ix_agg_run_report rep;
    ix_agg_run_opts o = {2, 0, 1024, NULL, NULL, 0};
    assert_int_equal(ix_agg_run(r, gzpath, &o, &p, &c, &rep, &d), IX_OK);
    for (size_t k = 0; k < ix_kommune_count(); k++)
        for (size_t j = 0; j < 8; j++) {
            int code = ix_kommune_at(k)->code;
            EQ64(ix_agg_counts_get(c, code, j), ix_agg_counts_get(ref, code, j));
        }
    ix_agg_counts_free(c);
    ix_agg_program_free(p);
    unlink(gzpath);
#endif
    unlink(path);
    ix_agg_counts_free(ref);
    ix_agg_program_free(ref_p);
    ix_agg_rules_free(r);
    free(rows);
}

static void rules_errors(void **state)
{
    (void)state;
    static const struct {
        const char *text;
        ix_status status;
        long line;
        const char *needle;
    } cases[] = {
        {"{\"municipality\": \"kom\",\n \"criteria\": [\n  {\"id\": \"a\" \"where\": {}}]}", IX_ERR_PARSE,
         3, "malformed JSON"},
        {"{\"municipality\": \"kom\",\n \"criteria\": [\n  {\"id\": \"a\", \"where\": {}},\n"
         "  {\"id\": \"b\", \"where\": {\"alder\": [60, 20]}}]}",
         IX_ERR_MODEL, 4, "lo <= hi"},
        {"{\"municipality\": \"kom\",\n \"criterias\": []}", IX_ERR_MODEL, 2, "unknown key"},
        {"{\"criteria\": [{\"id\": \"a\", \"where\": {}}]}", IX_ERR_MODEL, 1, "municipality"},
        {"{\"municipality\": \"kom\", \"criteria\": [\n {\"id\": \"a\", \"where\": {}},\n"
         " {\"id\": \"a\", \"where\": {}}]}",
         IX_ERR_MODEL, 3, "duplicate"},
        {"{\"municipality\": \"kom\", \"criteria\": [\n {\"id\": \"a\",\n \"where\": {\"x\": \"1\"}}]}",
         IX_ERR_MODEL, 3, "a test is"},
        {"{\"municipality\": \"kom\", \"criteria\": [{\"id\": \"a\", \"where\": {\"or\": []}}]}",
         IX_ERR_MODEL, 1, "non-empty"},
        {"{\"municipality\": \"kom\", \"criteria\": [{\"id\": \"indbyggere\", \"where\": {}}]}",
         IX_ERR_MODEL, 1, "already"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        ix_agg_rules *r = NULL;
        ix_diag d;
        ix_diag_clear(&d);
        ix_status st = ix_agg_rules_parse(cases[i].text, strlen(cases[i].text), "r.json", &r, &d);
        if (st != cases[i].status || d.line != cases[i].line || !strstr(d.message, cases[i].needle))
            fail_msg("case %zu: status %d line %ld \"%s\"", i, (int)st, d.line, d.message);
        assert_string_equal(d.file, "r.json");
        assert_null(r);
    }
}

static void sql_text(void **state)
{
    (void)state;
    ix_agg_rules *r = parse_rules(
        "{\"municipality\": \"kom\", \"criteria\": [\n"
        " {\"id\": \"a\", \"where\": {\"alder\": [20, 59], \"besk\": 0}},\n"
        " {\"id\": \"b\", \"where\": {\"not\": {\"or\": [{\"udd\": null}, {\"bolig\": {\"in\": [3, 6]}}]}}},\n"
        " {\"id\": \"c\", \"where\": {\"alder\": [65, null], \"x\": [null, 2.5]}}]}");
    ix_buf b;
    ix_buf_init(&b);
    ix_sink s = ix_buf_sink(&b);
    ix_agg_write_sql(r, "persons", &s);
    assert_string_equal(
        b.data,
        "-- indeks aggregate --emit-sql (PostgreSQL): one row per municipality\n"
        "SELECT \"kom\" AS \"kommunekode\",\n"
        "       count(*) AS \"indbyggere\",\n"
        "       sum(CASE WHEN (\"alder\" BETWEEN 20 AND 59) AND (\"besk\" = 0) THEN 1 ELSE 0 END) AS \"a\",\n"
        "       sum(CASE WHEN NOT ((\"udd\" IS NULL) OR (\"bolig\" IN (3, 6))) THEN 1 ELSE 0 END) AS \"b\",\n"
        "       sum(CASE WHEN (\"alder\" >= 65) AND (\"x\" <= 2.5) THEN 1 ELSE 0 END) AS \"c\"\n"
        "FROM \"persons\"\nGROUP BY \"kom\"\nORDER BY \"kom\";\n");
    ix_buf_free(&b);
    ix_agg_rules_free(r);
}

/* ---- the fast path against the general one ---------------------------------
 * Rows with what the fast path hands to the full reader (quotes, also around
 * separators in unused columns; CRLF; blank lines; stray CRs), values off its
 * integer tables (" 33", "33.0", "-1", 12 digits, "1e1", decimals), codes as
 * "0101" and "101.0", and malformed rows of every kind, read with rules that
 * need its general criteria (OR across columns, NOT of them, constants) and a
 * column too wide to tabulate: the counts and every diagnostic must be those
 * of the general interpreter, for one chunk and for whole runs (mapped and
 * read, 1-3 threads, small chunks). */

static const char fast_header[] = "pid,kom,note,alder,besk,x,bolig,udd,extra1,extra2";
static const char *const fast_names[] = {"pid", "kom",   "note",  "alder",  "besk",
                                         "x",   "bolig", "udd",   "extra1", "extra2"};

static const char fast_rules[] =
    "{\"municipality\": \"kom\", \"criteria\": [\n"
    "  {\"id\": \"a\", \"where\": {\"alder\": [20, 59], \"besk\": 0}},\n"
    "  {\"id\": \"b\", \"where\": {\"bolig\": {\"in\": [3, 6]}, \"not\": {\"udd\": null}}},\n"
    "  {\"id\": \"c\", \"where\": {\"or\": [{\"alder\": [0, 10]}, {\"besk\": 1}]}},\n"
    "  {\"id\": \"d\", \"where\": {\"not\": {\"or\": [{\"besk\": 1}, {\"udd\": [3, null]}]}}},\n"
    "  {\"id\": \"e\", \"where\": {\"x\": [-1e9, 2.5]}},\n"
    "  {\"id\": \"f\", \"where\": {\"not\": {}}},\n"
    "  {\"id\": \"g\", \"where\": {}},\n"
    "  {\"id\": \"h\", \"where\": {\"or\": [{\"udd\": null}, {\"udd\": [null, 2]}],\n"
    "                            \"alder\": [65, null]}},\n"
    "  {\"id\": \"i\", \"where\": {\"or\": [{\"alder\": 33}, {}]}}\n"
    "]}\n";

/* Rows with irregularities; bad rows only when with_bad. */
static char *make_fast_rows(size_t n, int with_bad, uint64_t seed)
{
    size_t cap = n * 96 + 64, len = 0;
    char *s = malloc(cap);
    assert_non_null(s);
    ix_rng g;
    ix_rng_seed(&g, seed);
    static const char *const odd_age[] = {" 33", "33.0", "-1", "123456789012", "1e1", "40 ",
                                          "\"25\"", "7"};
    static const char *const bad_row[] = {
        "1,101,x,6o,0,1,2,3,a,b",      /* not a number */
        "1,999,x,30,0,1,2,3,a,b",      /* no such municipality */
        "1,101,x,30,0,1,2,3,a",        /* too few */
        "1,101,x,30,0,1,2,3,a,b,c",    /* too many */
        "1,101,x,30,0,1,2,3\r,a,b",    /* a CR in a field */
        "1,101,x,3\"0,0,1,2,3,a,b",    /* a quote inside a field */
        "1,101,\"x,30,0,1,2,3,a,b",    /* unterminated quote */
        "1,101,x,30,0,1,2",            /* too few, before the last used field */
        "1,101,x,30,0,1,2,3,a,b\r\n1,101,x,30,0,1,2,3,a" /* CRLF then too few */
    };
    for (size_t i = 0; i < n; i++) {
        double u = ix_rng_uniform(&g);
        char row[200];
        if (with_bad && u < 0.03) {
            snprintf(row, sizeof row, "%s", bad_row[(size_t)(ix_rng_uniform(&g) * 9)]);
        } else if (u < 0.04) {
            row[0] = '\0'; /* a blank line */
        } else {
            int code = ix_kommune_at((size_t)(ix_rng_uniform(&g) * 98))->code;
            char kom[24], age[24], besk[16], x[24], bolig[16], udd[16], note[24];
            double k = ix_rng_uniform(&g);
            snprintf(kom, sizeof kom, k < 0.05 ? "0%d" : k < 0.1 ? "%d.0" : "%d", code);
            if (ix_rng_uniform(&g) < 0.1)
                snprintf(age, sizeof age, "%s", odd_age[(size_t)(ix_rng_uniform(&g) * 8)]);
            else if (ix_rng_uniform(&g) < 0.05)
                age[0] = '\0';
            else
                snprintf(age, sizeof age, "%d", (int)(ix_rng_uniform(&g) * 100));
            int b = (int)(ix_rng_uniform(&g) * 3);
            if (b < 2)
                snprintf(besk, sizeof besk, "%d", b);
            else
                besk[0] = '\0';
            double xv = ix_rng_uniform(&g);
            if (xv < 0.6)
                snprintf(x, sizeof x, "%s", xv < 0.3 ? "2.5" : xv < 0.5 ? "2.4" : "");
            else
                snprintf(x, sizeof x, "%d", (int)(xv * 40) - 10);
            snprintf(bolig, sizeof bolig, "%d", 1 + (int)(ix_rng_uniform(&g) * 7));
            int ud = (int)(ix_rng_uniform(&g) * 7);
            if (ud)
                snprintf(udd, sizeof udd, "%d", ud);
            else
                udd[0] = '\0';
            double q = ix_rng_uniform(&g);
            snprintf(note, sizeof note, "%s",
                     q < 0.05 ? "\"a,b\"\"c\"" : q < 0.08 ? "\"\"" : q < 0.5 ? "" : "tekst");
            snprintf(row, sizeof row, "%zu,%s,%s,%s,%s,%s,%s,%s,%s,%s", i, kom, note, age, besk,
                     x, bolig, udd, ix_rng_uniform(&g) < 0.5 ? "" : "\"1,5\"", "SYNT");
        }
        int crlf = ix_rng_uniform(&g) < 0.2;
        len += (size_t)snprintf(s + len, cap - len, "%s%s", row, crlf ? "\r\n" : "\n");
        assert_true(len < cap);
    }
    return s;
}

static void same_chunk_result(const ix_agg_chunk_result *a, const ix_agg_chunk_result *b)
{
    EQ64(a->nlines, b->nlines);
    EQ64(a->nbad, b->nbad);
    EQ64(a->nkept, b->nkept);
    for (size_t k = 0; k < a->nkept; k++) {
        EQ64(a->bad[k].line, b->bad[k].line);
        EQ64(a->bad[k].column, b->bad[k].column);
        assert_string_equal(a->bad[k].field, b->bad[k].field);
        assert_string_equal(a->bad[k].message, b->bad[k].message);
    }
}

static void same_counts(const ix_agg_counts *a, const ix_agg_counts *b, size_t ncols)
{
    for (size_t k = 0; k < ix_kommune_count(); k++)
        for (size_t j = 0; j < ncols; j++) {
            int code = ix_kommune_at(k)->code;
            EQ64(ix_agg_counts_get(a, code, j), ix_agg_counts_get(b, code, j));
        }
}

static void fast_equals_general(void **state)
{
    (void)state;
    ix_agg_rules *r = parse_rules(fast_rules);
    ix_diag d;
    ix_agg_program *fast = NULL, *gen = NULL;
    assert_int_equal(ix_agg_compile(r, fast_names, 10, ',', '.', "x", &fast, &d), IX_OK);
    assert_int_equal(ix_agg_compile(r, fast_names, 10, ',', '.', "x", &gen, &d), IX_OK);
    assert_true(ix_agg_program_fast(fast));
    ix_agg_program_set_fast(gen, 0);
    assert_false(ix_agg_program_fast(gen));
    for (int with_bad = 0; with_bad < 2; with_bad++) {
        char *rows = make_fast_rows(4000, with_bad, 11 + (uint64_t)with_bad);
        ix_agg_counts *cf = ix_agg_counts_new(fast), *cg = ix_agg_counts_new(gen);
        ix_agg_chunk_result rf, rg;
        ix_agg_count_chunk(fast, rows, strlen(rows), cf, &rf);
        ix_agg_count_chunk(gen, rows, strlen(rows), cg, &rg);
        same_chunk_result(&rf, &rg);
        if (with_bad)
            assert_true(rf.nbad > 50);
        else
            EQ64(rf.nbad, 0);
        same_counts(cf, cg, 10);
        EQ64(ix_agg_counts_get(cf, 101, 6), 0); /* "not {}" is never true */
        /* whole runs: mapped and read, 1-3 threads, chunks of 300 bytes */
        char path[] = "/tmp/ix_test_aggregate_fast_XXXXXX";
        int fd = mkstemp(path);
        assert_true(fd >= 0);
        close(fd);
        write_text(path, fast_header, "\r\n", rows);
        for (int mapped = 0; mapped < 2; mapped++)
            for (int t = 1; t <= 3; t++) {
                if (mapped)
                    unsetenv("IX_AGG_NO_MMAP");
                else
                    setenv("IX_AGG_NO_MMAP", "1", 1);
                ix_agg_program *p = NULL;
                ix_agg_counts *c = NULL;
                ix_agg_run_report rep;
                ix_agg_run_opts o = {t, 100000, 300, NULL, NULL, 0};
                assert_int_equal(ix_agg_run(r, path, &o, &p, &c, &rep, &d), IX_OK);
                EQ64(rep.nbad, rf.nbad);
                EQ64(rep.lines, rf.nlines + 1);
                for (size_t k = 0; k < rep.nkept && k < rf.nkept; k++) {
                    EQ64(rep.bad[k].line, rf.bad[k].line + 1);
                    EQ64(rep.bad[k].column, rf.bad[k].column);
                    assert_string_equal(rep.bad[k].message, rf.bad[k].message);
                }
                same_counts(c, cf, 10);
                ix_agg_counts_free(c);
                ix_agg_program_free(p);
                if (with_bad) { /* the first error stops the run, whatever T */
                    ix_agg_run_opts o0 = {t, 0, 300, NULL, NULL, 0};
                    assert_int_equal(ix_agg_run(r, path, &o0, &p, &c, &rep, &d), IX_ERR_PARSE);
                    EQ64(d.line, rf.bad[0].line + 1);
                    EQ64(d.column, rf.bad[0].column);
                }
            }
        unsetenv("IX_AGG_NO_MMAP");
        /* a last line without a line end, mapped */
        size_t len = strlen(rows);
        while (len > 0 && (rows[len - 1] == '\n' || rows[len - 1] == '\r'))
            rows[--len] = '\0';
        write_text(path, fast_header, "\n", rows);
        ix_agg_program *p = NULL;
        ix_agg_counts *c = NULL;
        ix_agg_run_report rep;
        ix_agg_run_opts o = {2, 100000, 300, NULL, NULL, 0};
        assert_int_equal(ix_agg_run(r, path, &o, &p, &c, &rep, &d), IX_OK);
        EQ64(rep.nbad, rf.nbad);
        same_counts(c, cf, 10);
        ix_agg_counts_free(c);
        ix_agg_program_free(p);
        unlink(path);
        ix_agg_counts_free(cf);
        ix_agg_counts_free(cg);
        free(rows);
    }
    ix_agg_program_free(fast);
    ix_agg_program_free(gen);
    ix_agg_rules_free(r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(hand_counts),       cmocka_unit_test(builder_counts),
        cmocka_unit_test(malformed_rows),    cmocka_unit_test(skip_bad_accounting),
        cmocka_unit_test(threads_and_gzip),  cmocka_unit_test(rules_errors),
        cmocka_unit_test(sql_text),          cmocka_unit_test(fast_equals_general),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
