/* Counting a whole persons file: one pass, fixed memory, several threads.
 *
 * The calling thread reads; T worker threads count. A fixed pool of 2T + 2
 * chunk buffers circulates: the reader takes a free buffer, fills it from
 * the stream, cuts it after its last line end (the partial line is copied to
 * the front of the next buffer) and queues it; a worker takes the oldest
 * queued chunk and counts it into the worker's own counters. Chunks are
 * numbered as read, and a finished chunk is "committed" strictly in that
 * order (by whichever worker finishes the chunk that is next): committing
 * turns its chunk-relative line numbers into file line numbers, adds its
 * malformed rows to the run's tally and returns the buffer to the pool. So
 * the first malformed row reported, and the decision to stop, are the same
 * for any thread count, and counts are merged as integers at the end.
 *
 * A plain file is mapped instead (map_all): the chunks are then pieces of
 * the mapping, cut at line ends by the calling thread, which copies nothing;
 * the same pool of chunk records bounds how far counting runs ahead of
 * committing, and committed pages are dropped from the mapping.
 *
 * Invariant: at most npool chunks are out between the next chunk to commit
 * and the next to read, so slot seq % npool names a chunk uniquely. */
#define _DEFAULT_SOURCE /* madvise, MADV_* */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/mman.h>
#include <unistd.h>

#include "indeks/aggregate.h"
#include "indeks/kommuner.h"
#include "stream_csv.h"

#define DEFAULT_CHUNK (1u << 20)
#define MAX_THREADS 64
#define MAX_HEADER_FIELDS 4096

typedef struct {
    char *buf;        /* the chunk's own buffer (read path) */
    const char *data; /* what is counted: buf, or a piece of the mapped file */
    size_t len;
    int done;
    ix_agg_chunk_result res;
} chunk;

typedef struct {
    pthread_mutex_t mu;
    pthread_cond_t cv_work, cv_free;
    chunk *pool;
    size_t npool;
    size_t *freelist, nfree;
    chunk **slot;      /* by sequence number % npool */
    long next_seq;     /* the next chunk to read */
    long next_take;    /* the next chunk a worker takes */
    long next_commit;  /* the next chunk to commit */
    int eof, stop;
    const ix_agg_program *prog;
    /* committed state */
    const char *source;
    long lines; /* physical lines committed, header included */
    long skip_bad;
    ix_agg_run_report *rep;
    int have_first;
    ix_diag first_bad;
    int failed;
    /* mapped input: committed pages are dropped from the mapping */
    const char *map;
    size_t map_len, released;
    int populate;
} pipeline;

typedef struct {
    pipeline *pl;
    ix_agg_counts *counts;
} worker;

static void commit_chunk(pipeline *pl, chunk *c)
{
    ix_agg_run_report *rep = pl->rep;
    for (size_t k = 0; k < c->res.nkept; k++) {
        ix_diag bad = c->res.bad[k];
        bad.line += pl->lines;
        snprintf(bad.file, sizeof bad.file, "%s", pl->source);
        if (!pl->have_first) {
            pl->first_bad = bad;
            pl->have_first = 1;
        }
        if (rep->nkept < IX_AGG_REPORT_KEEP)
            rep->bad[rep->nkept++] = bad;
    }
    rep->nbad += c->res.nbad;
    pl->lines += c->res.nlines;
    if (rep->nbad > pl->skip_bad && !pl->failed) {
        pl->failed = 1;
        pl->stop = 1;
    }
}

/* Mapped input: after a chunk is committed the pages wholly before its end are
 * not needed again; dropping them keeps the resident size bounded (the page
 * cache keeps them: this only unmaps). */
static void release_mapped(pipeline *pl, const chunk *c)
{
    if (!pl->map || c->data < pl->map || c->data >= pl->map + pl->map_len)
        return;
    size_t page = (size_t)sysconf(_SC_PAGESIZE);
    size_t upto = ((size_t)(c->data + c->len - pl->map) / page) * page;
    if (upto >= pl->released + (8u << 20) || upto + page >= pl->map_len) {
        (void)madvise((void *)(uintptr_t)(pl->map + pl->released), upto - pl->released,
                      MADV_DONTNEED);
        pl->released = upto;
    }
}

