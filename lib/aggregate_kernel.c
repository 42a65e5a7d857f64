/* The compiled aggregation program and the counting kernel.
 *
 * Compiling binds each rule column to its position in the file's header and
 * flattens every criterion's tree into postfix instructions: leaves push a
 * truth value, AND/OR combine the two on top, NOT flips the top, EMIT pops
 * the criterion's value and counts it. Truth values are Kleene's, coded so
 * that the logic is arithmetic: 0 false, 1 unknown (a missing value), 2 true;
 * AND is min, OR is max, NOT is 2 - x. Binary AND/OR keep the stack no deeper
 * than the nesting (IX_AGG_MAX_DEPTH + 2), so it is a fixed array.
 *
 * The kernel reads a chunk of complete lines once, left to right: each field
 * is found by a table of the bytes that end an unquoted field (separator,
 * quote, CR, LF) and only the fields the rules read are parsed. Integers
 * (what registers hold) are read by a short loop; anything else goes through
 * ix_parse_number, so "12.5", "1e3" or a decimal comma are read as the rest
 * of the project reads them. A row is counted only when all of it parsed;
 * otherwise it is described (chunk-relative line, column in characters,
 * field, reason) and skipped. Nothing is allocated per row. */
#include "indeks/aggregate.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "indeks/kommuner.h"
#include "indeks/number.h"

enum { OP_RANGE, OP_IN, OP_ISNULL, OP_TRUE, OP_AND, OP_OR, OP_NOT, OP_EMIT };
enum { ROLE_SKIP = -1, ROLE_CODE = -2 };
#define MAX_CODE 10000 /* municipality codes have at most 4 digits */

typedef struct {
    int op;
    size_t slot;  /* leaves: index into the row's values */
    size_t first; /* OP_IN: values[first .. first + n) */
    size_t n;
    double lo, hi;
} agg_ins;

struct ix_agg_program {
    size_t ncols;   /* fields per row */
    char **header;  /* the file's names, for diagnostics */
    int *role;      /* per field: ROLE_SKIP, ROLE_CODE or a value slot */
    size_t nslots;
    size_t ncrit;
    char **names;   /* output: population, then the criteria's ids */
    char *code_name;
    agg_ins *code;
    size_t ncode;
    double *values;
    char separator, decimal;
    unsigned char stop[256]; /* bytes that end an unquoted field */
    short kom_index[MAX_CODE];
};

struct ix_agg_counts {
    size_t stride; /* 1 + ncrit */
    const short *kom_index;
    int64_t *n;    /* [municipality index][stride] */
};

static char *dup_text(const char *s)
{
    size_t n = strlen(s) + 1;
    char *p = malloc(n);
    if (p)
        memcpy(p, s, n);
    return p;
}

void ix_agg_program_free(ix_agg_program *p)
{
    if (!p)
        return;
    for (size_t i = 0; i < p->ncols && p->header; i++)
        free(p->header[i]);
    free(p->header);
    for (size_t i = 0; i <= p->ncrit && p->names; i++)
        free(p->names[i]);
    free(p->names);
    free(p->code_name);
    free(p->role);
    free(p->code);
    free(p->values);
    free(p);
}

size_t ix_agg_program_ncriteria(const ix_agg_program *p) { return p->ncrit; }
const char *ix_agg_program_column(const ix_agg_program *p, size_t j) { return p->names[j]; }
const char *ix_agg_program_code_name(const ix_agg_program *p) { return p->code_name; }
const char *ix_agg_program_field(const ix_agg_program *p, size_t f) { return p->header[f]; }

