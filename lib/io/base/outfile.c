/* Whole-file reads and atomic writes (see include/indeks/outfile.h). */
#define _DEFAULT_SOURCE /* realpath */
#include "indeks/outfile.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
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

/* What the output path names today. */
typedef enum { TARGET_NEW, TARGET_REGULAR, TARGET_STREAM } target_kind;

typedef struct {
    target_kind kind;
    char *real; /* the path to write beside and rename onto (a symlink's target), malloc'd */
    struct stat st;
} target;

static ix_status classify(const char *path, target *t, ix_diag *d)
{
    memset(t, 0, sizeof *t);
    struct stat lst;
    if (lstat(path, &lst) != 0) {
        if (errno != ENOENT)
            return ix_diag_set(d, IX_ERR_IO, path, 0, 0, NULL, "cannot examine the output: %s",
                               strerror(errno));
        t->kind = TARGET_NEW;
        t->real = strdup(path);
        return t->real ? IX_OK : ix_diag_set(d, IX_ERR_NOMEM, path, 0, 0, NULL, "out of memory");
    }
    if (S_ISLNK(lst.st_mode)) {
        /* Replace what the link points to, never the link itself. */
        if (stat(path, &t->st) != 0) {
            if (errno != ENOENT)
                return ix_diag_set(d, IX_ERR_IO, path, 0, 0, NULL,
                                   "cannot examine the output: %s", strerror(errno));
            return ix_diag_set(d, IX_ERR_USAGE, path, 0, 0, "-o",
                               "the output is a symbolic link to nothing; remove it or name "
                               "another file");
        }
        t->real = realpath(path, NULL);
        if (!t->real)
            return ix_diag_set(d, IX_ERR_IO, path, 0, 0, NULL, "cannot resolve the output: %s",
                               strerror(errno));
    } else {
        t->st = lst;
        t->real = strdup(path);
        if (!t->real)
            return ix_diag_set(d, IX_ERR_NOMEM, path, 0, 0, NULL, "out of memory");
    }
    if (S_ISREG(t->st.st_mode))
        t->kind = TARGET_REGULAR;
    else if (S_ISCHR(t->st.st_mode) || S_ISFIFO(t->st.st_mode))
        t->kind = TARGET_STREAM; /* /dev/null, a terminal, a pipe: written through */
    else {
        free(t->real);
        t->real = NULL;
        return ix_diag_set(d, IX_ERR_USAGE, path, 0, 0, "-o",
                           S_ISDIR(t->st.st_mode)
                               ? "the output is a directory; name a file"
                               : "the output is neither a regular file, a character device nor a "
                                 "pipe; it is left alone");
    }
    return IX_OK;
}

ix_status ix_outfile_check(const char *path, ix_diag *d)
{
    if (!path || strcmp(path, "-") == 0)
        return IX_OK;
    target t;
    ix_status st = classify(path, &t, d);
    free(t.real);
    return st;
}

/* Gives the new file the old one's mode and owner; a new file follows the
 * umask (mkstemp made it 0600). */
static ix_status set_mode_owner(int fd, const target *t, const char *path, ix_diag *d)
{
    if (t->kind == TARGET_NEW) {
        mode_t mask = umask(0);
        umask(mask);
        (void)fchmod(fd, 0666 & ~mask);
        return IX_OK;
    }
    struct stat now;
    if (fstat(fd, &now) != 0)
        return ix_diag_set(d, IX_ERR_IO, path, 0, 0, NULL, "cannot examine the new file: %s",
                           strerror(errno));
    if ((now.st_uid != t->st.st_uid || now.st_gid != t->st.st_gid) &&
        fchown(fd, t->st.st_uid, t->st.st_gid) != 0)
        return ix_diag_set(d, IX_ERR_IO, path, 0, 0, "-o",
                           "the file belongs to another owner or group (uid %ld, gid %ld), which "
                           "a replacement cannot keep (%s); write to another file",
                           (long)t->st.st_uid, (long)t->st.st_gid, strerror(errno));
    if (fchmod(fd, t->st.st_mode & 07777) != 0)
        return ix_diag_set(d, IX_ERR_IO, path, 0, 0, NULL, "cannot keep the file's mode: %s",
                           strerror(errno));
    return IX_OK;
}

static ix_status write_through(const char *path, const char *bytes, size_t len, ix_diag *d)
{
    int fd = open(path, O_WRONLY | O_NOCTTY | O_CLOEXEC);
    if (fd < 0)
        return ix_diag_set(d, IX_ERR_IO, path, 0, 0, NULL, "cannot open: %s", strerror(errno));
    ix_status st = IX_OK;
    if (write_all(fd, bytes, len) != IX_OK)
        st = ix_diag_set(d, IX_ERR_IO, path, 0, 0, NULL, "cannot write: %s", strerror(errno));
    if (close(fd) != 0 && !st)
        st = ix_diag_set(d, IX_ERR_IO, path, 0, 0, NULL, "cannot write: %s", strerror(errno));
    return st;
}

