/* Writing an output file so that nothing is ever half-written: the bytes go
 * to a temporary file beside the target, which is flushed, synced and then
 * renamed into place. On any failure the temporary file is removed and the
 * old target, if any, is left untouched. An existing file keeps its mode and
 * owner; a new one follows the umask. A symbolic link is followed (the file
 * it names is replaced, not the link). A character device or a pipe
 * (/dev/null, a terminal, a FIFO) is written through, never renamed over;
 * anything else that is not a regular file (a directory, a block device, a
 * socket) is refused with IX_ERR_USAGE. Buffers passed in stay the caller's. */
#ifndef INDEKS_OUTFILE_H
#define INDEKS_OUTFILE_H

#include <stddef.h>

#include "indeks/diag.h"

/* path NULL or "-" writes to standard output. */
ix_status ix_write_file_atomic(const char *path, const char *bytes, size_t len, ix_diag *d);

/* Checks, before any work, that path (NULL or "-": standard output) may be
 * written: a regular file, a new name, a character device or a pipe. */
ix_status ix_outfile_check(const char *path, ix_diag *d);

/* For writers that build the file themselves (a workbook): tmp, a finished
 * file made with mkstemp beside path, is given path's old mode and owner,
 * synced and renamed onto path; or, when path is a device or a pipe, copied
 * through to it and removed. On failure tmp is removed. */
ix_status ix_outfile_commit(const char *tmp, const char *path, ix_diag *d);

/* Reads a whole file ("-" = standard input) into a malloc'd, NUL-terminated
 * buffer owned by the caller. */
ix_status ix_read_file(const char *path, char **out, size_t *len, ix_diag *d);

/* The same, refusing (IX_ERR_INPUT) a file longer than max bytes (0: no
 * limit) before reading much past it: /dev/zero or a wrong file never
 * fills the memory. */
ix_status ix_read_file_max(const char *path, size_t max, char **out, size_t *len, ix_diag *d);

/* The most a model, recipe, rules or specification file may hold. */
#define IX_MAX_SPEC_FILE ((size_t)16 << 20)

#endif
