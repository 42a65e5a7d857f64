/* Streaming bytes from a plain or gzip file, and a CSV header's names.
 *
 * The whole-file reader (csv.c) decodes a file into a table; this one never
 * holds more than the buffer its caller hands it, so files far larger than
 * memory read in constant space. Plain files go through read(2) straight
 * into the caller's buffer; gzip goes through zlib's gzread, which inflates
 * into it. gzip is recognised by its magic bytes, not by the name: on a
 * regular file by a pread of the first two bytes, on a pipe by letting zlib
 * look (gzdopen reads plain input through unchanged). */
#include "stream_csv.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#ifdef IX_HAVE_AGG_ZLIB
#include <zlib.h>
#endif

ix_status ix__stream_open(ix__stream *s, const char *path, ix_diag *d)
{
    memset(s, 0, sizeof *s);
    s->fd = -1;
    int is_stdin = strcmp(path, "-") == 0;
    snprintf(s->name, sizeof s->name, "%s", is_stdin ? "<stdin>" : path);
    s->fd = is_stdin ? STDIN_FILENO : open(path, O_RDONLY);
    if (s->fd < 0)
        return ix_diag_set(d, IX_ERR_IO, path, 0, 0, NULL, "cannot open: %s", strerror(errno));
    struct stat sb;
    int regular = fstat(s->fd, &sb) == 0 && S_ISREG(sb.st_mode);
    if (regular)
        s->total = (uint64_t)sb.st_size;
    int gzip = 0;
    if (regular) {
        unsigned char magic[2];
        gzip = pread(s->fd, magic, 2, 0) == 2 && magic[0] == 0x1f && magic[1] == 0x8b;
#ifdef POSIX_FADV_SEQUENTIAL
        (void)posix_fadvise(s->fd, 0, 0, POSIX_FADV_SEQUENTIAL);
#endif
    }
#ifdef IX_HAVE_AGG_ZLIB
    if (gzip || !regular) {
        int fd = is_stdin ? dup(s->fd) : s->fd;
        gzFile gz = fd >= 0 ? gzdopen(fd, "rb") : NULL;
        if (!gz) {
            if (fd >= 0 && is_stdin)
                close(fd);
            ix__stream_close(s);
            return ix_diag_set(d, IX_ERR_NOMEM, path, 0, 0, NULL, "cannot start reading gzip");
        }
        gzbuffer(gz, 1u << 18);
        s->gz = gz;
        if (!is_stdin)
            s->fd = -1; /* gzclose closes it */
    }
#else
    if (gzip) {
        ix__stream_close(s);
        return ix_diag_set(d, IX_ERR_USAGE, path, 0, 0, NULL,
                           "gzip input needs zlib, which this build lacks (Debian: zlib1g-dev); "
                           "decompress it first (gunzip -c %s | indeks aggregate --persons -)",
                           path);
    }
#endif
    return IX_OK;
}

ix_status ix__stream_read(ix__stream *s, char *buf, size_t cap, size_t *got, ix_diag *d)
{
    size_t have = 0;
#ifdef IX_HAVE_AGG_ZLIB
    if (s->gz) {
        gzFile gz = s->gz;
        while (have < cap) {
            unsigned want = cap - have > (1u << 30) ? 1u << 30 : (unsigned)(cap - have);
            int n = gzread(gz, buf + have, want);
            if (n < 0) {
                int errnum = 0;
                const char *msg = gzerror(gz, &errnum);
                return ix_diag_set(d, IX_ERR_IO, s->name, 0, 0, NULL, "cannot read gzip: %s",
                                   errnum == Z_ERRNO ? strerror(errno) : msg);
            }
            if (n == 0) {
                int errnum = 0;
                const char *msg = gzerror(gz, &errnum);
                if (errnum != Z_OK && errnum != Z_BUF_ERROR)
                    return ix_diag_set(d, IX_ERR_IO, s->name, 0, 0, NULL,
                                       "cannot read gzip: %s", msg);
                if (errnum == Z_BUF_ERROR)
                    return ix_diag_set(d, IX_ERR_IO, s->name, 0, 0, NULL,
                                       "the gzip data end early (truncated file?)");
                break;
            }
            have += (size_t)n;
        }
        s->done = (uint64_t)gzoffset(gz);
        *got = have;
        return IX_OK;
    }
#endif
    while (have < cap) {
        ssize_t n = read(s->fd, buf + have, cap - have);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return ix_diag_set(d, IX_ERR_IO, s->name, 0, 0, NULL, "cannot read: %s",
                               strerror(errno));
        }
        if (n == 0)
            break;
        have += (size_t)n;
    }
    s->done += have;
    *got = have;
    return IX_OK;
}

void ix__stream_close(ix__stream *s)
{
#ifdef IX_HAVE_AGG_ZLIB
    if (s->gz)
        gzclose(s->gz);
#endif
    s->gz = NULL;
    if (s->fd > STDIN_FILENO)
        close(s->fd);
    s->fd = -1;
}

static int blank(char c) { return c == ' ' || c == '\t'; }

long ix__csv_split_header(char *line, char **names, size_t max, char *separator, const char **why)
{
    size_t commas = 0, semis = 0;
    int inq = 0;
    for (char *p = line; *p; p++) {
        if (*p == '"')
            inq = !inq;
        else if (!inq)
            commas += *p == ',', semis += *p == ';';
    }
    if (inq) {
        *why = "unterminated quote in the header";
        return -1;
    }
    char sep = semis > commas ? ';' : ',';
    *separator = sep;
    size_t n = 0;
    char *p = line;
    for (;;) {
        while (blank(*p))
            p++;
        char *start = p, *w = p;
        if (*p == '"') { /* unquote in place */
            p++;
            for (;;) {
                if (*p == '"' && p[1] == '"')
                    *w++ = '"', p += 2;
                else if (*p == '"')
                    break;
                else
                    *w++ = *p++;
            }
            p++;
            while (blank(*p))
                p++;
            if (*p && *p != sep) {
                *why = "text after a closing quote in the header";
                return -1;
            }
        } else {
            while (*p && *p != sep)
                p++;
            w = p;
            while (w > start && blank(w[-1]))
                w--;
        }
        char end = *p;
        *w = '\0';
        if (w == start) {
            *why = "an empty name in the header";
            return -1;
        }
        if (n >= max) {
            *why = "too many columns in the header";
            return -1;
        }
        names[n++] = start;
        if (end == '\0')
            break;
        p++;
    }
    return (long)n;
}
