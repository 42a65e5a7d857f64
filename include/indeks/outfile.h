/* Writing an output file so that nothing is ever half-written: the bytes go
 * to a temporary file beside the target, which is flushed, synced and then
 * renamed into place. On any failure the temporary file is removed and the
 * old target, if any, is left untouched. */
#ifndef INDEKS_OUTFILE_H
#define INDEKS_OUTFILE_H

#include <stddef.h>

#include "indeks/diag.h"

/* path NULL or "-" writes to standard output. */
ix_status ix_write_file_atomic(const char *path, const char *bytes, size_t len, ix_diag *d);

/* Reads a whole file ("-" = standard input) into a malloc'd, NUL-terminated
 * buffer owned by the caller. */
ix_status ix_read_file(const char *path, char **out, size_t *len, ix_diag *d);

#endif
