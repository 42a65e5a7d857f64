/* jansson → ix_sink (see include/indeks/json_sink.h). */
#include "indeks/json_sink.h"

#include <string.h>

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

json_t *ix_json_lines(const char *text)
{
    json_t *arr = json_array();
    for (const char *line = text; arr && line && *line;) {
        const char *end = strchr(line, '\n');
        json_array_append_new(arr, json_stringn(line, end ? (size_t)(end - line) : strlen(line)));
        line = end ? end + 1 : NULL;
    }
    return arr;
}