/* Appends the postfix form of node to p->code; cap is its room. */
static int emit(ix_agg_program *p, const ix_agg_rules *r, const size_t *slot_of, size_t node,
                size_t cap)
{
    const ix_agg_node *n = &r->nodes[node];
    if (p->ncode + 1 > cap)
        return -1;
    agg_ins in = {0, 0, 0, 0, n->lo, n->hi};
    switch (n->kind) {
    case IX_AGG_RANGE: in.op = OP_RANGE; break;
    case IX_AGG_IN: in.op = OP_IN; in.first = n->first; in.n = n->n; break;
    case IX_AGG_ISNULL: in.op = OP_ISNULL; break;
    case IX_AGG_NOT:
        if (emit(p, r, slot_of, r->kids[n->first], cap))
            return -1;
        in.op = OP_NOT;
        p->code[p->ncode++] = in;
        return 0;
    case IX_AGG_AND:
    case IX_AGG_OR:
        if (n->n == 0) {
            in.op = OP_TRUE;
            p->code[p->ncode++] = in;
            return 0;
        }
        for (size_t i = 0; i < n->n; i++) {
            if (emit(p, r, slot_of, r->kids[n->first + i], cap))
                return -1;
            if (i > 0) {
                if (p->ncode + 1 > cap)
                    return -1;
                agg_ins c = {n->kind == IX_AGG_AND ? OP_AND : OP_OR, 0, 0, 0, 0, 0};
                p->code[p->ncode++] = c;
            }
        }
        return 0;
    }
    in.slot = slot_of[n->column];
    p->code[p->ncode++] = in;
    return 0;
}