static void *work(void *arg)
{
    worker *w = arg;
    pipeline *pl = w->pl;
    pthread_mutex_lock(&pl->mu);
    for (;;) {
        while (pl->next_take == pl->next_seq && !pl->eof)
            pthread_cond_wait(&pl->cv_work, &pl->mu);
        if (pl->next_take == pl->next_seq)
            break; /* end of input and nothing queued */
        chunk *c = pl->slot[(size_t)pl->next_take % pl->npool];
        pl->next_take++;
        int skip = pl->stop;
        pthread_mutex_unlock(&pl->mu);
        if (skip)
            memset(&c->res, 0, offsetof(ix_agg_chunk_result, bad));
        else
            ix_agg_count_chunk(pl->prog, c->data, c->len, w->counts, &c->res);
        pthread_mutex_lock(&pl->mu);
        c->done = 1;
        while (pl->next_commit < pl->next_seq) {
            chunk *n = pl->slot[(size_t)pl->next_commit % pl->npool];
            if (!n->done)
                break;
            commit_chunk(pl, n);
            release_mapped(pl, n);
            n->done = 0;
            pl->freelist[pl->nfree++] = (size_t)(n - pl->pool);
            pl->next_commit++;
            pthread_cond_signal(&pl->cv_free);
        }
    }
    pthread_mutex_unlock(&pl->mu);
    return NULL;
}

/* A free buffer, or NULL once the run is stopping. */
static chunk *take_free(pipeline *pl)
{
    pthread_mutex_lock(&pl->mu);
    while (pl->nfree == 0 && !pl->stop)
        pthread_cond_wait(&pl->cv_free, &pl->mu);
    chunk *c = pl->stop ? NULL : &pl->pool[pl->freelist[--pl->nfree]];
    pthread_mutex_unlock(&pl->mu);
    return c;
}

static void submit(pipeline *pl, chunk *c, size_t len)
{
    if (!c->data)
        c->data = c->buf;
    c->len = len;
    c->done = 0;
    pthread_mutex_lock(&pl->mu);
    pl->slot[(size_t)pl->next_seq % pl->npool] = c;
    pl->next_seq++;
    pthread_cond_signal(&pl->cv_work);
    pthread_mutex_unlock(&pl->mu);
}

static void give_back(pipeline *pl, chunk *c)
{
    pthread_mutex_lock(&pl->mu);
    pl->freelist[pl->nfree++] = (size_t)(c - pl->pool);
    pthread_cond_signal(&pl->cv_free);
    pthread_mutex_unlock(&pl->mu);
}

/* Reads the header from the start of the first buffer (filled with *fill
 * bytes), compiles the program, and moves what follows the header to the
 * front of the buffer. */
