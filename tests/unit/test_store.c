/* The store: import, read back, write back as CSV, on SQLite and (with the
 * argument "pg" and IX_TEST_PG=postgresql://...) on PostgreSQL: the same
 * tests for both. Without IX_TEST_PG the PostgreSQL run exits 77 (skipped);
 * scripts/pg.sh starts a throwaway cluster and sets it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "indeks/csv.h"
#include "indeks/store.h"

#ifdef IX_HAVE_SQLITE
#include <sqlite3.h>
#endif

static const char *target; /* the database every test uses */
static char tmpdir[64];

/* Numbers chosen to need all 17 digits, tiny and huge magnitudes, negative,
 * an empty (missing) cell, a quoted name with the separator and a quote. */
static const char socio_csv[] =
    "kommunekode,kommune,indeks,rang,bidrag_a,bidrag_b\n"
    "773,Morsø,197.74091393391447,1,0.1,1.5e-07\n"
    "101,\"Kø,benhavn \"\"K\"\"\",123456789.12345679,2,-3.0000000000000004,\n"
    "147,Frederiksberg,0.30000000000000004,3,1e+20,NA\n";

static const char socio_da_csv[] =
    "kommunekode;kommune;indeks;rang;bidrag_a\n"
    "773;Morsø;197,74091393391447;1;0,1\n"
    "101;København;99,5;2;-2\n";

static const char composite_csv[] =
    "uCode,uName,Rank,SI,BOERN,Coverage,Imputed\n"
    "420,Assens,1,72.23352831105176,76.0165634881238,0.9393939393939394,2\n"
    "X1,Not a municipality,,,50,1,0\n";

static const char series_csv[] =
    "kommunekode,kommune,aar,socio_indeks,udskrivningsprocent\n"
    "101,København,2023,101.5,23.4\n"
    "101,København,2024,102.25,23.4\n"
    "147,Frederiksberg,2023,80,22.8\n"
    "147,Frederiksberg,2024,79.5,22.8\n";

static ix_table *parse(const char *csv)
{
    ix_table *t = NULL;
    ix_diag d;
    ix_status st = ix_csv_parse(csv, strlen(csv), "test.csv", &t, &d);
    if (st)
        fail_msg("parse: %s", d.message);
    return t;
}

static ix_store *open_store(void)
{
    ix_store *s = NULL;
    ix_diag d;
    ix_diag_clear(&d);
    ix_status st = ix_store_open(target, &s, &d);
    if (st)
        fail_msg("open %s: %s", target, d.message);
    return s;
}

static long import_csv(ix_store *s, const char *csv, ix_edition_kind kind, const char *name,
                       ix_status want, ix_diag *d)
{
    ix_table *t = parse(csv);
    ix_store_input in = {"result", "test.csv", csv, strlen(csv)};
    ix_edition_new e = {name, 2024, kind, "model.json", "{\"name\": \"m\"}", "test", &in, 1, t, NULL, NULL, 0};
    long id = 0;
    ix_diag_clear(d);
    ix_status st = ix_store_import(s, &e, &id, d);
    ix_table_free(t);
    if (st != want)
        fail_msg("import %s: status %d, expected %d: %s", name, st, want, d->message);
    return id;
}

static char *export_csv(ix_store *s, long id)
{
    ix_edition *e = NULL;
    ix_diag d;
    ix_status st = ix_store_edition(s, id, &e, &d);
    if (st)
        fail_msg("edition %ld: %s", id, d.message);
    ix_buf b;
    ix_buf_init(&b);
    ix_sink sink = ix_buf_sink(&b);
    ix_edition_write_csv(e, &sink);
    ix_edition_free(e);
    return b.data;
}

static size_t count_editions(ix_store *s, long *newest)
{
    ix_edition_list *l = NULL;
    ix_diag d;
    assert_int_equal(ix_store_editions(s, &l, &d), IX_OK);
    size_t n = l->n;
    *newest = n ? l->items[0].id : 0;
    ix_edition_list_free(l);
    return n;
}

static void roundtrip(const char *csv, ix_edition_kind kind)
{
    ix_store *s = open_store();
    ix_diag d;
    long id = import_csv(s, csv, kind, "round trip", IX_OK, &d);
    assert_true(id > 0);
    char *back = export_csv(s, id);
    assert_non_null(back);
    assert_string_equal(back, csv);
    free(back);
    ix_store_close(s);
}

