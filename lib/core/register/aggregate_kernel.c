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
#include "indeks/util.h"

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
    struct agg_fast *fast; /* the fast path's tables; NULL when the rules do not fit it */
    int use_fast;
};

struct ix_agg_counts {
    size_t stride; /* 1 + ncrit, rounded up to a multiple of 4 (columns past
                    * 1 + ncrit stay 0: the fast path counts 4 at a time) */
    const short *kom_index;
    int64_t *n;    /* [municipality index][stride] */
};

static void fast_free(struct agg_fast *f);
static struct agg_fast *fast_build(ix_agg_program *p, const ix_agg_rules *r, const size_t *slot_of,
                                   size_t cap);

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
    fast_free(p->fast);
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
        if (!(p->header[f] = ix_strdup(header[f]))) {
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
    p->code_name = ix_strdup(r->code_name);
    p->names[0] = ix_strdup(r->population);
    if (!p->code || !p->values || !p->code_name || !p->names[0]) {
        free(slot_of);
        return compile_oom(p, d);
    }
    if (r->nvalues)
        memcpy(p->values, r->values, r->nvalues * sizeof *p->values);
    for (size_t i = 0; i < r->ncriteria; i++) {
        if (!(p->names[i + 1] = ix_strdup(r->criteria[i].id))) {
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
    p->fast = fast_build(p, r, slot_of, cap);
    p->use_fast = p->fast != NULL;
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
    c->stride = 1 + ((p->ncrit + 3) & ~(size_t)3);
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
    if (memchr(s, '\0', (size_t)(e - s))) { /* the copy below would end at it */
        *why = "a NUL byte inside the number";
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
    unsigned char st[IX_AGG_MAX_DEPTH + 4] = {0};
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
        case OP_AND: if (sp >= 2) { sp--; if (st[sp] < st[sp - 1]) st[sp - 1] = st[sp]; } break;
        case OP_OR: if (sp >= 2) { sp--; if (st[sp] > st[sp - 1]) st[sp - 1] = st[sp]; } break;
        case OP_NOT: if (sp >= 1) st[sp - 1] = (unsigned char)(2 - st[sp - 1]); break;
        default: /* OP_EMIT; compiled code never has it on an empty stack,
                  * the guard (branch-free) is for the analyzer */
            sp -= sp != 0;
            *out++ += st[sp] == 2;
            break;
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
        __m128i x = _mm_loadu_si128((const __m128i *)(const void *)(b + (size_t)16 * (size_t)i));
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
 * past the row, or inside it when malformed (err set, returns -1). A quoted
 * field is unescaped into qbuf (QBUF_LEN bytes), which the caller owns: a
 * malformed value's err->text may point into it, so it must outlive err. */
enum { QBUF_LEN = 64 };
static int row_full(const ix_agg_program *p, const unsigned char **posp, double *vals, int *kidx,
                    row_error *err, unsigned char *qbuf)
{
    const unsigned char *pos = *posp;
    const unsigned char *stop = p->stop;
    const unsigned char sep = (unsigned char)p->separator;
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
                if (q < QBUF_LEN)
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
            ve = qbuf + (q < QBUF_LEN ? q : QBUF_LEN);
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
        const unsigned char *eol = pos;
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
            err->at = eol;
            goto bad;
        }
    }
    *posp = pos + 1;
    return 0;
bad:
    *posp = pos;
    return -1;
}

static long fast_chunk(const ix_agg_program *p, const unsigned char *pos, const unsigned char *end,
                       ix_agg_counts *c, ix_agg_chunk_result *res, double *vals);

void ix_agg_program_set_fast(ix_agg_program *p, int on) { p->use_fast = on && p->fast != NULL; }
int ix_agg_program_fast(const ix_agg_program *p) { return p->use_fast; }

void ix_agg_count_chunk(const ix_agg_program *p, const char *bytes, size_t len, ix_agg_counts *c,
                        ix_agg_chunk_result *res)
{
    memset(res, 0, offsetof(ix_agg_chunk_result, bad));
    double stackvals[64] = {0};
    double *vals = p->nslots <= 64 ? stackvals : calloc(p->nslots, sizeof *vals);
    if (!vals) { /* out of memory: every row is reported, none counted */
        note_bad(res, 1, 0, NULL, "out of memory", NULL, NULL, 0);
        return;
    }
    if (p->use_fast) {
        res->nlines = fast_chunk(p, (const unsigned char *)bytes,
                                 (const unsigned char *)bytes + len, c, res, vals);
        if (vals != stackvals)
            free(vals);
        return;
    }
    const unsigned char *pos = (const unsigned char *)bytes, *end = pos + len;
    unsigned char qbuf[QBUF_LEN]; /* row_full's; err.text may point into it */
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
            rc = row_full(p, &pos, vals, &kidx, &err, qbuf);
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

/* ---- the fast path ------------------------------------------------------------
 * Compiled once more, for speed. Each criterion's tree is cut into its largest
 * subtrees that read a single column ("virtual leaves", at most 64): such a
 * subtree's Kleene value is a function of that one field, so for a column
 * whose constants span a small integer range it is tabulated: per slot, a
 * table from the (clamped) integer value, or "missing", to two bit masks over
 * the virtual leaves, one of those true, one of those false. A row then costs
 * one lookup per column read, OR'd into two 64-bit masks; a criterion that is
 * an AND of virtual leaves (what RULES.json's objects give) is true when all
 * its leaves' bits are in the true mask. Other criteria run a small postfix
 * program over the two masks (Kleene AND/OR/NOT on (true, false) bit pairs).
 *
 * Rows are read only up to the last field the rules use: the fields before
 * are found with the stop-byte masks and parsed (integers of up to 8 digits
 * by a SWAR multiply, without a loop), and the rest of the line is passed
 * over by popcounts of the separator mask up to the next '\n', which also
 * checks the field count. Any irregularity (a quote or stray CR, a wrong
 * field count, a value the short paths cannot read) sends the row to
 * row_full, the reference reader, which reads it again and describes any
 * error exactly as the slow path does. */

typedef struct {
    uint64_t t, f;
} tf_pair;

/* No subtree true or false: what an unset slot of the row loop's sel[]
 * points to (every slot is set for each row counted; this is for the
 * analyzer, and costs one fill per chunk). */
static const tf_pair tf_none = {0, 0};

typedef struct {
    tf_pair *tab; /* [0] missing; [1 + v - base] for base <= v <= top; NULL: no table */
    tf_pair nul;  /* the masks of a missing value */
    int64_t base, top;
    const tf_pair *digit; /* tab + 1 - base: indexed by 0..9 directly; NULL if not covered */
} agg_slot;

enum { FOP_AND = 64, FOP_OR, FOP_NOT, FOP_TRUE, FOP_FALSE, FOP_UNKNOWN };
#define FAST_MAX_LEAVES 64
#define FAST_MAX_TABLE 4096

typedef struct agg_fast {
    size_t maxf; /* the last field the rules read */
    size_t nvl;
    agg_slot *slots;              /* [nslots] */
    size_t vl_slot[FAST_MAX_LEAVES], vl_first[FAST_MAX_LEAVES], vl_n[FAST_MAX_LEAVES];
    agg_ins *vl_code;             /* the virtual leaves' postfix code */
    size_t nvl_code;
    int all_pure;
    int *pure;                    /* [ncrit] */
    uint64_t *need;               /* [ncrit]: leaves an AND-only criterion needs */
    unsigned char *ops;           /* criteria programs: 0..63 leaf, FOP_* */
    size_t *cfirst, *cn, nops;
    size_t nslots;
    int avx2;   /* run the AVX2 copy of the row loop */
    int padded; /* need[] is padded with criteria that never hold */
    struct agg_field *plan; /* [maxf + 1]: what to do with each field up to maxf */
} agg_fast;

/* A field up to maxf, with its slot's table at hand. */
typedef struct agg_field {
    const tf_pair *digit, *tab, *nul; /* as in its slot (NULL for other kinds) */
    int64_t base, top;
    int slot; /* >= 0 a value slot; ROLE_SKIP or ROLE_CODE */
} agg_field;

static void fast_free(agg_fast *f)
{
    if (!f)
        return;
    for (size_t s = 0; f->slots && s < f->nslots; s++)
        free(f->slots[s].tab);
    free(f->slots);
    free(f->vl_code);
    free(f->pure);
    free(f->need);
    free(f->ops);
    free(f->cfirst);
    free(f->cn);
    free(f->plan);
    free(f);
}

/* The column a subtree reads: >= 0 one column, -1 none (a constant), -2
 * several. */
static long node_col(const ix_agg_rules *r, size_t node)
{
    const ix_agg_node *n = &r->nodes[node];
    if (n->kind == IX_AGG_RANGE || n->kind == IX_AGG_IN || n->kind == IX_AGG_ISNULL)
        return (long)n->column;
    long col = -1;
    size_t nk = n->kind == IX_AGG_NOT ? 1 : n->n;
    for (size_t i = 0; i < nk; i++) {
        long k = node_col(r, r->kids[n->first + i]);
        if (k == -2 || (k >= 0 && col >= 0 && k != col))
            return -2;
        if (k >= 0)
            col = k;
    }
    return col;
}

/* A constant subtree's value (0 false, 1 unknown, 2 true). */
static int const_val(const ix_agg_rules *r, size_t node)
{
    const ix_agg_node *n = &r->nodes[node];
    if (n->kind == IX_AGG_NOT)
        return 2 - const_val(r, r->kids[n->first]);
    int v = n->kind == IX_AGG_AND ? 2 : 0;
    for (size_t i = 0; i < n->n; i++) {
        int k = const_val(r, r->kids[n->first + i]);
        v = n->kind == IX_AGG_AND ? (k < v ? k : v) : (k > v ? k : v);
    }
    return v;
}

/* A single-column program's value when its column holds v (NaN: missing). */
static unsigned char eval_one(const ix_agg_program *p, const agg_ins *in, size_t n, double v)
{
    /* The compiler emits well-formed postfix programs; the depth checks
     * only keep a malformed one from reading outside the stack. */
    unsigned char st[IX_AGG_MAX_DEPTH + 4] = {0};
    size_t sp = 0;
    for (const agg_ins *end = in + n; in < end && sp < sizeof st; in++) {
        switch (in->op) {
        case OP_RANGE: st[sp++] = v != v ? 1 : (unsigned char)((v >= in->lo && v <= in->hi) * 2); break;
        case OP_IN: {
            unsigned char t = v != v ? 1 : 0;
            for (size_t i = 0; i < in->n && !t; i++)
                if (v == p->values[in->first + i])
                    t = 2;
            st[sp++] = t;
            break;
        }
        case OP_ISNULL: st[sp++] = v != v ? 2 : 0; break;
        case OP_TRUE: st[sp++] = 2; break;
        case OP_AND: if (sp >= 2) { sp--; if (st[sp] < st[sp - 1]) st[sp - 1] = st[sp]; } break;
        case OP_OR: if (sp >= 2) { sp--; if (st[sp] > st[sp - 1]) st[sp - 1] = st[sp]; } break;
        case OP_NOT: if (sp >= 1) st[sp - 1] = (unsigned char)(2 - st[sp - 1]); break;
        default: break;
        }
    }
    return st[0];
}

/* The masks of slot s holding v, without the table. */
static void slot_eval(const ix_agg_program *p, const agg_fast *f, size_t s, double v, tf_pair *out)
{
    out->t = out->f = 0;
    for (size_t i = 0; i < f->nvl; i++) {
        if (f->vl_slot[i] != s)
            continue;
        unsigned char t = eval_one(p, f->vl_code + f->vl_first[i], f->vl_n[i], v);
        out->t |= (uint64_t)(t == 2) << i;
        out->f |= (uint64_t)(t == 0) << i;
    }
}

static int cemit(ix_agg_program *p, agg_fast *f, const ix_agg_rules *r, const size_t *slot_of,
                 size_t node, size_t cap)
{
    if (f->nops + 1 > cap)
        return -1;
    long col = node_col(r, node);
    if (col == -1) {
        int v = const_val(r, node);
        f->ops[f->nops++] = v == 2 ? FOP_TRUE : v == 0 ? FOP_FALSE : FOP_UNKNOWN;
        return 0;
    }
    if (col >= 0) {
        if (f->nvl >= FAST_MAX_LEAVES)
            return -1;
        agg_ins *save = p->code;
        size_t nsave = p->ncode;
        p->code = f->vl_code;
        p->ncode = f->nvl_code;
        int rc = emit(p, r, slot_of, node, cap);
        size_t i = f->nvl++;
        f->vl_slot[i] = slot_of[col];
        f->vl_first[i] = f->nvl_code;
        f->vl_n[i] = p->ncode - f->nvl_code;
        f->nvl_code = p->ncode;
        p->code = save;
        p->ncode = nsave;
        if (rc)
            return -1;
        f->ops[f->nops++] = (unsigned char)i;
        return 0;
    }
    const ix_agg_node *n = &r->nodes[node];
    if (n->kind == IX_AGG_NOT) {
        if (cemit(p, f, r, slot_of, r->kids[n->first], cap) || f->nops + 1 > cap)
            return -1;
        f->ops[f->nops++] = FOP_NOT;
        return 0;
    }
    for (size_t i = 0; i < n->n; i++) {
        if (cemit(p, f, r, slot_of, r->kids[n->first + i], cap))
            return -1;
        if (i > 0) {
            if (f->nops + 1 > cap)
                return -1;
            f->ops[f->nops++] = n->kind == IX_AGG_AND ? FOP_AND : FOP_OR;
        }
    }
    return 0;
}

void ix_agg_program_allow_avx2(ix_agg_program *p, int allowed)
{
    if (p && p->fast && !allowed)
        p->fast->avx2 = 0;
}

static agg_fast *fast_build(ix_agg_program *p, const ix_agg_rules *r, const size_t *slot_of,
                            size_t cap)
{
    agg_fast *f = calloc(1, sizeof *f);
    if (!f)
        return NULL;
    f->nslots = p->nslots;
    if (p->nslots > FAST_MAX_LEAVES) { /* cannot be: every slot has a leaf */
        free(f);
        return NULL;
    }
    f->slots = calloc(p->nslots ? p->nslots : 1, sizeof *f->slots);
    f->vl_code = malloc(cap * sizeof *f->vl_code);
    f->ops = malloc(cap);
    f->pure = calloc(p->ncrit ? p->ncrit : 1, sizeof *f->pure);
    /* padded to a multiple of 4 with a leaf that does not exist, so the
     * padding criteria never hold */
    const size_t ncrit_alloc = p->ncrit ? p->ncrit : 1; /* never calloc(0) */
    f->need = calloc((ncrit_alloc + 3) & ~(size_t)3, sizeof *f->need);
    f->cfirst = calloc(ncrit_alloc, sizeof *f->cfirst);
    f->cn = calloc(ncrit_alloc, sizeof *f->cn);
    if (!f->slots || !f->vl_code || !f->ops || !f->pure || !f->need || !f->cfirst || !f->cn)
        goto fail;
    for (size_t fl = 0; fl < p->ncols; fl++)
        if (p->role[fl] != ROLE_SKIP)
            f->maxf = fl;
#if defined(__GNUC__) && !defined(__clang__) && defined(__x86_64__)
    __builtin_cpu_init();
    f->avx2 = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("bmi") &&
              __builtin_cpu_supports("bmi2") && __builtin_cpu_supports("popcnt");
#endif
    f->all_pure = 1;
    for (size_t c = 0; c < p->ncrit; c++) {
        f->cfirst[c] = f->nops;
        if (cemit(p, f, r, slot_of, r->criteria[c].root, cap))
            goto fail;
        f->cn[c] = f->nops - f->cfirst[c];
        int pure = 1;
        uint64_t need = 0;
        for (size_t k = f->cfirst[c]; k < f->nops; k++) {
            unsigned char op = f->ops[k];
            if (op < FAST_MAX_LEAVES)
                need |= 1ULL << op;
            else if (op != FOP_AND && op != FOP_TRUE)
                pure = 0;
        }
        f->pure[c] = pure;
        f->need[c] = need;
        f->all_pure &= pure;
    }
    for (size_t c = p->ncrit; c < ((p->ncrit + 3) & ~(size_t)3); c++)
        f->need[c] = 1ULL << 63;
    f->padded = f->nvl < FAST_MAX_LEAVES;
    for (size_t s = 0; s < p->nslots; s++) {
        agg_slot *sl = &f->slots[s];
        slot_eval(p, f, s, NAN, &sl->nul);
        /* the range of the finite constants, one wider on each side: any
         * integer beyond it compares with every constant as its edge does */
        double lo = INFINITY, hi = -INFINITY;
        for (size_t i = 0; i < f->nvl; i++) {
            if (f->vl_slot[i] != s)
                continue;
            for (size_t k = f->vl_first[i]; k < f->vl_first[i] + f->vl_n[i]; k++) {
                const agg_ins *in = &f->vl_code[k];
                if (in->op == OP_RANGE) {
                    if (isfinite(in->lo))
                        lo = fmin(lo, in->lo), hi = fmax(hi, in->lo);
                    if (isfinite(in->hi))
                        lo = fmin(lo, in->hi), hi = fmax(hi, in->hi);
                } else if (in->op == OP_IN) {
                    for (size_t j = 0; j < in->n; j++)
                        lo = fmin(lo, p->values[in->first + j]),
                        hi = fmax(hi, p->values[in->first + j]);
                }
            }
        }
        if (lo > hi)
            lo = hi = 0;
        if (!(lo > -1e15 && hi < 1e15) || hi - lo > FAST_MAX_TABLE)
            continue; /* no table: such a column is evaluated as read */
        sl->base = (int64_t)floor(lo) - 1;
        sl->top = (int64_t)ceil(hi) + 1;
        /* cover 0..9 too when that stays small: single digits then need no
         * clamping */
        int cover = (sl->top > 9 ? sl->top : 9) - (sl->base < 0 ? sl->base : 0) <= FAST_MAX_TABLE;
        if (cover) {
            sl->base = sl->base < 0 ? sl->base : 0;
            sl->top = sl->top > 9 ? sl->top : 9;
        }
        size_t size = (size_t)(sl->top - sl->base) + 2;
        if (!(sl->tab = malloc(size * sizeof *sl->tab)))
            goto fail;
        sl->tab[0] = sl->nul;
        for (int64_t v = sl->base; v <= sl->top; v++)
            slot_eval(p, f, s, (double)v, &sl->tab[1 + v - sl->base]);
        if (cover)
            sl->digit = sl->tab + 1 - sl->base;
    }
    if (!(f->plan = calloc(f->maxf + 1, sizeof *f->plan)))
        goto fail;
    for (size_t fl = 0; fl <= f->maxf; fl++) {
        agg_field *pf = &f->plan[fl];
        pf->slot = p->role[fl];
        if (pf->slot >= 0) {
            const agg_slot *sl = &f->slots[pf->slot];
            pf->digit = sl->digit;
            pf->tab = sl->tab;
            pf->nul = &sl->nul;
            pf->base = sl->base;
            pf->top = sl->top;
        }
    }
    return f;
fail:
    fast_free(f);
    return NULL;
}

/* The masks of slot s holding v (NaN: missing). */
static IX_INLINE tf_pair slot_tf(const ix_agg_program *p, const agg_fast *f, size_t s, double v)
{
    const agg_slot *sl = &f->slots[s];
    tf_pair x;
    if (v != v) {
        x = sl->nul;
    } else if (sl->tab && v == floor(v) && fabs(v) < 9e15) {
        int64_t k = (int64_t)v;
        k = k < sl->base ? sl->base : k > sl->top ? sl->top : k;
        x = sl->tab[1 + k - sl->base];
    } else {
        slot_eval(p, f, s, v, &x);
    }
    return x;
}

static int crit_generic(const agg_fast *f, size_t c, uint64_t t, uint64_t fm)
{
    unsigned char st[IX_AGG_MAX_DEPTH + 4] = {0}, sf[IX_AGG_MAX_DEPTH + 4] = {0};
    size_t sp = 0;
    for (size_t k = f->cfirst[c]; k < f->cfirst[c] + f->cn[c]; k++) {
        unsigned char op = f->ops[k];
        if (op < FAST_MAX_LEAVES) {
            st[sp] = (unsigned char)(t >> op & 1);
            sf[sp++] = (unsigned char)(fm >> op & 1);
            continue;
        }
        switch (op) {
        case FOP_AND: sp--; st[sp - 1] &= st[sp]; sf[sp - 1] |= sf[sp]; break;
        case FOP_OR: sp--; st[sp - 1] |= st[sp]; sf[sp - 1] &= sf[sp]; break;
        case FOP_NOT: { unsigned char x = st[sp - 1]; st[sp - 1] = sf[sp - 1]; sf[sp - 1] = x; break; }
        case FOP_TRUE: st[sp] = 1; sf[sp++] = 0; break;
        case FOP_FALSE: st[sp] = 0; sf[sp++] = 1; break;
        default: st[sp] = 0; sf[sp++] = 0; break;
        }
    }
    return st[0];
}

static IX_INLINE void count_row(const agg_fast *f, size_t ncrit, int64_t *row, uint64_t t,
                                uint64_t fm)
{
    row[0]++;
    const uint64_t *need = f->need;
    if (f->all_pure) {
        for (size_t c = 0; c < ncrit; c++)
            row[1 + c] += (t & need[c]) == need[c];
    } else {
        for (size_t c = 0; c < ncrit; c++)
            row[1 + c] += f->pure[c] ? (t & need[c]) == need[c] : crit_generic(f, c, t, fm);
    }
}

/* n (1..8) ASCII digits at s (8 bytes readable) as a number; 0 when a byte
 * is not a digit. */
static IX_INLINE int swar_digits(const unsigned char *s, size_t n, uint64_t *out)
{
    uint64_t x;
    memcpy(&x, s, 8);
    x -= 0x3030303030303030ULL; /* a non-digit may borrow, only from higher bytes */
    x <<= 8 * (8 - n);          /* the digits to the top, zeros (leading 0s) below */
    if (((x + 0x7676767676767676ULL) | x) & 0x8080808080808080ULL)
        return 0;
    x = x * 10 + (x >> 8);
    x = (((x & 0x000000FF000000FFULL) * (100 + (1000000ULL << 32))) +
         (((x >> 16) & 0x000000FF000000FFULL) * (1 + (10000ULL << 32)))) >> 32;
    *out = x;
    return 1;
}

/* n (1..4) ASCII digits at s (4 bytes readable), as swar_digits. */
static IX_INLINE int swar_digits4(const unsigned char *s, size_t n, uint64_t *out)
{
    uint32_t x;
    memcpy(&x, s, 4);
    x -= 0x30303030u;
    x <<= 8 * (4 - n);
    if (((x + 0x76767676u) | x) & 0x80808080u)
        return 0;
    x = x * 10 + (x >> 8);                                   /* pairs in bytes 0 and 2 */
    *out = (((x & 0x00FF00FFu) * (1u + (100u << 16))) >> 16) & 0xFFFFu;
    return 1;
}


/* A value off the fast paths: its masks in *out; -1 when it is not a number. */
#if defined(__GNUC__)
__attribute__((noinline))
#endif
static int value_slow(const ix_agg_program *p, size_t slot, const unsigned char *fs,
                      const unsigned char *e, tf_pair *out)
{
    double d;
    const char *why;
    if (parse_value(fs, e, p->decimal, &d, &why) != 0)
        return -1;
    *out = slot_tf(p, p->fast, slot, d);
    return 0;
}

/* A municipality code off the fast path: its index, or -1. */
#if defined(__GNUC__)
__attribute__((noinline))
#endif
static int code_slow(const ix_agg_program *p, const unsigned char *fs, const unsigned char *e)
{
    int code;
    const char *why;
    return parse_code(p, fs, e, &code, &why);
}

/* A row the fast path does not take, read by the general reader: counted,
 * or described as malformed. Returns where the next row starts. Kept out of
 * line, so the row loop keeps its registers. */
#if defined(__GNUC__)
__attribute__((noinline))
#endif
static const unsigned char *slow_row(const ix_agg_program *p, const unsigned char *ls,
                                     const unsigned char *end, long line, ix_agg_counts *c,
                                     ix_agg_chunk_result *res, double *vals)
{
    const agg_fast *f = p->fast;
    const unsigned char *pos = ls;
    row_error err = {NULL, NULL, "a number", NULL, NULL, 0};
    unsigned char qbuf[QBUF_LEN]; /* row_full's; err.text may point into it */
    int kidx = -1;
    if (row_full(p, &pos, vals, &kidx, &err, qbuf) < 0) {
        note_bad(res, line, column_of(ls, err.at), err.field, err.why, err.expected, err.text,
                 err.len);
        const unsigned char *nl = memchr(err.at, '\n', (size_t)(end - err.at));
        return nl ? nl + 1 : end;
    }
    uint64_t rt = 0, rf = 0;
    for (size_t s = 0; s < p->nslots; s++) {
        tf_pair tx = slot_tf(p, f, s, vals[s]);
        rt |= tx.t;
        rf |= tx.f;
    }
    count_row(f, p->ncrit, c->n + (size_t)kidx * c->stride, rt, rf);
    return pos;
}

typedef struct {
    const unsigned char *blk;
    uint64_t cur; /* bits of blk not yet consumed */
} cursor;

/* The row loop is compiled twice from the same text (aggregate_rowloop.inc,
 * included twice below): for the baseline ISA, and with AVX2, BMI and POPCNT
 * (64-byte masks from two 32-byte compares, popcnt/tzcnt instructions),
 * chosen at run time by what the processor has. */
#if defined(__GNUC__) && !defined(__clang__) && defined(__x86_64__)
#define IX_AGG_HAVE_AVX2_CLONE 1
#endif
#define FAST_CAT2(a, b) a##_##b
#define FAST_CAT(a, b) FAST_CAT2(a, b)
#define FAST(name) FAST_CAT(name, FAST_ISA)
#define IX_AGG_KERNEL_BODY 1
#define FAST_ISA base
#include "aggregate_rowloop.inc"
#undef FAST_ISA
#ifdef IX_AGG_HAVE_AVX2_CLONE
#pragma GCC push_options
#pragma GCC target("avx2,bmi,bmi2,popcnt,lzcnt")
#include <immintrin.h>
#define FAST_ISA avx2
#include "aggregate_rowloop.inc"
#undef FAST_ISA
#pragma GCC pop_options
#endif
#undef IX_AGG_KERNEL_BODY

static long fast_chunk(const ix_agg_program *p, const unsigned char *pos, const unsigned char *end,
                       ix_agg_counts *c, ix_agg_chunk_result *res, double *vals)
{
#ifdef IX_AGG_HAVE_AVX2_CLONE
    if (p->fast->avx2)
        return fast_chunk_avx2(p, pos, end, c, res, vals);
#endif
    return fast_chunk_base(p, pos, end, c, res, vals);
}