static ix_status read_header(const ix_agg_rules *r, ix__stream *s, char *buf, size_t *fill,
                             size_t cap, ix_agg_program **prog, ix_diag *d)
{
    size_t n = *fill, start = 0;
    if (!buf || n == 0)
        return ix_diag_set(d, IX_ERR_PARSE, s->name, 1, 0, NULL, "empty file: no header line");
    if (n >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0)
        start = 3;
    if (n == start)
        return ix_diag_set(d, IX_ERR_PARSE, s->name, 1, 0, NULL, "empty file: no header line");
    char *nl = memchr(buf + start, '\n', n - start);
    if (!nl && n == cap)
        return ix_diag_set(d, IX_ERR_PARSE, s->name, 1, 0, NULL,
                           "the header line is longer than a chunk");
    size_t end = nl ? (size_t)(nl - buf) : n;
    size_t rest = nl ? end + 1 : n;
    size_t hlen = end - start;
    if (hlen > 0 && buf[start + hlen - 1] == '\r')
        hlen--;
    char *line = malloc(hlen + 1);
    char **names = malloc(MAX_HEADER_FIELDS * sizeof *names);
    ix_status st = IX_OK;
    if (!line || !names) {
        st = ix_diag_set(d, IX_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
        goto out;
    }
    memcpy(line, buf + start, hlen);
    line[hlen] = '\0';
    if (memchr(line, '\0', hlen)) {
        st = ix_diag_set(d, IX_ERR_PARSE, s->name, 1, 0, NULL,
                         "a NUL byte in the header: binary or UTF-16 file?");
        goto out;
    }
    char sep = ',';
    const char *why = NULL;
    long ncols = ix__csv_split_header(line, names, MAX_HEADER_FIELDS, &sep, &why);
    if (ncols < 0) {
        st = ix_diag_set(d, IX_ERR_PARSE, s->name, 1, 0, NULL, "%s", why);
        goto out;
    }
    /* Columns are found by name whatever their case: two of one name would
     * make the rules read one of them silently. */
    for (long i = 1; i < ncols; i++)
        for (long j = 0; j < i; j++)
            if (strcasecmp(names[i], names[j]) == 0) {
                st = ix_diag_set(d, IX_ERR_PARSE, s->name, 1, 0, names[i],
                                 "the header names column \"%s\" twice (columns %ld and %ld)",
                                 names[i], j + 1, i + 1);
                goto out;
            }
    st = ix_agg_compile(r, (const char *const *)names, (size_t)ncols, sep, sep == ';' ? ',' : '.',
                        s->name, prog, d);
    if (!st) {
        memmove(buf, buf + rest, n - rest);
        *fill = n - rest;
    }
out:
    free(line);
    free(names);
    return st;
}

/* The reading loop: fills chunks, cuts them at line ends, queues them. */
static ix_status read_all(pipeline *pl, ix__stream *s, chunk *cur, size_t fill, size_t cap,
                          const ix_agg_run_opts *o, ix_diag *d)
{
    int at_end = 0;
    for (;;) {
        size_t got = 0;
        if (!at_end) {
            ix_status st = ix__stream_read(s, cur->buf + fill, cap - fill, &got, d);
            if (st) {
                give_back(pl, cur);
                return st;
            }
            if (o->progress)
                o->progress(o->progress_ctx, s->done, s->total);
        }
        fill += got;
        at_end = at_end || fill < cap;
        if (at_end) {
            if (fill > 0 && cur->buf[fill - 1] != '\n')
                cur->buf[fill++] = '\n'; /* the buffer has a spare byte */
            if (fill > 0)
                submit(pl, cur, fill);
            else
                give_back(pl, cur);
            return IX_OK;
        }
        char *nl = NULL;
        for (size_t i = fill; i > 0; i--)
            if (cur->buf[i - 1] == '\n') {
                nl = cur->buf + i - 1;
                break;
            }
        if (!nl) {
            give_back(pl, cur);
            return ix_diag_set(d, IX_ERR_PARSE, s->name, 0, 0, NULL,
                               "a line longer than %zu bytes (the chunk size)", cap);
        }
        chunk *next = take_free(pl);
        if (!next) { /* stopping: a malformed row was committed */
            give_back(pl, cur);
            return IX_OK;
        }
        size_t used = (size_t)(nl - cur->buf) + 1;
        memcpy(next->buf, cur->buf + used, fill - used);
        fill -= used;
        submit(pl, cur, used);
        cur = next;
    }
}

/* The mapped counterpart of read_all: chunks are pieces of the mapping, cut
 * after their last line end, so nothing is copied; only a last line without
 * a line end is copied, into tail (cap + 1 bytes), to get one. */
static ix_status map_all(pipeline *pl, ix__stream *s, size_t off, size_t cap, char *tail,
                         const ix_agg_run_opts *o, ix_diag *d)
{
    const char *m = pl->map;
    size_t size = pl->map_len;
    while (off < size) {
        chunk *c = take_free(pl);
        if (!c)
            return IX_OK; /* stopping: a malformed row was committed */
        size_t want = size - off < cap ? size - off : cap;
        size_t len;
        if (off + want == size && m[size - 1] == '\n') {
            len = want;
        } else {
            const char *nl = NULL;
            for (size_t i = want; i > 0; i--)
                if (m[off + i - 1] == '\n') {
                    nl = m + off + i - 1;
                    break;
                }
            if (!nl && off + want < size) {
                give_back(pl, c);
                return ix_diag_set(d, IX_ERR_PARSE, s->name, 0, 0, NULL,
                                   "a line longer than %zu bytes (the chunk size)", cap);
            }
            if (!nl) { /* the last line, without a line end */
                memcpy(tail, m + off, want);
                tail[want] = '\n';
                c->data = tail;
                submit(pl, c, want + 1);
                break;
            }
            len = (size_t)(nl - (m + off)) + 1;
        }
        c->data = m + off;
#ifdef MADV_POPULATE_READ
        /* Map the chunk's pages here, in one call, rather than by faults in
         * the counting threads (fails harmlessly on kernels before 5.14). */
        if (pl->populate) {
            size_t page = (size_t)sysconf(_SC_PAGESIZE);
            size_t a = (off / page) * page;
            (void)madvise((void *)(uintptr_t)(m + a), off + len - a, MADV_POPULATE_READ);
        }
#endif
        submit(pl, c, len);
        off += len;
        if (o->progress)
            o->progress(o->progress_ctx, off, size);
    }
    return IX_OK;
}

static int default_threads(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n < 1 ? 1 : n > MAX_THREADS ? MAX_THREADS : (int)n;
}

ix_status ix_agg_run(const ix_agg_rules *r, const char *path, const ix_agg_run_opts *o,
                     ix_agg_program **prog_out, ix_agg_counts **counts_out, ix_agg_run_report *rep,
                     ix_diag *d)
{
    *prog_out = NULL;
    *counts_out = NULL;
    memset(rep, 0, sizeof *rep);
    int nthreads = o->threads > 0 ? (o->threads > MAX_THREADS ? MAX_THREADS : o->threads)
                                  : default_threads();
    size_t cap = o->chunk_size ? o->chunk_size : DEFAULT_CHUNK;
    pipeline pl;
    memset(&pl, 0, sizeof pl);
    pl.npool = 2 * (size_t)nthreads + 2;
    pl.skip_bad = o->skip_bad < 0 ? 0 : o->skip_bad;
    pl.rep = rep;
    pl.lines = 1;
    worker workers[MAX_THREADS];
    pthread_t tids[MAX_THREADS];
    int started = 0, sync_ok = 0;
    ix_agg_program *prog = NULL;
    ix__stream s;
    ix_status st = ix__stream_open(&s, path, d);
    if (st)
        return st;
    pl.source = s.name;
    pl.pool = calloc(pl.npool, sizeof *pl.pool);
    pl.freelist = malloc(pl.npool * sizeof *pl.freelist);
    pl.slot = calloc(pl.npool, sizeof *pl.slot); // NOLINT(bugprone-sizeof-expression): an array of chunk pointers
    if (!pl.pool || !pl.freelist || !pl.slot)
        goto nomem;
    for (size_t i = 0; i < pl.npool; i++) {
        if (!(pl.pool[i].buf = malloc(cap + 1)))
            goto nomem;
        pl.freelist[pl.nfree++] = pl.npool - 1 - i;
    }
    /* The first chunk: the header, then the rows after it. */
    chunk *first = &pl.pool[pl.freelist[--pl.nfree]];
    size_t fill = 0;
    st = ix__stream_read(&s, first->buf, cap, &fill, d);
    size_t fill0 = fill;
    if (!st)
        st = read_header(r, &s, first->buf, &fill, cap, &prog, d);
    if (st)
        goto out;
    ix_agg_program_allow_avx2(prog, !o->no_avx2);
    /* A plain regular file is mapped and counted in place (no copies, no
     * reading thread); gzip, pipes, or a failed mmap take the read path. */
    if (!s.gz && s.total > 0 && strcmp(path, "-") != 0 && s.total == (uint64_t)(size_t)s.total && !getenv("IX_AGG_NO_MMAP")) {
        void *m = mmap(NULL, (size_t)s.total, PROT_READ, MAP_PRIVATE, s.fd, 0);
        if (m != MAP_FAILED) {
            pl.map = m;
            pl.map_len = (size_t)s.total;
            (void)madvise(m, pl.map_len, MADV_SEQUENTIAL);
            /* Pre-mapping chunks in this thread pays only when it has a
             * processor of its own; otherwise the counting threads' faults
             * cost the same and nothing competes with them. */
            pl.populate = nthreads < default_threads() && !getenv("IX_AGG_NO_POPULATE");
        }
    }
    pl.prog = prog;
    if (pthread_mutex_init(&pl.mu, NULL) || pthread_cond_init(&pl.cv_work, NULL) ||
        pthread_cond_init(&pl.cv_free, NULL)) {
        st = ix_diag_set(d, IX_ERR_NOMEM, NULL, 0, 0, NULL, "cannot set up threads");
        goto out;
    }
    sync_ok = 1;
    for (int t = 0; t < nthreads; t++) {
        workers[t].pl = &pl;
        if (!(workers[t].counts = ix_agg_counts_new(prog)))
            goto nomem;
        if (pthread_create(&tids[t], NULL, work, &workers[t])) {
            ix_agg_counts_free(workers[t].counts);
            st = ix_diag_set(d, IX_ERR_NOMEM, NULL, 0, 0, NULL, "cannot start a thread");
            goto out;
        }
        started++;
    }
    if (pl.map) {
        /* The header's line end is at fill0 - fill in the file. */
        size_t off = fill0 - fill;
        first->data = NULL;
        give_back(&pl, first);
        /* No chunk's own buffer is written when mapped: the first one (that
         * held the header) serves for a last line without a line end. */
        char *tail = first->buf;
        st = map_all(&pl, &s, off, cap, tail, o, d);
    } else {
        /* The first buffer still holds the rows after the header: go on filling it. */
        st = read_all(&pl, &s, first, fill, cap, o, d);
    }
    goto out;
nomem:
    st = ix_diag_set(d, IX_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
out:
    if (sync_ok) {
        pthread_mutex_lock(&pl.mu);
        pl.eof = 1;
        if (st)
            pl.stop = 1;
        pthread_cond_broadcast(&pl.cv_work);
        pthread_mutex_unlock(&pl.mu);
    }
    for (int t = 0; t < started; t++)
        pthread_join(tids[t], NULL);
    if (pl.map)
        munmap((void *)(uintptr_t)pl.map, pl.map_len);
    if (!st && pl.failed) {
        *d = pl.first_bad;
        if (pl.skip_bad > 0) {
            size_t len = strlen(d->message);
            snprintf(d->message + len, sizeof d->message - len,
                     " (the first of more than %ld malformed rows: skip_bad %ld)", pl.skip_bad,
                     pl.skip_bad);
        }
        st = IX_ERR_PARSE;
    }
    if (!st) {
        for (int t = 1; t < started; t++)
            ix_agg_counts_merge(workers[0].counts, workers[t].counts);
        rep->lines = pl.lines;
        *counts_out = workers[0].counts;
        *prog_out = prog;
        prog = NULL;
        for (size_t k = 0; k < ix_kommune_count(); k++)
            rep->rows += (long)ix_agg_counts_get(*counts_out, ix_kommune_at(k)->code, 0);
    }
    for (int t = st ? 0 : 1; t < started; t++)
        ix_agg_counts_free(workers[t].counts);
    if (sync_ok) {
        pthread_mutex_destroy(&pl.mu);
        pthread_cond_destroy(&pl.cv_work);
        pthread_cond_destroy(&pl.cv_free);
    }
    for (size_t i = 0; pl.pool && i < pl.npool; i++)
        free(pl.pool[i].buf);
    free(pl.pool);
    free(pl.freelist);
    free(pl.slot);
    ix_agg_program_free(prog);
    ix__stream_close(&s);
    return st;
}
