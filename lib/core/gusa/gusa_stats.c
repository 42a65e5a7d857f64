/* GUSA's small-cell suppression of statistics and the canonical form of an
 * audit row (docs/gusa.md). */
#include <string.h>

#include "indeks/gusa.h"

void ix_gusa_suppress(ix_gusa_cell *cells, size_t n)
{
    for (size_t i = 0; i < n; i++)
        cells[i].suppressed = cells[i].count >= 1 && cells[i].count <= 4;
    /* Secondary, per dimension: the first cell of each dimension handles it. */
    for (size_t i = 0; i < n; i++) {
        int first = 1;
        for (size_t j = 0; j < i && first; j++)
            if (strcmp(cells[j].dimension, cells[i].dimension) == 0)
                first = 0;
        if (!first)
            continue;
        size_t nsup = 0;
        long best = -1;
        size_t at = 0;
        for (size_t j = i; j < n; j++) {
            if (strcmp(cells[j].dimension, cells[i].dimension) != 0)
                continue;
            if (cells[j].suppressed)
                nsup++;
            else if (cells[j].count > 0 && (best < 0 || cells[j].count < best)) {
                best = cells[j].count;
                at = j;
            }
        }
        if (nsup != 1)
            continue;
        if (best >= 0) {
            cells[at].suppressed = 1;
            continue;
        }
        for (size_t j = i; j < n; j++)
            if (strcmp(cells[j].dimension, cells[i].dimension) == 0)
                cells[j].suppressed = 1;
    }
}

static void text(ix_sink *s, const char *t)
{
    for (const char *p = t ? t : ""; *p; p++) {
        if (*p == '\\')
            ix_sink_puts(s, "\\\\");
        else if (*p == '\n')
            ix_sink_puts(s, "\\n");
        else
            ix_sink_put(s, p, 1);
    }
    ix_sink_put(s, "\n", 1);
}

void ix_gusa_audit_canonical(const ix_gusa_audit_row *r, ix_sink *s)
{
    ix_sink_printf(s, "%lld\n", r->seq);
    text(s, r->at);
    text(s, r->actor_kind);
    ix_sink_printf(s, "%lld\n", r->actor_id);
    text(s, r->actor_role);
    text(s, r->actor_centre);
    text(s, r->action);
    text(s, r->object);
    ix_sink_printf(s, "%lld\n", r->case_id);
    text(s, r->subjects);
    text(s, r->purpose);
    text(s, r->outcome);
}
