/* GUSA's outbox: one .eml file per invitation mail (gusa_outbox.h). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "indeks/gusa_outbox.h"
#include "indeks/sink.h"

/* Header values: no CR or LF (no header injection); anything else kept. */
static void header_value(ix_sink *s, const char *v)
{
    for (const char *p = v ? v : ""; *p; p++)
        ix_sink_put(s, (*p == '\r' || *p == '\n') ? " " : p, 1);
}

ix_status ix_gusa_outbox_write(const char *dir, long long id, const char *to,
                               const char *subject, const char *body, char *name, size_t size,
                               ix_diag *d)
{
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    char stamp[32], date[64], file[64], path[4096], tmp[4200];
    strftime(stamp, sizeof stamp, "%Y%m%dT%H%M%SZ", &tm);
    strftime(date, sizeof date, "%a, %d %b %Y %H:%M:%S +0000", &tm);
    snprintf(file, sizeof file, "%s-invitation-%lld.eml", stamp, id);
    int n = snprintf(path, sizeof path, "%s/%s", dir, file);
    if (n < 0 || (size_t)n >= sizeof path)
        return ix_diag_set(d, IX_ERR_USAGE, dir, 0, 0, "outbox", "the outbox path is too long");
    snprintf(tmp, sizeof tmp, "%s/.%s.tmp", dir, file);
    ix_buf b;
    ix_buf_init(&b);
    ix_sink s = ix_buf_sink(&b);
    ix_sink_puts(&s, "From: gusa@localhost\r\nTo: ");
    header_value(&s, to);
    ix_sink_printf(&s, "\r\nDate: %s\r\nSubject: ", date);
    header_value(&s, subject);
    ix_sink_puts(&s, "\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n"
                     "Content-Transfer-Encoding: 8bit\r\n\r\n");
    for (const char *p = body ? body : ""; *p; p++) /* bare LF -> CRLF */
        ix_sink_put(&s, *p == '\n' ? "\r\n" : p, *p == '\n' ? 2 : 1);
    ix_sink_puts(&s, "\r\n");
    if (s.failed) {
        ix_buf_free(&b);
        return ix_diag_set(d, IX_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    }
    int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL, 0600);
    ix_status st = IX_OK;
    if (fd < 0)
        st = ix_diag_set(d, IX_ERR_IO, tmp, 0, 0, "outbox", "cannot write the mail: %s",
                         strerror(errno));
    else {
        size_t off = 0;
        while (off < b.len) {
            ssize_t w = write(fd, b.data + off, b.len - off);
            if (w < 0 && errno == EINTR)
                continue;
            if (w <= 0)
                break;
            off += (size_t)w;
        }
        int bad = off != b.len || fsync(fd) != 0;
        bad |= close(fd) != 0;
        if (bad || rename(tmp, path) != 0) {
            st = ix_diag_set(d, IX_ERR_IO, path, 0, 0, "outbox", "cannot write the mail: %s",
                             strerror(errno));
            unlink(tmp);
        }
    }
    ix_buf_free(&b);
    if (!st && name && size)
        snprintf(name, size, "%s", file);
    return st;
}