static void test_roundtrip_socio(void **state)
{
    (void)state;
    roundtrip(socio_csv, IX_EDITION_SOCIO);
}

static void test_roundtrip_danish(void **state)
{
    (void)state;
    roundtrip(socio_da_csv, IX_EDITION_SOCIO);
}

static void test_roundtrip_composite(void **state)
{
    (void)state;
    roundtrip(composite_csv, IX_EDITION_COMPOSITE);
}

static void test_roundtrip_series(void **state)
{
    (void)state;
    roundtrip(series_csv, IX_EDITION_SERIES);
}

/* The values read back are the doubles written, bit for bit. */
static void test_values_exact(void **state)
{
    (void)state;
    ix_store *s = open_store();
    ix_diag d;
    long id = import_csv(s, socio_csv, IX_EDITION_SOCIO, "exact", IX_OK, &d);
    ix_edition *e = NULL;
    assert_int_equal(ix_store_edition(s, id, &e, &d), IX_OK);
    assert_int_equal(e->nrows, 3);
    assert_true(e->rows[0].value == 197.74091393391447);
    assert_true(e->rows[1].value == 123456789.12345679);
    assert_true(e->rows[2].value == 0.30000000000000004);
    assert_string_equal(e->rows[1].name, "Kø,benhavn \"K\"");
    assert_int_equal(e->rows[1].kommune, 101);
    assert_int_equal(e->rows[2].rank, 3);
    assert_true(e->rows[0].extras[1].num == 1.5e-07);
    assert_false(e->rows[1].extras[1].present);
    assert_true(e->rows[2].extras[1].is_text); /* "NA" kept as written */
    assert_int_equal(e->ninputs, 1);
    assert_int_equal(strlen(e->inputs[0].sha256), 64);
    assert_string_equal(e->model_text, "{\"name\": \"m\"}");
    assert_int_equal(ix_edition_find(e, 147, 0), 2);
    ix_edition_free(e);
    ix_store_close(s);
}

static void test_two_imports_two_editions(void **state)
{
    (void)state;
    ix_store *s = open_store();
    ix_diag d;
    long before_id = 0;
    size_t before = count_editions(s, &before_id);
    long a = import_csv(s, socio_csv, IX_EDITION_SOCIO, "same file", IX_OK, &d);
    long b = import_csv(s, socio_csv, IX_EDITION_SOCIO, "same file", IX_OK, &d);
    long newest = 0;
    assert_int_equal(count_editions(s, &newest), before + 2);
    assert_true(a > before_id);
    assert_true(b > a);
    assert_int_equal(newest, b);
    long latest = 0;
    assert_int_equal(ix_store_latest(s, IX_EDITION_SOCIO, &latest, &d), IX_OK);
    assert_int_equal(latest, b);
    ix_store_close(s);
}

/* A bad file fails before the transaction, a database that refuses the
 * writes fails inside it: either way nothing is stored. */
static void test_failed_import_changes_nothing(void **state)
{
    (void)state;
    ix_store *s = open_store();
    ix_diag d;
    long id0 = 0;
    size_t n0 = count_editions(s, &id0);
    import_csv(s, "kommunekode,kommune,indeks,rang\n101,København,12x,1\n", IX_EDITION_SOCIO, "bad",
               IX_ERR_INPUT, &d);
    assert_int_equal(d.line, 2);
    import_csv(s, "kommunekode,kommune,indeks,rang\n999,Nowhere,1,1\n", IX_EDITION_SOCIO, "bad code",
               IX_ERR_INPUT, &d);
    import_csv(s, "kommunekode,kommune,indeks,rang\n101,A,1,1\n101,A,2,2\n", IX_EDITION_SOCIO, "dup",
               IX_ERR_INPUT, &d);
    import_csv(s, "kommunekode,kommune,score\n101,A,1\n", IX_EDITION_SOCIO, "columns",
               IX_ERR_INPUT, &d);
    import_csv(s, "kommunekode,kommune,indeks,rang\n", IX_EDITION_SOCIO, "empty", IX_ERR_INPUT, &d);
    long id1 = 0;
    assert_int_equal(count_editions(s, &id1), n0);
    assert_int_equal(id1, id0);
    ix_store_close(s);

    s = open_store(); /* a connection that refuses writes: the insert fails mid-way */
    assert_int_equal(ix_store_set_read_only(s, &d), IX_OK);
    import_csv(s, socio_csv, IX_EDITION_SOCIO, "read-only", IX_ERR_IO, &d);
    ix_store_close(s);
    s = open_store();
    assert_int_equal(count_editions(s, &id1), n0);
    assert_int_equal(id1, id0);
    ix_store_close(s);
}