static ix_status compile_oom(ix_agg_program *p, ix_diag *d)
{
    ix_agg_program_free(p);
    return ix_diag_set(d, IX_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
}

ix_status ix_agg_compile(const ix_agg_rules *r, const char *const *header, size_t ncols,
                         char separator, char decimal, const char *source, ix_agg_program **out,
                         ix_diag *d)
{
    *out = NULL;
    ix_status st = ix_agg_rules_check(r, d);
    if (st)
        return st;
    ix_agg_program *p = calloc(1, sizeof *p);
    if (!p)
        return ix_diag_set(d, IX_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    p->ncols = ncols;
    p->ncrit = r->ncriteria;
    p->separator = separator;
    p->decimal = decimal;
    p->header = calloc(ncols ? ncols : 1, sizeof *p->header);
    p->role = malloc((ncols ? ncols : 1) * sizeof *p->role);
    p->names = calloc(r->ncriteria + 1, sizeof *p->names);
    size_t *slot_of = malloc((r->ncolumns ? r->ncolumns : 1) * sizeof *slot_of);
    if (!p->header || !p->role || !p->names || !slot_of) {
        free(slot_of);
        return compile_oom(p, d);
    }
    for (size_t f = 0; f < ncols; f++) {
        p->role[f] = ROLE_SKIP;
        if (!(p->header[f] = dup_text(header[f]))) {
            free(slot_of);
            return compile_oom(p, d);
        }
    }
    /* Bind: the first header field of each name (the CSV reader refuses
     * duplicates; here the first wins, as ix_table_find does). */
    long code_field = -1;
    for (size_t f = 0; f < ncols && code_field < 0; f++)
        if (strcmp(header[f], r->municipality) == 0)
            code_field = (long)f;
    for (size_t c = 0; c < r->ncolumns && !st; c++) {
        long field = -1;
        for (size_t f = 0; f < ncols && field < 0; f++)
            if (strcmp(header[f], r->columns[c]) == 0)
                field = (long)f;
        if (field < 0)
            st = ix_diag_set(d, IX_ERR_INPUT, source, 1, 0, r->columns[c],
                             "the rules read column \"%s\", which the file does not have",
                             r->columns[c]);
        else if (field == code_field)
            st = ix_diag_set(d, IX_ERR_INPUT, source, 1, 0, r->columns[c],
                             "the municipality column cannot also be filtered on");
        else if (p->role[field] == ROLE_SKIP) {
            p->role[field] = (int)p->nslots++;
            slot_of[c] = (size_t)p->role[field];
        } else {
            slot_of[c] = (size_t)p->role[field];
        }
    }
    if (!st && code_field < 0)
        st = ix_diag_set(d, IX_ERR_INPUT, source, 1, 0, r->municipality,
                         "the file has no municipality column \"%s\"", r->municipality);
    if (st) {
        free(slot_of);
        ix_agg_program_free(p);
        return st;
    }
    p->role[code_field] = ROLE_CODE;
    /* Each node becomes at most two instructions (itself and one AND/OR),
     * plus one EMIT per criterion. */
    size_t cap = 2 * r->nnodes * r->ncriteria + r->ncriteria + 1;
    p->code = malloc(cap * sizeof *p->code);
    p->values = malloc((r->nvalues ? r->nvalues : 1) * sizeof *p->values);
    p->code_name = dup_text(r->code_name);
    p->names[0] = dup_text(r->population);
    if (!p->code || !p->values || !p->code_name || !p->names[0]) {
        free(slot_of);
        return compile_oom(p, d);
    }
    if (r->nvalues)
        memcpy(p->values, r->values, r->nvalues * sizeof *p->values);
    for (size_t i = 0; i < r->ncriteria; i++) {
        if (!(p->names[i + 1] = dup_text(r->criteria[i].id))) {
            free(slot_of);
            return compile_oom(p, d);
        }
        if (emit(p, r, slot_of, r->criteria[i].root, cap) || p->ncode + 1 > cap) {
            free(slot_of);
            ix_agg_program_free(p);
            return ix_diag_set(d, IX_ERR_MODEL, NULL, 0, 0, r->criteria[i].id,
                               "the rules are too large to compile");
        }
        agg_ins e = {OP_EMIT, 0, 0, 0, 0, 0};
        p->code[p->ncode++] = e;
    }
    free(slot_of);
    p->stop[(unsigned char)separator] = 1;
    p->stop['"'] = p->stop['\r'] = p->stop['\n'] = 1;
    for (size_t i = 0; i < MAX_CODE; i++)
        p->kom_index[i] = -1;
    for (size_t i = 0; i < ix_kommune_count(); i++)
        p->kom_index[ix_kommune_at(i)->code] = (short)i;
    *out = p;
    return IX_OK;
}

/* ---- counters ------------------------------------------------------------ */

ix_agg_counts *ix_agg_counts_new(const ix_agg_program *p)
{
    ix_agg_counts *c = malloc(sizeof *c);
    if (!c)
        return NULL;
    c->stride = 1 + p->ncrit;
    c->kom_index = p->kom_index;
    c->n = calloc(ix_kommune_count() * c->stride, sizeof *c->n);
    if (!c->n) {
        free(c);
        return NULL;
    }
    return c;
}

void ix_agg_counts_free(ix_agg_counts *c)
{
    if (c) {
        free(c->n);
        free(c);
    }
}

void ix_agg_counts_merge(ix_agg_counts *dst, const ix_agg_counts *src)
{
    size_t total = ix_kommune_count() * dst->stride;
    for (size_t i = 0; i < total; i++)
        dst->n[i] += src->n[i];
}

int64_t ix_agg_counts_get(const ix_agg_counts *c, int code, size_t j)
{
    if (code <= 0 || code >= MAX_CODE || c->kom_index[code] < 0 || j >= c->stride)
        return 0;
    return c->n[(size_t)c->kom_index[code] * c->stride + j];
}

/* ---- the kernel ------------------------------------------------------------ */

static int is_blank(unsigned char c) { return c == ' ' || c == '\t'; }

#if defined(__GNUC__)
#define IX_INLINE inline __attribute__((always_inline))
#else
#define IX_INLINE inline
#endif

/* A field's value: NaN when empty (missing), else its number. Returns 0, or
 * -1 with *why. */
static IX_INLINE int parse_value(const unsigned char *s, const unsigned char *e, char decimal, double *out,
                       const char **why)
{
    while (s < e && is_blank(*s))
        s++;
    while (e > s && is_blank(e[-1]))
        e--;
    if (s == e) {
        *out = NAN;
        return 0;
    }
    const unsigned char *q = s + (*s == '-' || *s == '+');
    if (q < e && e - q <= 15) {
        uint64_t v = 0;
        const unsigned char *t = q;
        while (t < e && (unsigned)(*t - '0') < 10)
            v = v * 10 + (uint64_t)(*t++ - '0');
        if (t == e) {
            *out = *s == '-' ? -(double)v : (double)v;
            return 0;
        }
    }
    char buf[64];
    if (e - s >= (long)sizeof buf) {
        *why = "too long for a number";
        return -1;
    }
    memcpy(buf, s, (size_t)(e - s));
    buf[e - s] = '\0';
    return ix_parse_number(buf, decimal, out, why);
}

/* The municipality's index in the table, or -1 with *why. */
static int parse_code(const ix_agg_program *p, const unsigned char *s, const unsigned char *e,
                      int *code, const char **why)
{
    int v = 0;
    const unsigned char *t = s;
    while (t < e && t - s < 4 && (unsigned)(*t - '0') < 10)
        v = v * 10 + (*t++ - '0');
    if (t != e || t == s) {
        char buf[32];
        if (e - s >= (long)sizeof buf) {
            *why = "a municipality code is 3 digits, like \"101\" or \"0101\"";
            return -1;
        }
        memcpy(buf, s, (size_t)(e - s));
        buf[e - s] = '\0';
        if (ix_kommune_parse_code(buf, &v, why) != 0)
            return -1;
    }
    *code = v;
    if (v <= 0 || v >= MAX_CODE || p->kom_index[v] < 0) {
        *why = "not one of the 98 municipalities";
        return -1;
    }
    return p->kom_index[v];
}

/* Characters (not bytes) from line start to at, plus one. */
static long column_of(const unsigned char *line, const unsigned char *at)
{
    long col = 1;
    for (const unsigned char *q = line; q < at; q++)
        col += (*q & 0xC0) != 0x80;
    return col;
}

static void note_bad(ix_agg_chunk_result *res, long line, long column, const char *field,
                     const char *what, const char *expected, const unsigned char *text, size_t len)
{
    res->nbad++;
    if (res->nkept >= IX_AGG_BAD_KEEP)
        return;
    ix_diag *d = &res->bad[res->nkept++];
    if (text) {
        int shown = (int)(len > 40 ? 40 : len);
        ix_diag_set(d, IX_ERR_PARSE, NULL, line, column, field, "expected %s, got \"%.*s\": %s",
                    expected, shown, (const char *)text, what);
    } else {
        ix_diag_set(d, IX_ERR_PARSE, NULL, line, column, field, "%s", what);
    }
}

static void evaluate(const ix_agg_program *p, const double *vals, int64_t *row)
{
    unsigned char st[IX_AGG_MAX_DEPTH + 4];
    size_t sp = 0;
    int64_t *out = row + 1;
    row[0]++;
    for (const agg_ins *in = p->code, *end = p->code + p->ncode; in < end; in++) {
        double v;
        switch (in->op) {
        case OP_RANGE:
            v = vals[in->slot];
            st[sp++] = v != v ? 1 : (unsigned char)((v >= in->lo && v <= in->hi) * 2);
            break;
        case OP_IN: {
            v = vals[in->slot];
            unsigned char t = v != v ? 1 : 0;
            for (size_t i = 0; i < in->n && !t; i++)
                if (v == p->values[in->first + i])
                    t = 2;
            st[sp++] = t;
            break;
        }
        case OP_ISNULL: v = vals[in->slot]; st[sp++] = v != v ? 2 : 0; break;
        case OP_TRUE: st[sp++] = 2; break;
        case OP_AND: sp--; if (st[sp] < st[sp - 1]) st[sp - 1] = st[sp]; break;
        case OP_OR: sp--; if (st[sp] > st[sp - 1]) st[sp - 1] = st[sp]; break;
        case OP_NOT: st[sp - 1] = (unsigned char)(2 - st[sp - 1]); break;
        default: *out++ += st[--sp] == 2; break;
        }
    }
}

/* ---- rows -------------------------------------------------------------------
 * Two ways to read a row. The fast one finds field ends through a bit mask of
 * the stop bytes in each 64-byte block (SSE2 compares where available), so a
 * field costs one count-trailing-zeros instead of a byte loop with a
 * mispredicted exit; it handles plain fields and CRLF. A row with a quote or
 * a stray CR is read again by the byte-at-a-time parser, which knows quoting. */

typedef struct {
    const char *why, *field, *expected;
    const unsigned char *at, *text;
    size_t len;
} row_error;

typedef struct {
    const unsigned char *base, *end, *blk;
    uint64_t mask; /* stop bytes of blk not yet consumed */
    unsigned char sep;
} scanner;

static uint64_t block_mask(const unsigned char *b, const unsigned char *end, unsigned char sep)
{
    unsigned char tmp[64];
    if (end - b < 64) { /* the last block: never read past the chunk */
        memset(tmp, 0, sizeof tmp);
        memcpy(tmp, b, (size_t)(end - b));
        b = tmp;
    }
#if defined(__SSE2__)
    const __m128i vs = _mm_set1_epi8((char)sep), vn = _mm_set1_epi8('\n');
    const __m128i vq = _mm_set1_epi8('"'), vr = _mm_set1_epi8('\r');
    uint64_t m = 0;
    for (int i = 0; i < 4; i++) {
        __m128i x = _mm_loadu_si128((const __m128i *)(const void *)(b + 16 * i));
        __m128i e = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(x, vs), _mm_cmpeq_epi8(x, vn)),
                                 _mm_or_si128(_mm_cmpeq_epi8(x, vq), _mm_cmpeq_epi8(x, vr)));
        m |= (uint64_t)(unsigned)_mm_movemask_epi8(e) << (16 * i);
    }
    return m;
#else
    uint64_t m = 0;
    for (int i = 0; i < 64; i++)
        m |= (uint64_t)(b[i] == sep || b[i] == '\n' || b[i] == '"' || b[i] == '\r') << i;
    return m;
#endif
}

