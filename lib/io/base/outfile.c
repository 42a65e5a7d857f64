/* Whole-file reads and atomic writes (see include/indeks/outfile.h). */
#include "indeks/outfile.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static ix_status write_all(int fd, const char *bytes, size_t len)
{
    while (len > 0) {
        ssize_t w = write(fd, bytes, len);
        if (w < 0) {
            if (errno == EINTR)
                continue;
            return IX_ERR_IO;
        }
        bytes += w;
        len -= (size_t)w;
    }
    return IX_OK;
}

ix_status ix_write_file_atomic(const char *path, const char *bytes, size_t len, ix_diag *d)
{
    if (!path || strcmp(path, "-") == 0) {
        if (write_all(STDOUT_FILENO, bytes, len) != IX_OK)
            return ix_diag_set(d, IX_ERR_IO, "<stdout>", 0, 0, NULL, "cannot write: %s",
                               strerror(errno));
        return IX_OK;
    }
    size_t n = strlen(path) + 16;
    char *tmp = malloc(n);
    if (!tmp)
        return ix_diag_set(d, IX_ERR_NOMEM, path, 0, 0, NULL, "out of memory");
    snprintf(tmp, n, "%s.tmp.XXXXXX", path);
    ix_status st = IX_OK;
    int fd = mkstemp(tmp);
    if (fd < 0) {
        st = ix_diag_set(d, IX_ERR_IO, path, 0, 0, NULL, "cannot create a file beside it: %s",
                         strerror(errno));
        goto out;
    }
    /* mkstemp makes the file 0600; outputs are ordinary files. */
    mode_t mask = umask(0);
    umask(mask);
    (void)fchmod(fd, 0666 & ~mask);
    if (write_all(fd, bytes, len) != IX_OK || fsync(fd) != 0) {
        st = ix_diag_set(d, IX_ERR_IO, path, 0, 0, NULL, "cannot write: %s", strerror(errno));
        close(fd);
        unlink(tmp);
        goto out;
    }
    if (close(fd) != 0 || rename(tmp, path) != 0) {
        st = ix_diag_set(d, IX_ERR_IO, path, 0, 0, NULL, "cannot write: %s", strerror(errno));
        unlink(tmp);
    }
out:
    free(tmp);
    return st;
}

ix_status ix_read_file(const char *path, char **out, size_t *len, ix_diag *d)
{
    int is_stdin = strcmp(path, "-") == 0;
    FILE *f = is_stdin ? stdin : fopen(path, "rb");
    if (!f)
        return ix_diag_set(d, IX_ERR_IO, path, 0, 0, NULL, "cannot open: %s", strerror(errno));
    ix_status st = IX_OK;
    size_t cap = 65536, n = 0;
    char *buf = malloc(cap);
    if (!buf) {
        st = ix_diag_set(d, IX_ERR_NOMEM, path, 0, 0, NULL, "out of memory");
        goto out;
    }
    for (;;) {
        if (n + 1 >= cap) {
            char *grown = cap < ((size_t)-1) / 2 ? realloc(buf, cap * 2) : NULL;
            if (!grown) {
                st = ix_diag_set(d, IX_ERR_NOMEM, path, 0, 0, NULL, "out of memory reading the file");
                goto out;
            }
            buf = grown;
            cap *= 2;
        }
        size_t r = fread(buf + n, 1, cap - n - 1, f);
        n += r;
        if (r == 0)
            break;
    }
    if (ferror(f)) {
        st = ix_diag_set(d, IX_ERR_IO, path, 0, 0, NULL, "cannot read: %s", strerror(errno));
        goto out;
    }
    buf[n] = '\0';
    *out = buf;
    *len = n;
    buf = NULL;
out:
    free(buf);
    if (!is_stdin)
        fclose(f);
    return st;
}