static void test_history(void **state)
{
    (void)state;
    ix_store *s = open_store();
    ix_diag d;
    long id = import_csv(s, series_csv, IX_EDITION_SERIES, "series", IX_OK, &d);
    ix_history *h = NULL;
    assert_int_equal(ix_store_history(s, 147, &h, &d), IX_OK);
    size_t found = 0;
    for (size_t i = 0; i < h->n; i++)
        if (h->points[i].edition == id) {
            const ix_history_point *p = &h->points[i];
            assert_int_equal(p->year, found ? 2024 : 2023);
            assert_true(p->value == (found ? 79.5 : 80));
            assert_int_equal(p->rank, 2); /* below København both years */
            assert_int_equal(p->of, 2);
            found++;
        }
    assert_int_equal(found, 2);
    ix_history_free(h);
    ix_store_close(s);
}

static void test_missing_edition(void **state)
{
    (void)state;
    ix_store *s = open_store();
    ix_edition *e = NULL;
    ix_diag d;
    assert_int_equal(ix_store_edition(s, 987654321, &e, &d), IX_ERR_NOTFOUND);
    assert_null(e);
    ix_store_close(s);
}

#ifdef IX_HAVE_SQLITE
/* SQLite only: the file is in WAL mode at schema version 1, editions refuse
 * UPDATE and DELETE, and a newer schema is refused on open. */
static void test_sqlite_schema(void **state)
{
    (void)state;
    ix_store_close(open_store());
    sqlite3 *db = NULL;
    assert_int_equal(sqlite3_open(target, &db), SQLITE_OK);
    sqlite3_stmt *st = NULL;
    assert_int_equal(sqlite3_prepare_v2(db, "SELECT version FROM schema_version", -1, &st, NULL), 0);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    assert_int_equal(sqlite3_column_int(st, 0), IX_STORE_SCHEMA_VERSION);
    sqlite3_finalize(st);
    assert_int_equal(sqlite3_prepare_v2(db, "PRAGMA journal_mode", -1, &st, NULL), 0);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    assert_string_equal((const char *)sqlite3_column_text(st, 0), "wal");
    sqlite3_finalize(st);
    assert_int_not_equal(sqlite3_exec(db, "UPDATE edition SET name = 'x'", NULL, NULL, NULL), 0);
    assert_int_not_equal(sqlite3_exec(db, "DELETE FROM result", NULL, NULL, NULL), 0);
    assert_int_equal(sqlite3_exec(db, "UPDATE schema_version SET version = 99", NULL, NULL, NULL), 0);
    sqlite3_close(db);
    ix_store *s = NULL;
    ix_diag d;
    assert_int_equal(ix_store_open(target, &s, &d), IX_ERR_USAGE);
    assert_non_null(strstr(d.message, "newer"));
    assert_null(s);
}
#endif

/* Issue 14: the notes of a file's `notes` column (distinct, split on " | ",
 * after the ones given), the edition's year as the year shown, a series'
 * other years kept, and the direction: given, from IMETA, or neutral. */
static long import_with(ix_store *s, const char *csv, ix_edition_kind kind, int year,
                        const ix_edition_attr_in *attrs, size_t nattrs, ix_status want, ix_diag *d)
{
    ix_table *t = parse(csv);
    ix_store_input in = {"result", "notes.csv", csv, strlen(csv)};
    ix_edition_new e = {"with notes", year, kind, NULL, NULL, NULL, &in, 1, t, NULL, attrs, nattrs};
    long id = 0;
    ix_diag_clear(d);
    ix_status st = ix_store_import(s, &e, &id, d);
    ix_table_free(t);
    if (st != want)
        fail_msg("import: status %d, expected %d: %s", st, want, d->message);
    return id;
}

