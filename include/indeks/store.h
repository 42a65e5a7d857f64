/* Stored editions: computed results kept in a database, append-only.
 *
 * An edition is one import of a result file (the CSV of `indeks socio`,
 * `indeks composite` or a long-form published series): its name, year and
 * kind, the SHA-256 checksums of its inputs, the model or recipe text, and
 * its rows (code, name, value, rank, and every other column as key/value,
 * numbers as double precision). Once stored an edition is never changed;
 * importing again makes a new edition with a new id.
 *
 * Two backends share one schema (versioned in a schema_version table and
 * migrated on open): SQLite for a file path or ":memory:" (WAL mode, one
 * transaction per import) and PostgreSQL through libpq for a
 * "postgresql://" or "postgres://" URL. A backend left out of the build
 * gives IX_ERR_USAGE naming the missing library.
 *
 * Ownership: a store, edition list, edition or history is owned by whoever
 * got it and freed with its _free/_close function (NULL is a no-op); the
 * strings inside belong to the object they are in. A store may be used by
 * one thread at a time. */
#ifndef INDEKS_STORE_H
#define INDEKS_STORE_H

#include <stddef.h>

#include "indeks/diag.h"
#include "indeks/sink.h"
#include "indeks/table.h"

typedef struct ix_store ix_store;

typedef enum { IX_EDITION_SOCIO = 1, IX_EDITION_COMPOSITE, IX_EDITION_SERIES } ix_edition_kind;

/* "socio", "composite", "series"; NULL for anything else. */
const char *ix_edition_kind_name(ix_edition_kind kind);
/* The kind named name, or 0. */
ix_edition_kind ix_edition_kind_parse(const char *name);

/* The schema version this build writes (it reads 1 to 3; 2 adds a checksum
 * per edition, verified on every read; 3 adds named texts per edition). */
#define IX_STORE_SCHEMA_VERSION 3

/* Opens target, creating the database (SQLite) and migrating the schema to
 * IX_STORE_SCHEMA_VERSION (for import). A database of a newer or unknown
 * schema, or one another application made, is refused (IX_ERR_USAGE). */
ix_status ix_store_open(const char *target, ix_store **out, ix_diag *d);
/* Opens an existing database for reading only (export, serve): never creates
 * or migrates; a missing file, an empty one, another application's database
 * or an unknown schema_version is IX_ERR_USAGE. A read-only file works. */
ix_status ix_store_open_existing(const char *target, ix_store **out, ix_diag *d);
void ix_store_close(ix_store *s);
/* From now on the connection refuses to change anything (the server). */
ix_status ix_store_set_read_only(ix_store *s, ix_diag *d);
/* "sqlite" or "postgresql". */
const char *ix_store_backend(const ix_store *s);
/* 1 when the build has the backend ("sqlite", "postgresql"). */
int ix_store_have_backend(const char *name);

/* ---- importing ----------------------------------------------------------- */

/* One input of an edition: its bytes are hashed (SHA-256), not stored. */
typedef struct ix_store_input {
    const char *role; /* "result", "model", "data", ... */
    const char *name; /* e.g. the file name */
    const char *bytes;
    size_t len;
} ix_store_input;

/* A named text stored with an edition (schema 3). Names in use:
 *   "notes"      the warnings that travel with the numbers, one per line
 *                (from the result file's `notes` column, split on " | ")
 *   "direction"  "higher_better", "lower_better" or "neutral" (the index's)
 *   "imeta"      a composite index's IMETA CSV (indicator names, units,
 *                targets, directions, recommendations)
 *   "idata"      a composite index's IDATA CSV (the indicators' raw values) */
typedef struct ix_edition_attr_in {
    const char *name, *value;
} ix_edition_attr_in;

typedef struct ix_edition_new {
    const char *name;
    int year;
    ix_edition_kind kind;
    const char *model_name; /* may be NULL */
    const char *model_text; /* model JSON or recipe JSON, stored as text; may be NULL */
    const char *note;       /* e.g. "SYNTETISKE DATA"; may be NULL */
    const ix_store_input *inputs;
    size_t ninputs;
    /* The result file as ix_csv_parse read it. socio: kommunekode, kommune,
     * indeks, rang, ...; composite: uCode, uName, Rank, <index>, ...; series:
     * kommunekode, [kommune], aar, <value column>, ... (see series.h). */
    const ix_table *results;
    const char *series_column; /* series: the value column (NULL: as series.h finds it) */
    /* Named texts (may be NULL/0). A `notes` column of the result file adds
     * its distinct notes to "notes". A series must hold values for year. */
    const ix_edition_attr_in *attrs;
    size_t nattrs;
} ix_edition_new;

/* Checks every row first, then stores the edition in one transaction: on any
 * error nothing is stored. Sets *id to the new edition's id. */
ix_status ix_store_import(ix_store *s, const ix_edition_new *e, long *id, ix_diag *d);

/* ---- reading --------------------------------------------------------------- */

