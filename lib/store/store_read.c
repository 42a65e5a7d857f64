/* The store, reading: the list of editions, one edition with its rows, one
 * municipality's history, and writing an edition back as CSV (see
 * include/indeks/store.h). Row callbacks copy what they keep: the backend's
 * values live only during the call. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "indeks/escape.h"
#include "indeks/number.h"
#include "indeks/csv_write.h"
#include "indeks/store.h"
#include "store_internal.h"

static char *dup_val(const ix__val *v)
{
    return v->t == IX__V_TEXT ? strdup(v->s) : NULL;
}

static long long int_val(const ix__val *v)
{
    return v->t == IX__V_INT ? v->i : v->t == IX__V_REAL ? (long long)v->r : 0;
}

static double real_val(const ix__val *v)
{
    return v->t == IX__V_REAL ? v->r : v->t == IX__V_INT ? (double)v->i : NAN;
}

/* Grows *items (of size elem) to hold one more; returns the new slot or NULL. */
static void *push(void **items, size_t *n, size_t *cap, size_t elem)
{
    if (*n == *cap) {
        size_t c = *cap ? *cap * 2 : 16;
        void *grown = realloc(*items, c * elem);
        if (!grown)
            return NULL;
        *items = grown;
        *cap = c;
    }
    void *slot = (char *)*items + (*n)++ * elem;
    memset(slot, 0, elem);
    return slot;
}

static void info_free(ix_edition_info *i)
{
    free(i->name);
    free(i->created);
    free(i->model_name);
    free(i->note);
    free(i->value_column);
}

#define INFO_COLS "id, name, year, kind, created, model_name, note, value_column, nrows"

static int info_from(ix_edition_info *i, const ix__val *v, size_t n)
{
    if (n < 9)
        return -1;
    i->id = (long)int_val(&v[0]);
    i->name = dup_val(&v[1]);
    i->year = (int)int_val(&v[2]);
    i->kind = ix_edition_kind_parse(v[3].t == IX__V_TEXT ? v[3].s : NULL);
    i->created = dup_val(&v[4]);
    i->model_name = dup_val(&v[5]);
    i->note = dup_val(&v[6]);
    i->value_column = dup_val(&v[7]);
    i->nrows = (long)int_val(&v[8]);
    return i->name && i->created && i->value_column ? 0 : -1;
}

typedef struct {
    ix_edition_list *l;
    size_t cap;
} list_ctx;

static int list_row(void *ctx, const ix__val *v, size_t n)
{
    list_ctx *c = ctx;
    ix_edition_info *i = push((void **)&c->l->items, &c->l->n, &c->cap, sizeof *i);
    return i ? info_from(i, v, n) : -1;
}

