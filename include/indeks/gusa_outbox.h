/* GUSA's outbox (lib/io/gusa/gusa_outbox.c): an invitation's link goes to
 * the invitee by mail only, never into an HTTP response. The server writes
 * each mail as an RFC 5322 message (<outbox>/<time>-<id>.eml, mode 0600,
 * written to a temporary name and renamed, so a mail program picking the
 * folder up never sees half a file); a mail relay sends them on.
 *
 * Ownership: every argument is borrowed for the call. */
#ifndef INDEKS_GUSA_OUTBOX_H
#define INDEKS_GUSA_OUTBOX_H

#include <stddef.h>

#include "indeks/diag.h"

/* Writes one mail. to is an address or a description of the invitee
 * ("medarbejder 12"); subject and body are UTF-8 (the body is sent as
 * 8bit text/plain). name gets the file's name inside dir (may be NULL;
 * size bytes). IX_ERR_IO names the file when it cannot be written. */
ix_status ix_gusa_outbox_write(const char *dir, long long id, const char *to,
                               const char *subject, const char *body, char *name, size_t size,
                               ix_diag *d);

#endif
