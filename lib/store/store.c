/* The store, backend-neutral part: opening and migrating, and importing an
 * edition (see include/indeks/store.h).
 *
 * An import happens in two phases. First the result table is read into
 * plain rows in memory, checking everything a file can get wrong (missing
 * columns, codes that are not municipalities, duplicate codes, numbers that
 * do not parse): a bad file fails here, before the database is touched.
 * Then the rows are written inside one transaction, rolled back on any
 * error, so the database holds the whole edition or nothing of it.
 *
 * Cells are kept so that the edition can be written back byte for byte: a
 * number is stored as a double when ix_format_exact writes it back as the
 * same text, anything else (and "NA") as text. */
#include "indeks/store.h"

#include <math.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#ifdef IX_HAVE_OPENSSL
#include <openssl/evp.h>
#endif

#include "indeks/csv.h"
#include "indeks/kommuner.h"
#include "indeks/number.h"
#include "indeks/series.h"
#include "store_backend.h"
#include "store_internal.h"

static const char *const kind_names[] = {NULL, "socio", "composite", "series"};

const char *ix_edition_kind_name(ix_edition_kind kind)
{
    return kind >= IX_EDITION_SOCIO && kind <= IX_EDITION_SERIES ? kind_names[kind] : NULL;
}

ix_edition_kind ix_edition_kind_parse(const char *name)
{
    for (int k = IX_EDITION_SOCIO; name && k <= IX_EDITION_SERIES; k++)
        if (strcmp(name, kind_names[k]) == 0)
            return (ix_edition_kind)k;
    return (ix_edition_kind)0;
}

void ix_sha256_hex(const char *bytes, size_t len, char hex[65])
{
    unsigned char md[32];
    static const char digits[] = "0123456789abcdef";
    memset(md, 0, sizeof md);
#ifdef IX_HAVE_OPENSSL
    unsigned int n = 0;
    if (!EVP_Digest(bytes ? bytes : "", len, md, &n, EVP_sha256(), NULL) || n != 32)
        memset(md, 0, sizeof md);
#else
    (void)bytes;
    (void)len;
#endif
    for (size_t i = 0; i < 32; i++) {
        hex[2 * i] = digits[md[i] >> 4];
        hex[2 * i + 1] = digits[md[i] & 15];
    }
    hex[64] = '\0';
}

int ix_store_have_backend(const char *name)
{
#ifdef IX_HAVE_SQLITE
    if (strcmp(name, "sqlite") == 0)
        return 1;
#endif
#ifdef IX_HAVE_PG
    if (strcmp(name, "postgresql") == 0)
        return 1;
#endif
    (void)name;
    return 0;
}

/* ---- open and migrate --------------------------------------------------- */

static int get_int(void *ctx, const ix__val *v, size_t n)
{
    long long *out = ctx;
    if (n >= 1 && v[0].t == IX__V_INT)
        *out = v[0].i;
    return 0;
}

/* The schema version (0: no schema_version table) into s->version; refuses
 * a database that some other application made. */
static ix_status read_version(ix_store *s, const char *target, ix_diag *d)
{
    const ix__store_ops *o = s->ops;
    long long version = -1;
    s->version = 0;
    if (o->query(s->conn, "SELECT max(version) FROM schema_version", NULL, 0, get_int, &version,
                 NULL) != IX_OK) {
        long long ntables = 0;
        ix_status st = o->query(s->conn, o->tables_sql, NULL, 0, get_int, &ntables, d);
        if (st)
            return st;
        if (ntables > 0)
            return ix_diag_set(d, IX_ERR_USAGE, target, 0, 0, "--db",
                               "this is not an indeks database (it has tables but no "
                               "schema_version): another application's database is left alone");
        return IX_OK; /* empty: a new database */
    }
    if (version > (long long)o->nmigrations)
        return ix_diag_set(d, IX_ERR_USAGE, target, 0, 0, "--db",
                           "the database has schema_version %lld, newer than this indeks "
                           "understands (1 to %d): upgrade indeks",
                           version, IX_STORE_SCHEMA_VERSION);
    if (version < 1)
        return ix_diag_set(d, IX_ERR_USAGE, target, 0, 0, "--db",
                           "the database has schema_version %lld, which no indeks ever wrote "
                           "(this one knows 1 to %d): not an indeks database",
                           version, IX_STORE_SCHEMA_VERSION);
    /* Every version has these columns: a table of the same name made by
     * something else fails here. */
    if (o->query(s->conn,
                 "SELECT id, name, year, kind, created, model_name, note, value_column, nrows "
                 "FROM edition WHERE id < 0",
                 NULL, 0, NULL, NULL, NULL) != IX_OK)
        return ix_diag_set(d, IX_ERR_USAGE, target, 0, 0, "--db",
                           "this is not an indeks database (it has a schema_version table but "
                           "no editions table of indeks)");
    s->version = version;
    return IX_OK;
}