static void test_notes_year_direction(void **state)
{
    (void)state;
    ix_store *s = open_store();
    ix_diag d;
    static const char csv[] = "kommunekode,aar,socio_indeks,notes\n"
                              "101,2023,101.5,a | b\n"
                              "101,2024,102.25, b |c\n" /* "c": split on " | " only */
                              "147,2024,79.5,a\n";
    ix_edition_attr_in given[] = {{"notes", "first\na"}};
    long id = import_with(s, csv, IX_EDITION_SERIES, 2023, given, 1, IX_OK, &d);
    ix_edition *e = NULL;
    assert_int_equal(ix_store_edition(s, id, &e, &d), IX_OK);
    /* given first, then the column's in file order, each once */
    assert_string_equal(ix_edition_attr_get(e, "notes"), "first\na\nb\nb |c");
    assert_string_equal(ix_edition_attr_get(e, "direction"), "neutral");
    assert_int_equal(ix_edition_display_year(e), 2023); /* not the latest, 2024 */
    assert_int_equal(e->nrows, 3);                      /* 2024 kept as history */
    assert_int_equal(ix_edition_find(e, 101, 0), 0);
    assert_int_equal(ix_edition_find(e, 147, 0), -1); /* no 2023 row */
    ix_edition_free(e);
    /* A year the series lacks is refused. */
    import_with(s, csv, IX_EDITION_SERIES, 2022, NULL, 0, IX_ERR_INPUT, &d);
    assert_non_null(strstr(d.message, "no values for the edition's year 2022"));
    /* Composite: the index's Direction in IMETA (-1) makes it lower-better;
     * an explicit direction wins. */
    static const char comp[] = "uCode,uName,Rank,SI\n101,København,1,60\n147,Frederiksberg,2,50\n";
    ix_edition_attr_in meta[] = {{"imeta", "iCode,Direction\nX,1\nSI,-1\n"}};
    id = import_with(s, comp, IX_EDITION_COMPOSITE, 2024, meta, 1, IX_OK, &d);
    assert_int_equal(ix_store_edition(s, id, &e, &d), IX_OK);
    assert_string_equal(ix_edition_attr_get(e, "direction"), "lower_better");
    assert_non_null(ix_edition_attr_get(e, "imeta"));
    assert_null(ix_edition_attr_get(e, "notes"));
    ix_edition_free(e);
    ix_edition_attr_in both[] = {{"imeta", "iCode,Direction\nSI,-1\n"}, {"direction", "neutral"}};
    id = import_with(s, comp, IX_EDITION_COMPOSITE, 2024, both, 2, IX_OK, &d);
    assert_int_equal(ix_store_edition(s, id, &e, &d), IX_OK);
    assert_string_equal(ix_edition_attr_get(e, "direction"), "neutral");
    ix_edition_free(e);
    ix_store_close(s);
}

int main(int argc, char **argv)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_roundtrip_socio),
        cmocka_unit_test(test_roundtrip_danish),
        cmocka_unit_test(test_roundtrip_composite),
        cmocka_unit_test(test_roundtrip_series),
        cmocka_unit_test(test_values_exact),
        cmocka_unit_test(test_two_imports_two_editions),
        cmocka_unit_test(test_failed_import_changes_nothing),
        cmocka_unit_test(test_history),
        cmocka_unit_test(test_missing_edition),
        cmocka_unit_test(test_notes_year_direction),
    };
    if (argc > 1 && strcmp(argv[1], "pg") == 0) {
        target = getenv("IX_TEST_PG");
        if (!target || !target[0]) {
            printf("skipped: IX_TEST_PG is not set (scripts/pg.sh sets it)\n");
            return 77;
        }
        if (!ix_store_have_backend("postgresql")) {
            printf("skipped: this build has no PostgreSQL backend\n");
            return 77;
        }
        return cmocka_run_group_tests_name("store on PostgreSQL", tests, NULL, NULL);
    }
    if (!ix_store_have_backend("sqlite")) {
        printf("skipped: this build has no SQLite backend\n");
        return 77;
    }
    snprintf(tmpdir, sizeof tmpdir, "/tmp/ix-store-XXXXXX");
    if (!mkdtemp(tmpdir))
        return 1;
    static char path[96];
    snprintf(path, sizeof path, "%s/test.db", tmpdir);
    target = path;
    int rc = cmocka_run_group_tests_name("store on SQLite", tests, NULL, NULL);
#ifdef IX_HAVE_SQLITE
    const struct CMUnitTest schema[] = {cmocka_unit_test(test_sqlite_schema)};
    rc |= cmocka_run_group_tests_name("SQLite schema", schema, NULL, NULL);
#endif
    char cmd[160];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    if (system(cmd) != 0)
        rc |= 1;
    return rc;
}