ix_status ix_store_editions(ix_store *s, ix_edition_list **out, ix_diag *d)
{
    list_ctx c = {calloc(1, sizeof *c.l), 0};
    if (!c.l)
        return ix_diag_set(d, IX_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    ix_status st = s->ops->query(s->conn, "SELECT " INFO_COLS " FROM edition ORDER BY id DESC",
                                 NULL, 0, list_row, &c, d);
    if (st) {
        ix_edition_list_free(c.l);
        return st;
    }
    *out = c.l;
    return IX_OK;
}

void ix_edition_list_free(ix_edition_list *l)
{
    if (!l)
        return;
    for (size_t i = 0; i < l->n; i++)
        info_free(&l->items[i]);
    free(l->items);
    free(l);
}

static int get_id(void *ctx, const ix__val *v, size_t n)
{
    if (n >= 1 && v[0].t == IX__V_INT)
        *(long *)ctx = (long)v[0].i;
    return 0;
}

ix_status ix_store_latest(ix_store *s, ix_edition_kind kind, long *id, ix_diag *d)
{
    *id = 0;
    ix__val k = IX__TEXT(ix_edition_kind_name(kind));
    return kind ? s->ops->query(s->conn, "SELECT max(id) FROM edition WHERE kind = $1", &k, 1,
                                get_id, id, d)
                : s->ops->query(s->conn, "SELECT max(id) FROM edition", NULL, 0, get_id, id, d);
}

/* ---- one edition ------------------------------------------------------------ */

typedef struct {
    ix_edition *e;
    size_t cap;
    int found;
} ed_ctx;

static int head_row(void *ctx, const ix__val *v, size_t n)
{
    ed_ctx *c = ctx;
    if (n < 12 || info_from(&c->e->info, v, n) != 0)
        return -1;
    c->e->model_text = dup_val(&v[9]);
    c->e->separator = v[10].t == IX__V_TEXT && v[10].s[0] ? v[10].s[0] : ',';
    c->e->decimal = v[11].t == IX__V_TEXT && v[11].s[0] ? v[11].s[0] : '.';
    c->found = 1;
    return (v[9].t == IX__V_TEXT && !c->e->model_text) ? -1 : 0;
}

static int input_row(void *ctx, const ix__val *v, size_t n)
{
    ed_ctx *c = ctx;
    ix_edition_input *in = push((void **)&c->e->inputs, &c->e->ninputs, &c->cap, sizeof *in);
    if (!in || n < 4)
        return -1;
    in->role = dup_val(&v[0]);
    in->name = dup_val(&v[1]);
    snprintf(in->sha256, sizeof in->sha256, "%s", v[2].t == IX__V_TEXT ? v[2].s : "");
    in->bytes = int_val(&v[3]);
    return in->role && in->name ? 0 : -1;
}

static int column_row(void *ctx, const ix__val *v, size_t n)
{
    ed_ctx *c = ctx;
    ix_edition_column *col = push((void **)&c->e->cols, &c->e->ncols, &c->cap, sizeof *col);
    if (!col || n < 3)
        return -1;
    static const char *const roles[] = {"", "code", "name", "value", "rank", "year", "extra"};
    col->name = dup_val(&v[0]);
    col->role = IX_COL_EXTRA;
    for (int r = IX_COL_CODE; r <= IX_COL_EXTRA; r++)
        if (v[1].t == IX__V_TEXT && strcmp(v[1].s, roles[r]) == 0)
            col->role = (ix_col_role)r;
    col->extra = v[2].t == IX__V_INT ? (long)v[2].i : -1;
    if (col->role == IX_COL_EXTRA && (size_t)(col->extra + 1) > c->e->nextra)
        c->e->nextra = (size_t)(col->extra + 1);
    return col->name ? 0 : -1;
}

static int result_row(void *ctx, const ix__val *v, size_t n)
{
    ed_ctx *c = ctx;
    ix_result_row *r = push((void **)&c->e->rows, &c->e->nrows, &c->cap, sizeof *r);
    if (!r || n < 6)
        return -1;
    r->code = dup_val(&v[0]);
    r->kommune = (int)int_val(&v[1]);
    r->name = dup_val(&v[2]);
    r->year = (int)int_val(&v[3]);
    r->value = real_val(&v[4]);
    r->rank = (long)int_val(&v[5]);
    r->extras = calloc(c->e->nextra ? c->e->nextra : 1, sizeof *r->extras);
    return r->code && r->name && r->extras ? 0 : -1;
}

static int extra_row(void *ctx, const ix__val *v, size_t n)
{
    ed_ctx *c = ctx;
    if (n < 4)
        return -1;
    long long ord = int_val(&v[0]), x = int_val(&v[1]);
    if (ord < 0 || (size_t)ord >= c->e->nrows || x < 0 || (size_t)x >= c->e->nextra)
        return 0; /* not in the header: ignore */
    ix_edition_cell *cell = &c->e->rows[ord].extras[x];
    cell->present = 1;
    if (v[3].t == IX__V_TEXT) {
        cell->is_text = 1;
        cell->text = strdup(v[3].s);
        return cell->text ? 0 : -1;
    }
    cell->num = real_val(&v[2]);
    return 0;
}

static int attr_row(void *ctx, const ix__val *v, size_t n)
{
    ed_ctx *c = ctx;
    ix_edition_attr *a = push((void **)&c->e->attrs, &c->e->nattrs, &c->cap, sizeof *a);
    if (!a || n < 2)
        return -1;
    a->name = dup_val(&v[0]);
    a->value = dup_val(&v[1]);
    return a->name && a->value ? 0 : -1;
}

static ix_status read_edition(ix_store *s, long id, ix_edition **out, ix_diag *d)
{
    *out = NULL;
    ix_status st = IX_OK;
    if (id == 0 && (st = ix_store_latest(s, (ix_edition_kind)0, &id, d)) != IX_OK)
        return st;
    ed_ctx c = {calloc(1, sizeof *c.e), 0, 0};
    if (!c.e)
        return ix_diag_set(d, IX_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    const ix__store_ops *o = s->ops;
    ix__val key = IX__INT(id);
    st = o->query(s->conn,
                  "SELECT " INFO_COLS ", model_text, separator, decimal_mark FROM edition "
                  "WHERE id = $1",
                  &key, 1, head_row, &c, d);
    if (!st && !c.found)
        st = ix_diag_set(d, IX_ERR_NOTFOUND, NULL, 0, 0, NULL, "no edition %ld in the database", id);
    if (!st)
        st = o->query(s->conn, "SELECT role, name, sha256, bytes FROM edition_input "
                               "WHERE edition_id = $1 ORDER BY ord",
                      &key, 1, input_row, &c, d);
    c.cap = 0;
    if (!st)
        st = o->query(s->conn, "SELECT name, role, extra FROM edition_column "
                               "WHERE edition_id = $1 ORDER BY ord",
                      &key, 1, column_row, &c, d);
    c.cap = 0;
    if (!st)
        st = o->query(s->conn, "SELECT code, kommune, name, year, value, rank FROM result "
                               "WHERE edition_id = $1 ORDER BY ord",
                      &key, 1, result_row, &c, d);
    if (!st)
        st = o->query(s->conn, "SELECT ord, extra, num, txt FROM result_extra "
                               "WHERE edition_id = $1 ORDER BY ord, extra",
                      &key, 1, extra_row, &c, d);
    c.cap = 0;
    if (!st && s->version >= 3)
        st = o->query(s->conn, "SELECT name, value FROM edition_attr WHERE edition_id = $1 "
                               "ORDER BY name",
                      &key, 1, attr_row, &c, d);
    if (st) {
        ix_edition_free(c.e);
        return st;
    }
    *out = c.e;
    return IX_OK;
}

/* Everything stored for an edition, each field length-prefixed and each
 * number exact (hexadecimal floating point), in one text for SHA-256. */
static void put_str(ix_sink *k, const char *t)
{
    if (t)
        ix_sink_printf(k, "%zu:%s;", strlen(t), t);
    else
        ix_sink_puts(k, "-;");
}

static void put_real(ix_sink *k, double v)
{
    if (isnan(v))
        ix_sink_puts(k, "nan;");
    else
        ix_sink_printf(k, "%a;", v);
}

static ix_status digest(const ix_edition *e, char hex[65], ix_diag *d)
{
    ix_buf b;
    ix_buf_init(&b);
    ix_sink k = ix_buf_sink(&b);
    const ix_edition_info *i = &e->info;
    ix_sink_printf(&k, "indeks edition 2\n%ld;%d;%d;", i->id, i->year, (int)i->kind);
    put_str(&k, i->name);
    put_str(&k, i->created);
    put_str(&k, i->model_name);
    put_str(&k, i->note);
    put_str(&k, i->value_column);
    ix_sink_printf(&k, "%ld;%d;%d\n", i->nrows, e->separator, e->decimal);
    put_str(&k, e->model_text);
    for (size_t j = 0; j < e->ninputs; j++) {
        put_str(&k, e->inputs[j].role);
        put_str(&k, e->inputs[j].name);
        put_str(&k, e->inputs[j].sha256);
        ix_sink_printf(&k, "%lld\n", e->inputs[j].bytes);
    }
    for (size_t j = 0; j < e->ncols; j++) {
        put_str(&k, e->cols[j].name);
        ix_sink_printf(&k, "%d;%ld\n", (int)e->cols[j].role, e->cols[j].extra);
    }
    for (size_t r = 0; r < e->nrows; r++) {
        const ix_result_row *row = &e->rows[r];
        put_str(&k, row->code);
        put_str(&k, row->name);
        ix_sink_printf(&k, "%d;%d;%ld;", row->kommune, row->year, row->rank);
        put_real(&k, row->value);
        for (size_t x = 0; x < e->nextra; x++) {
            const ix_edition_cell *c = row->extras ? &row->extras[x] : NULL;
            if (!c || !c->present)
                ix_sink_puts(&k, "_;");
            else if (c->is_text)
                put_str(&k, c->text);
            else
                put_real(&k, c->num);
        }
        ix_sink_puts(&k, "\n");
    }
    /* Schema 3's named texts; none adds nothing, so older checksums hold. */
    for (size_t j = 0; j < e->nattrs; j++) {
        ix_sink_puts(&k, "attr;");
        put_str(&k, e->attrs[j].name);
        put_str(&k, e->attrs[j].value);
        ix_sink_puts(&k, "\n");
    }
    ix_status st = IX_OK;
    if (k.failed)
        st = ix_diag_set(d, IX_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory checking an edition");
    else
        ix_sha256_hex(b.data, b.len, hex);
    ix_buf_free(&b);
    return st;
}

ix_status ix__edition_digest(ix_store *s, long id, char hex[65], ix_diag *d)
{
    ix_edition *e = NULL;
    ix_status st = read_edition(s, id, &e, d);
    if (!st)
        st = digest(e, hex, d);
    ix_edition_free(e);
    return st;
}

static int get_text64(void *ctx, const ix__val *v, size_t n)
{
    if (n >= 1 && v[0].t == IX__V_TEXT)
        snprintf(ctx, 65, "%s", v[0].s);
    return 0;
}

ix_status ix_store_edition(ix_store *s, long id, ix_edition **out, ix_diag *d)
{
    ix_edition *e = NULL;
    ix_status st = read_edition(s, id, &e, d);
    if (st || s->version < 2) {
        *out = e; /* NULL on error; version 1 has no checksums to check */
        return st;
    }
    char stored[65] = "", now[65] = "";
    ix__val key = IX__INT(e->info.id);
    st = s->ops->query(s->conn, "SELECT sha256 FROM edition_check WHERE edition_id = $1", &key, 1,
                       get_text64, stored, d);
    if (!st)
        st = digest(e, now, d);
    if (!st && !stored[0])
        st = ix_diag_set(d, IX_ERR_INPUT, NULL, 0, 0, NULL,
                         "edition %ld (\"%s\") has no stored checksum: the database was changed "
                         "outside indeks; its numbers cannot be trusted",
                         e->info.id, e->info.name ? e->info.name : "");
    else if (!st && strcmp(stored, now) != 0)
        st = ix_diag_set(d, IX_ERR_INPUT, NULL, 0, 0, NULL,
                         "edition %ld (\"%s\") does not match its stored SHA-256: the database "
                         "is damaged or was changed outside indeks; restore it from a backup",
                         e->info.id, e->info.name ? e->info.name : "");
    if (st) {
        ix_edition_free(e);
        e = NULL;
    }
    *out = e;
    return st;
}

void ix_edition_free(ix_edition *e)
{
    if (!e)
        return;
    info_free(&e->info);
    free(e->model_text);
    for (size_t i = 0; i < e->ninputs; i++) {
        free(e->inputs[i].role);
        free(e->inputs[i].name);
    }
    free(e->inputs);
    for (size_t i = 0; i < e->ncols; i++)
        free(e->cols[i].name);
    free(e->cols);
    for (size_t r = 0; r < e->nrows; r++) {
        free(e->rows[r].code);
        free(e->rows[r].name);
        for (size_t x = 0; e->rows[r].extras && x < e->nextra; x++)
            free(e->rows[r].extras[x].text);
        free(e->rows[r].extras);
    }
    free(e->rows);
    for (size_t i = 0; i < e->nattrs; i++) {
        free(e->attrs[i].name);
        free(e->attrs[i].value);
    }
    free(e->attrs);
    free(e);
}

const char *ix_edition_attr_get(const ix_edition *e, const char *name)
{
    for (size_t i = 0; e && i < e->nattrs; i++)
        if (strcmp(e->attrs[i].name, name) == 0)
            return e->attrs[i].value;
    return NULL;
}

int ix_edition_display_year(const ix_edition *e)
{
    int year = 0;
    for (size_t r = 0; r < e->nrows; r++) {
        if (!isfinite(e->rows[r].value))
            continue;
        if (e->rows[r].year == e->info.year)
            return e->info.year; /* the edition's own year: a series' others are history */
        if (e->rows[r].year > year)
            year = e->rows[r].year;
    }
    return year ? year : e->info.year;
}

long ix_edition_find(const ix_edition *e, int kommune, int year)
{
    if (year == 0)
        year = ix_edition_display_year(e);
    for (size_t r = 0; r < e->nrows; r++)
        if (e->rows[r].kommune == kommune && kommune && e->rows[r].year == year)
            return (long)r;
    return -1;
}

/* ---- CSV ---------------------------------------------------------------------- */

static void put_number(ix_sink *s, double v, char decimal)
{
    char buf[64];
    if (isfinite(v)) {
        ix_format_exact(v, decimal, buf, sizeof buf);
        ix_sink_puts(s, buf);
    }
}

/* A download's text cell: formula-safe (ix_csv_write_field_safe). */
static void put_text(ix_sink *s, const char *text, char sep, char decimal, int safe)
{
    if (safe)
        ix_csv_write_field_safe(s, text, sep, decimal);
    else
        ix_csv_field(s, text, sep);
}

static void write_csv(const ix_edition *e, ix_sink *s, int safe, int year);

void ix_edition_write_csv(const ix_edition *e, ix_sink *s)
{
    write_csv(e, s, 0, 0);
}

void ix_edition_write_csv_download(const ix_edition *e, ix_sink *s)
{
    write_csv(e, s, 1, 0);
}

void ix_edition_write_csv_download_year(const ix_edition *e, int year, ix_sink *s)
{
    write_csv(e, s, 1, year);
}

static void write_csv(const ix_edition *e, ix_sink *s, int safe, int year)
{
    char sep = e->separator;
    for (size_t c = 0; c < e->ncols; c++) {
        if (c)
            ix_sink_put(s, &sep, 1);
        put_text(s, e->cols[c].name, sep, e->decimal, safe);
    }
    ix_sink_put(s, "\n", 1);
    for (size_t r = 0; r < e->nrows; r++) {
        const ix_result_row *row = &e->rows[r];
        if (year && row->year != year)
            continue;
        for (size_t c = 0; c < e->ncols; c++) {
            if (c)
                ix_sink_put(s, &sep, 1);
            switch (e->cols[c].role) {
            case IX_COL_CODE: put_text(s, row->code, sep, e->decimal, safe); break;
            case IX_COL_NAME: put_text(s, row->name, sep, e->decimal, safe); break;
            case IX_COL_VALUE: put_number(s, row->value, e->decimal); break;
            case IX_COL_RANK:
                if (row->rank)
                    ix_sink_printf(s, "%ld", row->rank);
                break;
            case IX_COL_YEAR: ix_sink_printf(s, "%d", row->year); break;
            default: {
                long x = e->cols[c].extra;
                const ix_edition_cell *cell =
                    x >= 0 && (size_t)x < e->nextra ? &row->extras[x] : NULL;
                if (cell && cell->present && cell->is_text)
                    put_text(s, cell->text, sep, e->decimal, safe);
                else if (cell && cell->present)
                    put_number(s, cell->num, e->decimal);
            }
            }
        }
        ix_sink_put(s, "\n", 1);
    }
}

/* ---- history ------------------------------------------------------------------ */

typedef struct {
    ix_history *h;
    size_t cap;
} hist_ctx;

static int history_row(void *ctx, const ix__val *v, size_t n)
{
    hist_ctx *c = ctx;
    ix_history_point *p = push((void **)&c->h->points, &c->h->n, &c->cap, sizeof *p);
    if (!p || n < 7)
        return -1;
    p->edition = (long)int_val(&v[0]);
    p->edition_name = dup_val(&v[1]);
    p->kind = ix_edition_kind_parse(v[2].t == IX__V_TEXT ? v[2].s : NULL);
    p->year = (int)int_val(&v[3]);
    p->value = real_val(&v[4]);
    p->rank = (long)int_val(&v[5]);
    p->of = (long)int_val(&v[6]);
    return p->edition_name ? 0 : -1;
}

ix_status ix_store_history(ix_store *s, int kommune, ix_history **out, ix_diag *d)
{
    hist_ctx c = {calloc(1, sizeof *c.h), 0};
    if (!c.h)
        return ix_diag_set(d, IX_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    c.h->kommune = kommune;
    ix__val k = IX__INT(kommune);
    ix_status st = s->ops->query(
        s->conn,
        "SELECT r.edition_id, e.name, e.kind, r.year, r.value, r.rank, "
        "(SELECT count(*) FROM result q WHERE q.edition_id = r.edition_id AND q.year = r.year "
        "AND q.value IS NOT NULL) "
        "FROM result r JOIN edition e ON e.id = r.edition_id WHERE r.kommune = $1 "
        "ORDER BY e.kind, r.year, r.edition_id",
        &k, 1, history_row, &c, d);
    if (st) {
        ix_history_free(c.h);
        return st;
    }
    /* One row per kind, year and edition name: an empty value (a series'
     * years before it began) is no row, and an edition imported again
     * replaces the older one's year rather than repeating it. Points come
     * by kind, year, edition, so the newer is later. */
    ix_history *h = c.h;
    size_t kept = 0;
    for (size_t i = 0; i < h->n; i++) {
        ix_history_point *p = &h->points[i];
        int drop = !isfinite(p->value);
        for (size_t j = i + 1; !drop && j < h->n && h->points[j].kind == p->kind &&
                               h->points[j].year == p->year;
             j++)
            drop = isfinite(h->points[j].value) &&
                   strcmp(h->points[j].edition_name, p->edition_name) == 0;
        if (drop)
            free(p->edition_name);
        else
            h->points[kept++] = *p;
    }
    h->n = kept;
    *out = h;
    return IX_OK;
}

void ix_history_free(ix_history *h)
{
    if (!h)
        return;
    for (size_t i = 0; i < h->n; i++)
        free(h->points[i].edition_name);
    free(h->points);
    free(h);
}