/* Version 2 adds one checksum per edition: editions stored before it get
 * theirs now, from what is stored (the best that can be known of them). */
static ix_status add_missing_checks(ix_store *s, ix_diag *d)
{
    ix_edition_list *l = NULL;
    ix_status st = ix_store_editions(s, &l, d);
    for (size_t i = 0; !st && i < l->n; i++) {
        char hex[65];
        ix__val key = IX__INT(l->items[i].id);
        long long have = 0;
        st = s->ops->query(s->conn, "SELECT count(*) FROM edition_check WHERE edition_id = $1",
                           &key, 1, get_int, &have, d);
        if (st || have)
            continue;
        st = ix__edition_digest(s, l->items[i].id, hex, d);
        ix__val v[] = {key, IX__TEXT(hex)};
        if (!st)
            st = s->ops->query(s->conn,
                               "INSERT INTO edition_check (edition_id, sha256) VALUES ($1, $2)", v,
                               2, NULL, NULL, d);
    }
    ix_edition_list_free(l);
    return st;
}

static ix_status migrate(ix_store *s, const char *target, ix_diag *d)
{
    const ix__store_ops *o = s->ops;
    ix_status st = read_version(s, target, d);
    if (!st && o->setup_sql)
        st = o->script(s->conn, o->setup_sql, d);
    if (!st)
        st = o->script(s->conn, "CREATE TABLE IF NOT EXISTS schema_version "
                                "(version INTEGER NOT NULL)", d);
    if (!st)
        st = o->script(s->conn, o->begin_sql, d);
    if (st)
        return st;
    if (o->lock_sql)
        st = o->script(s->conn, o->lock_sql, d);
    long long version = 0;
    if (!st)
        st = o->query(s->conn, "SELECT max(version) FROM schema_version", NULL, 0, get_int,
                      &version, d);
    if (!st && version > (long long)o->nmigrations)
        st = ix_diag_set(d, IX_ERR_USAGE, NULL, 0, 0, NULL,
                         "the database has schema version %lld, newer than this indeks "
                         "understands (%d): upgrade indeks",
                         version, IX_STORE_SCHEMA_VERSION);
    for (size_t i = (size_t)(version < 0 ? 0 : version); !st && i < o->nmigrations; i++)
        st = o->script(s->conn, o->migrations[i], d);
    if (!st && version < (long long)o->nmigrations) {
        st = o->script(s->conn, "DELETE FROM schema_version", d);
        ix__val v = IX__INT(o->nmigrations);
        if (!st)
            st = o->query(s->conn, "INSERT INTO schema_version (version) VALUES ($1)", &v, 1, NULL,
                          NULL, d);
        s->version = (long long)o->nmigrations;
        if (!st && version >= 1 && version < 2)
            st = add_missing_checks(s, d);
    }
    if (!st)
        return o->script(s->conn, "COMMIT", d);
    o->script(s->conn, "ROLLBACK", NULL); /* keeps d: its own error is not reported */
    return st;
}