typedef struct ix_edition_info {
    long id;
    char *name;
    int year;
    ix_edition_kind kind;
    char *created;    /* UTC, "2024-05-01T12:00:00Z" */
    char *model_name; /* may be NULL */
    char *note;       /* may be NULL */
    char *value_column; /* header of the value column */
    long nrows;
} ix_edition_info;

typedef struct ix_edition_list {
    size_t n;
    ix_edition_info *items; /* newest first */
} ix_edition_list;

ix_status ix_store_editions(ix_store *s, ix_edition_list **out, ix_diag *d);
void ix_edition_list_free(ix_edition_list *l);

typedef enum {
    IX_COL_CODE = 1, IX_COL_NAME, IX_COL_VALUE, IX_COL_RANK, IX_COL_YEAR, IX_COL_EXTRA
} ix_col_role;

typedef struct ix_edition_column {
    char *name;
    ix_col_role role;
    long extra; /* IX_COL_EXTRA: index into a row's extras */
} ix_edition_column;

typedef struct ix_edition_cell {
    int present;  /* 0: empty cell */
    int is_text;  /* 1: text, else num */
    double num;
    char *text;
} ix_edition_cell;

typedef struct ix_result_row {
    char *code;   /* as written in the file */
    int kommune;  /* the municipality code when code is one of the 98, else 0 */
    char *name;
    int year;     /* the edition's year; series: the row's year */
    double value; /* NaN when empty */
    long rank;    /* 0 when none */
    ix_edition_cell *extras; /* nextra cells */
} ix_result_row;

typedef struct ix_edition_input {
    char *role, *name;
    char sha256[65];
    long long bytes;
} ix_edition_input;

typedef struct ix_edition_attr {
    char *name, *value;
} ix_edition_attr;

typedef struct ix_edition {
    ix_edition_info info;
    size_t nattrs;
    ix_edition_attr *attrs; /* by name; none in a database of schema 1 or 2 */
    char *model_text; /* may be NULL */
    char separator, decimal;
    size_t ninputs;
    ix_edition_input *inputs;
    size_t ncols;
    ix_edition_column *cols; /* the result file's header, in order */
    size_t nextra;
    size_t nrows;
    ix_result_row *rows; /* in file order */
} ix_edition;

/* Reads edition id (0: the newest). IX_ERR_NOTFOUND when there is none.
 * In a version-2 database the edition's stored SHA-256 is checked: a
 * mismatch or a missing checksum is IX_ERR_INPUT naming the edition. */
ix_status ix_store_edition(ix_store *s, long id, ix_edition **out, ix_diag *d);
void ix_edition_free(ix_edition *e);

/* The newest edition of a kind (0 when none): its id in *id. */
ix_status ix_store_latest(ix_store *s, ix_edition_kind kind, long *id, ix_diag *d);

/* Writes the edition back as CSV: its header and rows in their order, with
 * its separator and decimal mark, numbers by ix_format_exact (so a file
 * written by indeks comes back byte for byte). */
void ix_edition_write_csv(const ix_edition *e, ix_sink *s);
/* The same for the site's CSV downloads, which people open in spreadsheets:
 * a text cell (a name, a code, a header, a text column) that begins with =,
 * +, -, @, a tab or a carriage return and does not read as a number gets a
 * leading apostrophe so that it is never run as a formula. Numbers are
 * written as numbers. Machine CSV (export, the commands) is unchanged. */
void ix_edition_write_csv_download(const ix_edition *e, ix_sink *s);
/* The same, only the rows of year (0: all). */
void ix_edition_write_csv_download_year(const ix_edition *e, int year, ix_sink *s);
/* The year the site shows: the edition's own year when rows hold values for
 * it (a series' other years are its history), else the latest such year. */
int ix_edition_display_year(const ix_edition *e);
/* The text stored under name, or NULL. */
const char *ix_edition_attr_get(const ix_edition *e, const char *name);
/* Index of the row for municipality code in year (0: display year), or -1. */
long ix_edition_find(const ix_edition *e, int kommune, int year);

/* One municipality across editions. */
typedef struct ix_history_point {
    long edition;
    char *edition_name;
    ix_edition_kind kind;
    int year;
    double value;
    long rank;
    long of; /* rows of that edition and year */
} ix_history_point;

typedef struct ix_history {
    int kommune;
    size_t n;
    ix_history_point *points; /* by kind, year, edition */
} ix_history;

ix_status ix_store_history(ix_store *s, int kommune, ix_history **out, ix_diag *d);
void ix_history_free(ix_history *h);

/* Lower-case hex SHA-256 of bytes into hex[65]. */
void ix_sha256_hex(const char *bytes, size_t len, char hex[65]);

/* ---- two editions compared (edition_diff.h) ------------------------------------ */
#include "indeks/edition_diff.h"

/* a against b: the rank changes of their units (a series: the rows of each
 * one's display year) and, when both hold an IMETA (composite editions), the
 * indicators added, removed and changed; removed gives the proposals behind
 * removals (may be NULL). Editions of different kinds: IX_ERR_INPUT. */
ix_status ix_edition_diff(const ix_edition *a, const ix_edition *b, const ix_ediff_trace *removed,
                          size_t nremoved, ix_ediff *out, ix_diag *d);

#endif