ix_status ix_write_file_atomic(const char *path, const char *bytes, size_t len, ix_diag *d)
{
    if (!path || strcmp(path, "-") == 0) {
        if (write_all(STDOUT_FILENO, bytes, len) != IX_OK)
            return ix_diag_set(d, IX_ERR_IO, "<stdout>", 0, 0, NULL, "cannot write: %s",
                               strerror(errno));
        return IX_OK;
    }
    target t;
    ix_status st = classify(path, &t, d);
    if (st)
        return st;
    if (t.kind == TARGET_STREAM) {
        st = write_through(path, bytes, len, d);
        free(t.real);
        return st;
    }
    size_t n = strlen(t.real) + 16;
    char *tmp = malloc(n);
    if (!tmp) {
        free(t.real);
        return ix_diag_set(d, IX_ERR_NOMEM, path, 0, 0, NULL, "out of memory");
    }
    snprintf(tmp, n, "%s.tmp.XXXXXX", t.real);
    int fd = mkstemp(tmp);
    if (fd < 0) {
        st = ix_diag_set(d, IX_ERR_IO, path, 0, 0, NULL, "cannot create a file beside it: %s",
                         strerror(errno));
        goto out;
    }
    if ((st = set_mode_owner(fd, &t, path, d)) != IX_OK) {
        close(fd);
        unlink(tmp);
        goto out;
    }
    if (write_all(fd, bytes, len) != IX_OK || fsync(fd) != 0) {
        st = ix_diag_set(d, IX_ERR_IO, path, 0, 0, NULL, "cannot write: %s", strerror(errno));
        close(fd);
        unlink(tmp);
        goto out;
    }
    if (close(fd) != 0 || rename(tmp, t.real) != 0) {
        st = ix_diag_set(d, IX_ERR_IO, path, 0, 0, NULL, "cannot write: %s", strerror(errno));
        unlink(tmp);
    }
out:
    free(tmp);
    free(t.real);
    return st;
}

ix_status ix_outfile_commit(const char *tmp, const char *path, ix_diag *d)
{
    target t;
    ix_status st = classify(path, &t, d);
    if (st)
        return st;
    int fd = open(tmp, t.kind == TARGET_STREAM ? O_RDONLY : O_RDWR);
    if (fd < 0) {
        st = ix_diag_set(d, IX_ERR_IO, path, 0, 0, NULL, "cannot write: %s", strerror(errno));
        goto out;
    }
    if (t.kind == TARGET_STREAM) {
        /* Copy the finished file through to the device or pipe. */
        int out = open(path, O_WRONLY | O_NOCTTY | O_CLOEXEC);
        if (out < 0)
            st = ix_diag_set(d, IX_ERR_IO, path, 0, 0, NULL, "cannot open: %s", strerror(errno));
        char buf[65536];
        for (ssize_t r; !st && (r = read(fd, buf, sizeof buf)) != 0;) {
            if (r < 0 && errno == EINTR)
                continue;
            if (r < 0 || write_all(out, buf, (size_t)r) != IX_OK)
                st = ix_diag_set(d, IX_ERR_IO, path, 0, 0, NULL, "cannot write: %s",
                                 strerror(errno));
        }
        if (out >= 0 && close(out) != 0 && !st)
            st = ix_diag_set(d, IX_ERR_IO, path, 0, 0, NULL, "cannot write: %s", strerror(errno));
        close(fd);
        unlink(tmp);
        goto out;
    }
    st = set_mode_owner(fd, &t, path, d);
    if (!st && fsync(fd) != 0)
        st = ix_diag_set(d, IX_ERR_IO, path, 0, 0, NULL, "cannot write: %s", strerror(errno));
    if (close(fd) != 0 && !st)
        st = ix_diag_set(d, IX_ERR_IO, path, 0, 0, NULL, "cannot write: %s", strerror(errno));
    if (!st && rename(tmp, t.real) != 0)
        st = ix_diag_set(d, IX_ERR_IO, path, 0, 0, NULL, "cannot write: %s", strerror(errno));
    if (st)
        unlink(tmp);
out:
    free(t.real);
    return st;
}

ix_status ix_read_file(const char *path, char **out, size_t *len, ix_diag *d)
{
    return ix_read_file_max(path, 0, out, len, d);
}

ix_status ix_read_file_max(const char *path, size_t max, char **out, size_t *len, ix_diag *d)
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
        if (max && n > max) {
            st = ix_diag_set(d, IX_ERR_INPUT, path, 0, 0, NULL,
                             "the file is larger than %zu MiB, the most this input may be; "
                             "is it the right file?",
                             max >> 20);
            goto out;
        }
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