static ix_status open_store(const char *target, int create, ix_store **out, ix_diag *d)
{
    *out = NULL;
    if (!target || !target[0])
        return ix_diag_set(d, IX_ERR_USAGE, NULL, 0, 0, "database", "no database given");
#ifndef IX_HAVE_OPENSSL
    (void)create;
    return ix_diag_set(d, IX_ERR_USAGE, NULL, 0, 0, NULL,
                       "this build has no SHA-256 for the inputs' checksums (install libssl-dev "
                       "and rebuild)");
#endif
    int pg = strncmp(target, "postgresql://", 13) == 0 || strncmp(target, "postgres://", 11) == 0;
    if (!create && !pg) {
        struct stat sb;
        if (strcmp(target, ":memory:") == 0 || stat(target, &sb) != 0)
            return ix_diag_set(d, IX_ERR_USAGE, target, 0, 0, "--db",
                               "no database here: check the name (only indeks import creates "
                               "a database)");
        if (!S_ISREG(sb.st_mode))
            return ix_diag_set(d, IX_ERR_USAGE, target, 0, 0, "--db",
                               "not a database file (a directory or a device)");
    }
    ix_store *s = calloc(1, sizeof *s);
    if (!s)
        return ix_diag_set(d, IX_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    ix_status st = pg ? ix__pg_open(target, &s->ops, &s->conn, d)
                      : ix__sqlite_open(target, create, &s->ops, &s->conn, d);
    if (!st && create)
        st = migrate(s, pg ? NULL : target, d);
    else if (!st) {
        st = read_version(s, pg ? NULL : target, d);
        if (!st && s->version == 0)
            st = ix_diag_set(d, IX_ERR_USAGE, pg ? NULL : target, 0, 0, "--db",
                             "an empty database, not one made by indeks import");
    }
    if (st) {
        ix_store_close(s);
        return st;
    }
    *out = s;
    return IX_OK;
}

ix_status ix_store_open(const char *target, ix_store **out, ix_diag *d)
{
    return open_store(target, 1, out, d);
}

ix_status ix_store_open_existing(const char *target, ix_store **out, ix_diag *d)
{
    return open_store(target, 0, out, d);
}

void ix_store_close(ix_store *s)
{
    if (!s)
        return;
    if (s->ops)
        s->ops->close(s->conn);
    free(s);
}

ix_status ix_store_set_read_only(ix_store *s, ix_diag *d)
{
    return s->ops->script(s->conn, s->ops->read_only_sql, d);
}

const char *ix_store_backend(const ix_store *s)
{
    return s->ops->name;
}

/* ---- reading the result file into rows -------------------------------------- */

typedef struct {
    char *code, *name;
    int kommune, year;
    double value;
    long rank;
} plain_row;

typedef struct {
    size_t nrows, ncols, nextra;
    plain_row *rows;
    ix_col_role *roles; /* per column */
    long *extra;        /* per column: extra index or -1 */
    const char *value_column;
} plain;

static void plain_free(plain *p)
{
    for (size_t i = 0; p->rows && i < p->nrows; i++) {
        free(p->rows[i].code);
        free(p->rows[i].name);
    }
    free(p->rows);
    free(p->roles);
    free(p->extra);
}

static const char *role_name(ix_col_role r)
{
    static const char *const names[] = {"", "code", "name", "value", "rank", "year", "extra"};
    return r >= IX_COL_CODE && r <= IX_COL_EXTRA ? names[r] : "extra";
}

static long find_first(const ix_table *t, const char *const *names)
{
    for (; *names; names++) {
        long c = ix_table_find(t, *names);
        if (c >= 0)
            return c;
    }
    return -1;
}

static ix_status need(const ix_table *t, long col, const char *what, const char *kind, ix_diag *d)
{
    if (col >= 0)
        return IX_OK;
    return ix_diag_set(d, IX_ERR_INPUT, ix_table_source(t), 1, 0, NULL,
                       "no column %s in the header: is this the CSV of %s?", what, kind);
}

/* The municipality code and name columns as every reader finds them
 * (kommunekode/uCode/Kommunekode ..., any case: ix_table_unit_columns); -1
 * when absent, so need() names what was expected. */
static void unit_columns(const ix_table *t, long *code, long *name)
{
    size_t c = SIZE_MAX, n = SIZE_MAX;
    ix_diag quiet;
    ix_diag_clear(&quiet);
    ix_table_unit_columns(t, NULL, &c, &n, &quiet);
    *code = c == SIZE_MAX ? -1 : (long)c;
    *name = n == SIZE_MAX ? -1 : (long)n;
}

/* Which column is what, by kind. */
static ix_status assign_roles(const ix_edition_new *e, plain *p, ix_diag *d)
{
    const ix_table *t = e->results;
    long code = -1, name = -1, value = -1, rank = -1, year = -1;
    ix_status st = IX_OK;
    if (e->kind == IX_EDITION_SOCIO) {
        unit_columns(t, &code, &name);
        value = ix_table_find(t, "indeks");
        rank = ix_table_find(t, "rang");
        const char *k = "indeks socio --format csv";
        st = need(t, code, "\"kommunekode\"", k, d);
        if (!st) st = need(t, name, "\"kommune\"", k, d);
        if (!st) st = need(t, value, "\"indeks\"", k, d);
        if (!st) st = need(t, rank, "\"rang\"", k, d);
    } else if (e->kind == IX_EDITION_COMPOSITE) {
        unit_columns(t, &code, &name);
        rank = ix_table_find(t, "Rank");
        value = rank >= 0 && (size_t)rank + 1 < ix_table_ncols(t) ? rank + 1 : -1;
        const char *k = "indeks composite --format csv";
        st = need(t, code, "\"uCode\"", k, d);
        if (!st) st = need(t, name, "\"uName\"", k, d);
        if (!st) st = need(t, rank, "\"Rank\"", k, d);
        if (!st) st = need(t, value, "of the index after \"Rank\"", k, d);
    } else {
        static const char *const years[] = {"aar", "år", "year", "Time", NULL};
        static const char *const values[] = {"socio_indeks", "indeks", "index", NULL};
        unit_columns(t, &code, &name);
        year = find_first(t, years);
        value = e->series_column ? ix_table_find(t, e->series_column) : find_first(t, values);
        const char *k = "a long-form series (kommunekode, aar, value)";
        st = need(t, code, "\"kommunekode\"", k, d);
        if (!st) st = need(t, year, "\"aar\"", k, d);
        if (!st) st = need(t, value, e->series_column ? e->series_column : "\"socio_indeks\"", k, d);
    }
    if (st)
        return st;
    p->ncols = ix_table_ncols(t);
    p->roles = calloc(p->ncols, sizeof *p->roles);
    p->extra = calloc(p->ncols, sizeof *p->extra);
    if (!p->roles || !p->extra)
        return ix_diag_set(d, IX_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    for (size_t c = 0; c < p->ncols; c++) {
        long lc = (long)c;
        p->roles[c] = lc == code ? IX_COL_CODE : lc == name ? IX_COL_NAME
                    : lc == value ? IX_COL_VALUE : lc == rank ? IX_COL_RANK
                    : lc == year ? IX_COL_YEAR : IX_COL_EXTRA;
        p->extra[c] = p->roles[c] == IX_COL_EXTRA ? (long)p->nextra++ : -1;
    }
    p->value_column = ix_table_header(t, (size_t)value);
    return IX_OK;
}

static ix_status read_rank(const ix_table *t, size_t r, size_t c, long *rank, ix_diag *d)
{
    const char *text = ix_table_cell(t, r, c), *why = NULL;
    double v = 0;
    *rank = 0;
    if (!text[0])
        return IX_OK;
    if (ix_parse_number(text, '.', &v, &why) != 0 || v != floor(v) || v < 1 || v > 1e9)
        return ix_diag_set(d, IX_ERR_INPUT, ix_table_source(t), ix_table_line(t, r), (long)c + 1,
                           ix_table_header(t, c), "expected a rank 1, 2, ..., got \"%s\"", text);
    *rank = (long)v;
    return IX_OK;
}

/* Series: ranks within each year, as the national list ranks them. */
static ix_status series_ranks(const ix_edition_new *e, plain *p, ix_diag *d)
{
    ix_series *ser = NULL;
    ix_status st = ix_series_from_table(e->results, p->value_column, &ser, d);
    for (size_t i = 0; !st && i < ser->nobs; i++) {
        int year = ser->obs[i].year, seen = 0;
        for (size_t j = 0; j < i && !seen; j++)
            seen = ser->obs[j].year == year;
        if (seen)
            continue;
        size_t *idx = NULL, n = 0;
        long *rank = NULL;
        if (ix_series_year(ser, year, &idx, &rank, &n, d) == IX_OK)
            for (size_t k = 0; k < n; k++)
                p->rows[idx[k]].rank = rank[k]; /* obs are in table row order */
        free(idx);
        free(rank);
    }
    ix_series_free(ser);
    return st;
}

/* Any C0 control character or DEL. */
static int has_control(const char *text)
{
    for (const unsigned char *p = (const unsigned char *)text; p && *p; p++)
        if (*p < 0x20 || *p == 0x7f)
            return 1;
    return 0;
}

static ix_status read_rows(const ix_edition_new *e, plain *p, ix_diag *d)
{
    const ix_table *t = e->results;
    const char *src = ix_table_source(t);
    p->nrows = ix_table_nrows(t);
    if (p->nrows == 0)
        return ix_diag_set(d, IX_ERR_INPUT, src, 0, 0, NULL, "the file has no rows");
    p->rows = calloc(p->nrows, sizeof *p->rows);
    if (!p->rows)
        return ix_diag_set(d, IX_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    ix_status st = IX_OK;
    for (size_t r = 0; r < p->nrows && !st; r++) {
        plain_row *row = &p->rows[r];
        row->year = e->year;
        row->value = NAN;
        for (size_t c = 0; c < p->ncols && !st; c++) {
            const char *cell = ix_table_cell(t, r, c);
            long line = ix_table_line(t, r);
            switch (p->roles[c]) {
            case IX_COL_CODE: {
                int code = 0;
                const char *why = NULL;
                if (ix_kommune_parse_code(cell, &code, &why) == 0 && ix_kommune_find(code))
                    row->kommune = code;
                else if (e->kind != IX_EDITION_COMPOSITE || !cell[0])
                    st = ix_diag_set(d, IX_ERR_INPUT, src, line, (long)c + 1, ix_table_header(t, c),
                                     "%s, got \"%s\"",
                                     why ? why : "not one of the 98 municipality codes", cell);
                if (!st && !(row->code = strdup(cell)))
                    st = ix_diag_set(d, IX_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
                break;
            }
            case IX_COL_NAME:
                if (has_control(cell))
                    st = ix_diag_set(d, IX_ERR_INPUT, ix_table_source(t), ix_table_line(t, r), 0,
                                     ix_table_header(t, c),
                                     "a name holds a control character (a tab, an escape, ...): "
                                     "it would reach terminals, pages and spreadsheets");
                else if (!(row->name = strdup(cell)))
                    st = ix_diag_set(d, IX_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
                break;
            case IX_COL_VALUE:
                if (!ix_table_cell_missing(t, r, c))
                    st = ix_table_number(t, r, c, &row->value, d);
                break;
            case IX_COL_RANK: st = read_rank(t, r, c, &row->rank, d); break;
            case IX_COL_YEAR: {
                double y = 0;
                st = ix_table_number(t, r, c, &y, d);
                if (!st && (y != floor(y) || y < 1800 || y > 2200))
                    st = ix_diag_set(d, IX_ERR_INPUT, src, line, (long)c + 1, ix_table_header(t, c),
                                     "expected a year like 2024, got \"%s\"", cell);
                row->year = (int)y;
                break;
            }
            default: break;
            }
        }
        if (!st && !row->name) { /* a series without names: the reference table's */
            const ix_kommune *k = ix_kommune_find(row->kommune);
            if (!(row->name = strdup(k ? k->name : "")))
                st = ix_diag_set(d, IX_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
        }
        for (size_t q = 0; !st && e->kind != IX_EDITION_SERIES && q < r; q++)
            if (strcmp(p->rows[q].code, row->code) == 0 && p->rows[q].year == row->year)
                st = ix_diag_set(d, IX_ERR_INPUT, src, ix_table_line(t, r), 0, NULL,
                                 "code %s appears twice (first on line %ld)", row->code,
                                 ix_table_line(t, q));
    }
    if (!st && e->kind == IX_EDITION_SERIES)
        st = series_ranks(e, p, d);
    if (!st && e->kind == IX_EDITION_SERIES) {
        /* The edition's year decides what the site shows: the series must
         * hold it (its other years are the history). */
        int has = 0, lo = 0, hi = 0;
        for (size_t r = 0; r < p->nrows; r++) {
            if (!isfinite(p->rows[r].value))
                continue;
            has |= p->rows[r].year == e->year;
            lo = !lo || p->rows[r].year < lo ? p->rows[r].year : lo;
            hi = p->rows[r].year > hi ? p->rows[r].year : hi;
        }
        if (!has)
            st = ix_diag_set(d, IX_ERR_INPUT, src, 0, 0, "edition_year",
                             "the series has no values for the edition's year %d (it has values "
                             "for %d to %d): give one of those years",
                             e->year, lo, hi);
    }
    return st;
}

/* ---- what a higher value means ---------------------------------------------------- */

/* The direction given, else a composite index's from IMETA's Direction of
 * the index (the row whose iCode is the value column; higher is better when
 * there is none), else neutral (the socio-economic index: a heavier burden,
 * neither good nor bad). Sets *out to a static string. */
static ix_status edition_direction(const ix_edition_new *e, const char *value_column,
                                   const char **out, ix_diag *d)
{
    const char *imeta = NULL;
    *out = NULL;
    for (size_t i = 0; i < e->nattrs; i++) {
        if (!e->attrs[i].name || !e->attrs[i].value)
            continue;
        if (strcmp(e->attrs[i].name, "direction") == 0)
            *out = e->attrs[i].value;
        else if (strcmp(e->attrs[i].name, "imeta") == 0)
            imeta = e->attrs[i].value;
    }
    if (*out) {
        if (strcmp(*out, "higher_better") != 0 && strcmp(*out, "lower_better") != 0 &&
            strcmp(*out, "neutral") != 0)
            return ix_diag_set(d, IX_ERR_USAGE, NULL, 0, 0, "direction",
                               "expected higher_better, lower_better or neutral, got \"%s\"", *out);
        return IX_OK;
    }
    if (e->kind != IX_EDITION_COMPOSITE) {
        *out = "neutral";
        return IX_OK;
    }
    *out = "higher_better";
    if (!imeta)
        return IX_OK;
    ix_table *t = NULL;
    ix_status st = ix_csv_parse(imeta, strlen(imeta), "IMETA", &t, d);
    if (st)
        return st;
    long code = ix_table_find(t, "iCode"), dir = ix_table_find(t, "Direction");
    if (code < 0 || dir < 0)
        st = ix_diag_set(d, IX_ERR_INPUT, "IMETA", 1, 0, NULL,
                         "no column \"iCode\" or \"Direction\" in the header: is this an IMETA "
                         "file?");
    for (size_t r = 0; !st && r < ix_table_nrows(t); r++)
        if (strcmp(ix_table_cell(t, r, (size_t)code), value_column) == 0 &&
            strcmp(ix_table_cell(t, r, (size_t)dir), "-1") == 0)
            *out = "lower_better";
    ix_table_free(t);
    return st;
}

/* ---- the notes that travel with the numbers ------------------------------------ */

/* Appends note (len bytes, trimmed) to *b as a line unless it is there. */
static void add_note(ix_buf *b, const char *note, size_t len)
{
    while (len && (*note == ' ' || *note == '\t')) {
        note++;
        len--;
    }
    while (len && (note[len - 1] == ' ' || note[len - 1] == '\t' || note[len - 1] == '\r'))
        len--;
    if (!len)
        return;
    for (size_t i = 0; b->data && i < b->len;) {
        const char *nl = memchr(b->data + i, '\n', b->len - i);
        size_t n = nl ? (size_t)(nl - (b->data + i)) : b->len - i;
        if (n == len && memcmp(b->data + i, note, len) == 0)
            return;
        i += n + 1;
    }
    ix_sink k = ix_buf_sink(b);
    if (b->len)
        ix_sink_put(&k, "\n", 1);
    ix_sink_put(&k, note, len);
}

/* The notes of an edition, one per line: those given as the "notes" text,
 * then the distinct values of the result file's `notes` column, each split
 * on " | " (contract 1 of issue 14). */
static ix_status gather_notes(const ix_edition_new *e, ix_buf *b, ix_diag *d)
{
    for (size_t i = 0; i < e->nattrs; i++)
        if (e->attrs[i].name && strcmp(e->attrs[i].name, "notes") == 0 && e->attrs[i].value)
            for (const char *p = e->attrs[i].value; *p;) {
                const char *nl = strchr(p, '\n');
                size_t n = nl ? (size_t)(nl - p) : strlen(p);
                add_note(b, p, n);
                p += n + (nl ? 1 : 0);
            }
    const ix_table *t = e->results;
    long col = ix_table_find(t, "notes");
    for (size_t r = 0; col >= 0 && r < ix_table_nrows(t); r++) {
        const char *cell = ix_table_cell(t, r, (size_t)col);
        while (cell && *cell) {
            const char *bar = strstr(cell, " | ");
            size_t n = bar ? (size_t)(bar - cell) : strlen(cell);
            add_note(b, cell, n);
            cell += n + (bar ? 3 : 0);
        }
    }
    if (b->len && !ix_utf8_valid(b->data, b->len))
        return ix_diag_set(d, IX_ERR_INPUT, ix_table_source(t), 0, 0, "notes",
                           "the notes are not UTF-8 text; save the file as UTF-8");
    for (size_t i = 0; i < b->len; i++) {
        unsigned char ch = (unsigned char)b->data[i];
        if ((ch < 0x20 && ch != '\n') || ch == 0x7f)
            return ix_diag_set(d, IX_ERR_INPUT, ix_table_source(t), 0, 0, "notes",
                               "a note holds a control character (a tab, an escape, ...)");
    }
    return IX_OK;
}

/* ---- writing it in one transaction ------------------------------------------ */

static void now_utc(char out[32])
{
    time_t t = time(NULL);
    struct tm tm;
    if (!gmtime_r(&t, &tm) || !strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm))
        snprintf(out, 32, "1970-01-01T00:00:00Z");
}

static ix__val num_or_null(double v)
{
    return isfinite(v) ? IX__REAL(v) : IX__NULLV;
}

static ix_status write_edition(ix_store *s, const ix_edition_new *e, const plain *p,
                               const char *notes, long *id, ix_diag *d)
{
    const ix__store_ops *o = s->ops;
    const ix_table *t = e->results;
    char created[32], sep[2] = {ix_table_separator(t), 0}, dec[2] = {ix_table_decimal(t), 0};
    now_utc(created);
    long long eid = -1;
    ix__val ev[] = {IX__TEXT(e->name), IX__INT(e->year), IX__TEXT(ix_edition_kind_name(e->kind)),
                    IX__TEXT(created), IX__TEXT(e->model_name), IX__TEXT(e->model_text),
                    IX__TEXT(e->note), IX__TEXT(p->value_column), IX__TEXT(sep), IX__TEXT(dec),
                    IX__INT(p->nrows)};
    ix_status st = o->query(s->conn,
                            "INSERT INTO edition (name, year, kind, created, model_name, model_text, "
                            "note, value_column, separator, decimal_mark, nrows) VALUES "
                            "($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id",
                            ev, sizeof ev / sizeof ev[0], get_int, &eid, d);
    if (!st && eid < 0)
        st = ix_diag_set(d, IX_ERR_IO, NULL, 0, 0, NULL, "the database gave no edition id");
    for (size_t i = 0; !st && i < e->ninputs; i++) {
        char hex[65];
        const ix_store_input *in = &e->inputs[i];
        ix_sha256_hex(in->bytes, in->len, hex);
        ix__val v[] = {IX__INT(eid), IX__INT(i), IX__TEXT(in->role ? in->role : "input"),
                       IX__TEXT(in->name ? in->name : ""), IX__TEXT(hex), IX__INT(in->len)};
        st = o->query(s->conn, "INSERT INTO edition_input (edition_id, ord, role, name, sha256, "
                               "bytes) VALUES ($1, $2, $3, $4, $5, $6)",
                      v, 6, NULL, NULL, d);
    }
    for (size_t c = 0; !st && c < p->ncols; c++) {
        ix__val v[] = {IX__INT(eid), IX__INT(c), IX__TEXT(ix_table_header(t, c)),
                       IX__TEXT(role_name(p->roles[c])),
                       p->extra[c] >= 0 ? IX__INT(p->extra[c]) : IX__NULLV};
        st = o->query(s->conn, "INSERT INTO edition_column (edition_id, ord, name, role, extra) "
                               "VALUES ($1, $2, $3, $4, $5)",
                      v, 5, NULL, NULL, d);
    }
    for (size_t r = 0; !st && r < p->nrows; r++) {
        const plain_row *row = &p->rows[r];
        ix__val v[] = {IX__INT(eid), IX__INT(r), IX__TEXT(row->code),
                       row->kommune ? IX__INT(row->kommune) : IX__NULLV, IX__TEXT(row->name),
                       IX__INT(row->year), num_or_null(row->value),
                       row->rank ? IX__INT(row->rank) : IX__NULLV};
        st = o->query(s->conn, "INSERT INTO result (edition_id, ord, code, kommune, name, year, "
                               "value, rank) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
                      v, 8, NULL, NULL, d);
        for (size_t c = 0; !st && c < p->ncols; c++) {
            if (p->extra[c] < 0)
                continue;
            const char *cell = ix_table_cell(t, r, c), *why = NULL;
            if (!cell[0])
                continue;
            double x = 0;
            char back[64];
            int numeric = ix_parse_number(cell, dec[0], &x, &why) == 0 &&
                          ix_format_exact(x, dec[0], back, sizeof back) < sizeof back &&
                          strcmp(back, cell) == 0;
            ix__val xv[] = {IX__INT(eid), IX__INT(r), IX__INT(p->extra[c]),
                            numeric ? IX__REAL(x) : IX__NULLV, numeric ? IX__NULLV : IX__TEXT(cell)};
            st = o->query(s->conn, "INSERT INTO result_extra (edition_id, ord, extra, num, txt) "
                                   "VALUES ($1, $2, $3, $4, $5)",
                          xv, 5, NULL, NULL, d);
        }
    }
    for (size_t i = 0; !st && i < e->nattrs; i++) {
        const ix_edition_attr_in *a = &e->attrs[i];
        if (!a->name || !a->value || !a->value[0] || strcmp(a->name, "notes") == 0)
            continue;
        ix__val v[] = {IX__INT(eid), IX__TEXT(a->name), IX__TEXT(a->value)};
        st = o->query(s->conn, "INSERT INTO edition_attr (edition_id, name, value) VALUES "
                               "($1, $2, $3)",
                      v, 3, NULL, NULL, d);
    }
    const char *dir = NULL;
    if (!st)
        st = edition_direction(e, p->value_column, &dir, d);
    int given = 0;
    for (size_t i = 0; i < e->nattrs; i++)
        given |= e->attrs[i].name && strcmp(e->attrs[i].name, "direction") == 0;
    if (!st && !given) {
        ix__val v[] = {IX__INT(eid), IX__TEXT("direction"), IX__TEXT(dir)};
        st = o->query(s->conn, "INSERT INTO edition_attr (edition_id, name, value) VALUES "
                               "($1, $2, $3)",
                      v, 3, NULL, NULL, d);
    }
    if (!st && notes && notes[0]) {
        ix__val v[] = {IX__INT(eid), IX__TEXT("notes"), IX__TEXT(notes)};
        st = o->query(s->conn, "INSERT INTO edition_attr (edition_id, name, value) VALUES "
                               "($1, $2, $3)",
                      v, 3, NULL, NULL, d);
    }
    if (!st) {
        /* The checksum of what was stored, read back inside the transaction. */
        char hex[65];
        st = ix__edition_digest(s, (long)eid, hex, d);
        ix__val cv[] = {IX__INT(eid), IX__TEXT(hex)};
        if (!st)
            st = o->query(s->conn, "INSERT INTO edition_check (edition_id, sha256) VALUES ($1, $2)",
                          cv, 2, NULL, NULL, d);
    }
    *id = (long)eid;
    return st;
}

/* The edition's own texts reach the site, the API and terminals: UTF-8,
 * and no control characters in one-line names. */
static ix_status check_texts(const ix_edition_new *e, ix_diag *d)
{
    const struct {
        const char *text, *what;
        int multiline;
    } t[] = {{e->name, "the edition's name", 0},
             {e->model_name, "the model's name", 0},
             {e->note, "the note", 0},
             {e->model_text, "the model or recipe file", 1}};
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
        if (!t[i].text)
            continue;
        if (!ix_utf8_valid(t[i].text, strlen(t[i].text)))
            return ix_diag_set(d, IX_ERR_INPUT, NULL, 0, 0, NULL,
                               "%s is not UTF-8 text; save it as UTF-8", t[i].what);
        if (!t[i].multiline && has_control(t[i].text))
            return ix_diag_set(d, IX_ERR_INPUT, NULL, 0, 0, NULL,
                               "%s holds a control character (a tab, a line break, an escape, "
                               "...)", t[i].what);
    }
    return IX_OK;
}

ix_status ix_store_import(ix_store *s, const ix_edition_new *e, long *id, ix_diag *d)
{
    ix_status cst = check_texts(e, d);
    if (cst)
        return cst;
    if (!e->name || !e->name[0] || !ix_edition_kind_name(e->kind) || !e->results)
        return ix_diag_set(d, IX_ERR_USAGE, NULL, 0, 0, NULL,
                           "an edition needs a name, a kind and a result table");
    if (e->year < 1800 || e->year > 2200)
        return ix_diag_set(d, IX_ERR_USAGE, NULL, 0, 0, "edition_year", "expected a year like 2024, got %d",
                           e->year);
    for (size_t i = 0; i < e->nattrs; i++)
        if (e->attrs[i].value && !ix_utf8_valid(e->attrs[i].value, strlen(e->attrs[i].value)))
            return ix_diag_set(d, IX_ERR_INPUT, NULL, 0, 0, e->attrs[i].name,
                               "the text \"%s\" is not UTF-8; save it as UTF-8",
                               e->attrs[i].name ? e->attrs[i].name : "");
    plain p;
    memset(&p, 0, sizeof p);
    ix_buf notes;
    ix_buf_init(&notes);
    ix_status st = assign_roles(e, &p, d);
    if (!st)
        st = read_rows(e, &p, d);
    if (!st)
        st = gather_notes(e, &notes, d);
    if (!st)
        st = s->ops->script(s->conn, s->ops->begin_sql, d);
    if (st) {
        plain_free(&p);
        ix_buf_free(&notes);
        return st;
    }
    st = write_edition(s, e, &p, notes.data, id, d);
    if (!st)
        st = s->ops->script(s->conn, "COMMIT", d);
    if (st)
        s->ops->script(s->conn, "ROLLBACK", NULL); /* d keeps the first error */
    plain_free(&p);
    ix_buf_free(&notes);
    return st;
}
