/* jansson → ix_sink (see include/indeks/json_sink.h). */
#include "indeks/json_sink.h"

static int put(const char *buffer, size_t size, void *data)
{
    ix_sink *s = data;
    ix_sink_put(s, buffer, size);
    return s->failed ? -1 : 0;
}

int ix_json_dump(const json_t *root, ix_sink *s)
{
    if (!root)
        return -1;
    return json_dump_callback(root, put, s, JSON_INDENT(1) | JSON_REAL_PRECISION(17)) == 0 && !s->failed
               ? 0
               : -1;
}