static void scan_seek(scanner *s, const unsigned char *p)
{
    s->blk = s->base + ((size_t)(p - s->base) & ~(size_t)63);
    s->mask = s->blk < s->end ? block_mask(s->blk, s->end, s->sep) & (~0ULL << (p - s->blk)) : 0;
}

/* The next stop byte at or after the last position sought; the chunk ends
 * with '\n', so one is always found before its end. */
static IX_INLINE const unsigned char *scan_next(scanner *s)
{
    while (s->mask == 0) {
        s->blk += 64;
        s->mask = block_mask(s->blk, s->end, s->sep);
    }
    const unsigned char *p = s->blk + __builtin_ctzll(s->mask);
    s->mask &= s->mask - 1;
    return p;
}


static IX_INLINE int take_field(const ix_agg_program *p, size_t f, const unsigned char *vs,
                      const unsigned char *ve, double *vals, int *kidx, row_error *err)
{
    int role = p->role[f];
    int code = 0;
    if (role >= 0) {
        if (parse_value(vs, ve, p->decimal, &vals[role], &err->why) != 0)
            goto bad;
    } else if (role == ROLE_CODE) {
        *kidx = parse_code(p, vs, ve, &code, &err->why);
        if (*kidx < 0) {
            err->expected = "a municipality code";
            goto bad;
        }
    }
    return 0;
bad:
    err->field = p->header[f];
    err->at = vs;
    err->text = vs;
    err->len = (size_t)(ve - vs);
    return -1;
}

