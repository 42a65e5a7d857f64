/* A file read as a stream of bytes, plain or gzip (not public; used by
 * lib/io/register/aggregate_run.c). ix__stream is a plain struct the caller embeds;
 * ix__stream_close releases what ix__stream_open took. */
#ifndef INDEKS_IO_STREAM_CSV_H
#define INDEKS_IO_STREAM_CSV_H

#include <stddef.h>
#include <stdint.h>

#include "indeks/diag.h"

typedef struct ix__stream {
    int fd;
    void *gz;       /* gzFile when reading gzip */
    uint64_t total; /* the file's size; 0 when unknown (a pipe) */
    uint64_t done;  /* bytes consumed (compressed ones for gzip) */
    char name[256]; /* for diagnostics: the path or "<stdin>" */
} ix__stream;

/* Opens path ("-" = standard input). gzip is recognised by its first two
 * bytes (0x1f 0x8b); without zlib in the build such input is IX_ERR_USAGE
 * saying so. */
ix_status ix__stream_open(ix__stream *s, const char *path, ix_diag *d);
/* Reads until buf is full or the input ends; *got = 0 only at the end. */
ix_status ix__stream_read(ix__stream *s, char *buf, size_t cap, size_t *got, ix_diag *d);
void ix__stream_close(ix__stream *s);

/* Splits a CSV header line (no line end) into at most max names, unquoted
 * and trimmed of spaces and tabs, into names[] pointing into line (which is
 * modified). Detects the separator (',' or ';', whichever occurs more often
 * outside quotes; ',' on a tie). Returns the count, or -1 with *why. */
long ix__csv_split_header(char *line, char **names, size_t max, char *separator,
                          const char **why);

#endif