/* The fast reader: 0 read, -1 malformed (err), 1 needs the full parser. */
static int row_fast(const ix_agg_program *p, scanner *sc, const unsigned char **posp, double *vals,
                    int *kidx, row_error *err)
{
    const unsigned char *pos = *posp;
    const unsigned char sep = (unsigned char)p->separator;
    for (size_t f = 0; f < p->ncols; f++) {
        const unsigned char *e = scan_next(sc);
        if (*e == '"')
            return 1;
        int crlf = 0;
        if (*e == '\r') {
            if (e[1] != '\n')
                return 1;
            crlf = 1;
        }
        if (take_field(p, f, pos, e, vals, kidx, err)) {
            err->at = pos;
            return -1;
        }
        if (*e == sep) {
            if (f + 1 == p->ncols) {
                err->why = "more fields than the header has";
                err->at = e + 1;
                return -1;
            }
            pos = e + 1;
            continue;
        }
        if (crlf)
            e = scan_next(sc); /* the '\n' after the CR */
        if (f + 1 < p->ncols) {
            err->why = "fewer fields than the header has";
            err->at = crlf ? e - 1 : e;
            return -1;
        }
        *posp = e + 1;
    }
    return 0;
}

/* The full reader (quotes, stray CRs). On return *posp is where it stopped:
 * past the row, or inside it when malformed (err set, returns -1). */
static int row_full(const ix_agg_program *p, const unsigned char **posp, double *vals, int *kidx,
                    row_error *err)
{
    const unsigned char *pos = *posp;
    const unsigned char *stop = p->stop;
    const unsigned char sep = (unsigned char)p->separator;
    unsigned char qbuf[64];
    for (size_t f = 0; f < p->ncols; f++) {
        const unsigned char *fs = pos, *vs, *ve;
        err->field = p->header[f];
        err->at = fs;
        if (*pos == '"') { /* quoted: unescape into qbuf (numbers are short) */
            size_t q = 0;
            pos++;
            for (;;) {
                if (*pos == '\n') {
                    err->why = "unterminated quote (a quoted field cannot span lines here)";
                    goto bad;
                }
                if (*pos == '"') {
                    if (pos[1] != '"')
                        break;
                    pos++;
                }
                if (q < sizeof qbuf)
                    qbuf[q] = *pos;
                q++;
                pos++;
            }
            pos++;
            if (!stop[*pos] || *pos == '"') {
                err->why = "text after a closing quote";
                err->at = pos;
                goto bad;
            }
            vs = qbuf;
            ve = qbuf + (q < sizeof qbuf ? q : sizeof qbuf);
        } else {
            while (!stop[*pos])
                pos++;
            if (*pos == '"') {
                err->why = "a quote inside an unquoted field";
                err->at = pos;
                goto bad;
            }
            vs = fs;
            ve = pos;
        }
        if (take_field(p, f, vs, ve, vals, kidx, err)) {
            err->at = fs;
            goto bad;
        }
        if (*pos == sep) {
            pos++;
            if (f + 1 == p->ncols) {
                err->why = "more fields than the header has";
                err->field = NULL;
                err->at = pos;
                goto bad;
            }
            continue;
        }
        if (*pos == '\r') {
            if (pos[1] != '\n') {
                err->why = "a carriage return inside a field";
                err->at = pos;
                goto bad;
            }
            pos++;
        }
        if (f + 1 < p->ncols) {
            err->why = "fewer fields than the header has";
            err->field = NULL;
            err->at = pos;
            goto bad;
        }
    }
    *posp = pos + 1;
    return 0;
bad:
    *posp = pos;
    return -1;
}

void ix_agg_count_chunk(const ix_agg_program *p, const char *bytes, size_t len, ix_agg_counts *c,
                        ix_agg_chunk_result *res)
{
    memset(res, 0, offsetof(ix_agg_chunk_result, bad));
    double stackvals[64];
    double *vals = p->nslots <= 64 ? stackvals : malloc(p->nslots * sizeof *vals);
    if (!vals) { /* out of memory: every row is reported, none counted */
        note_bad(res, 1, 0, NULL, "out of memory", NULL, NULL, 0);
        return;
    }
    const unsigned char *pos = (const unsigned char *)bytes, *end = pos + len;
    scanner sc = {pos, end, pos, 0, (unsigned char)p->separator};
    scan_seek(&sc, pos);
    long line = 0;
    while (pos < end) {
        const unsigned char *ls = pos;
        line++;
        if (*pos == '\n' || (*pos == '\r' && pos + 1 < end && pos[1] == '\n')) {
            pos += *pos == '\r' ? 2 : 1; /* blank line */
            scan_seek(&sc, pos);
            continue;
        }
        row_error err = {NULL, NULL, "a number", NULL, NULL, 0};
        int kidx = -1;
        int rc = row_fast(p, &sc, &pos, vals, &kidx, &err);
        if (rc > 0) {
            pos = ls;
            err.field = NULL;
            rc = row_full(p, &pos, vals, &kidx, &err);
            if (rc == 0)
                scan_seek(&sc, pos);
        }
        if (rc < 0) {
            note_bad(res, line, column_of(ls, err.at), err.field, err.why, err.expected, err.text,
                     err.len);
            const unsigned char *nl = memchr(err.at, '\n', (size_t)(end - err.at));
            pos = nl ? nl + 1 : end;
            scan_seek(&sc, pos);
            continue;
        }
        evaluate(p, vals, c->n + (size_t)kidx * c->stride);
    }
    res->nlines = line;
    if (vals != stackvals)
        free(vals);
}
