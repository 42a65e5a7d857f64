/* jansson → text with shortest reals, and → ix_sink (see
 * include/indeks/json_sink.h).
 *
 * The layout follows jansson's json_dumps exactly (so outputs keep their
 * shape): "[" / "{", then for JSON_INDENT(n) a newline and n spaces per
 * level before each member, "," between members (", " without indentation
 * unless JSON_COMPACT), ": " after a key (":" with JSON_COMPACT), "[]" and
 * "{}" when empty. Strings are escaped by jansson itself (a string dumped
 * with JSON_ENCODE_ANY), so escaping rules cannot drift from the library. */
#include "indeks/json_sink.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "indeks/number.h"

#define STRING_FLAGS (JSON_ENSURE_ASCII | JSON_ESCAPE_SLASH)
/* Deeper than any output of ours; a cycle cannot be built with the
 * json_*_set_new calls we use, but a bound keeps a mistake from recursing
 * for ever. */
#define MAX_DEPTH 2048

static void put_indent(ix_sink *s, size_t flags, int depth, int space)
{
    size_t n = flags & 0x1F; /* JSON_INDENT(n) is n in the low bits */
    if (n > 0) {
        ix_sink_put(s, "\n", 1);
        for (size_t i = 0; i < n * (size_t)depth; i++)
            ix_sink_put(s, " ", 1);
    } else if (space && !(flags & JSON_COMPACT)) {
        ix_sink_put(s, " ", 1);
    }
}

static void put_string(ix_sink *s, const char *text, size_t len, size_t flags)
{
    json_t *str = json_stringn_nocheck(text, len);
    char *esc = str ? json_dumps(str, JSON_ENCODE_ANY | (flags & STRING_FLAGS)) : NULL;
    json_decref(str);
    if (!esc) {
        s->failed = 1;
        return;
    }
    ix_sink_puts(s, esc);
    free(esc);
}

static void put_real(ix_sink *s, double v)
{
    char num[64];
    if (v == 0.0) {
        ix_sink_puts(s, signbit(v) ? "-0.0" : "0.0");
        return;
    }
    ix_format_exact(v, '.', num, sizeof num);
    ix_sink_puts(s, num);
    if (!strpbrk(num, ".e"))
        ix_sink_puts(s, ".0");
}

static int key_cmp(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static void put_value(ix_sink *s, const json_t *v, size_t flags, int depth);

static void put_member(ix_sink *s, const char *key, const json_t *v, size_t flags, int depth,
                       int last)
{
    put_string(s, key, strlen(key), flags);
    ix_sink_puts(s, flags & JSON_COMPACT ? ":" : ": ");
    put_value(s, v, flags, depth + 1);
    if (!last) {
        ix_sink_put(s, ",", 1);
        put_indent(s, flags, depth + 1, 1);
    } else {
        put_indent(s, flags, depth, 0);
    }
}

static void put_object(ix_sink *s, const json_t *v, size_t flags, int depth)
{
    size_t n = json_object_size(v), i = 0;
    if (n == 0) {
        ix_sink_puts(s, "{}");
        return;
    }
    ix_sink_put(s, "{", 1);
    put_indent(s, flags, depth + 1, 0);
    if (flags & JSON_SORT_KEYS) {
        const char **keys = malloc(n * sizeof *keys);
        if (!keys) {
            s->failed = 1;
            return;
        }
        const char *key;
        const json_t *val;
        json_object_foreach ((json_t *)v, key, val)
            keys[i++] = key;
        qsort(keys, n, sizeof *keys, key_cmp);
        for (i = 0; i < n; i++)
            put_member(s, keys[i], json_object_get(v, keys[i]), flags, depth, i + 1 == n);
        free(keys);
    } else {
        const char *key;
        const json_t *val;
        json_object_foreach ((json_t *)v, key, val) {
            put_member(s, key, val, flags, depth, ++i == n);
        }
    }
    ix_sink_put(s, "}", 1);
}

static void put_array(ix_sink *s, const json_t *v, size_t flags, int depth)
{
    size_t n = json_array_size(v);
    if (n == 0) {
        ix_sink_puts(s, "[]");
        return;
    }
    ix_sink_put(s, "[", 1);
    put_indent(s, flags, depth + 1, 0);
    for (size_t i = 0; i < n; i++) {
        put_value(s, json_array_get(v, i), flags, depth + 1);
        if (i + 1 < n) {
            ix_sink_put(s, ",", 1);
            put_indent(s, flags, depth + 1, 1);
        } else {
            put_indent(s, flags, depth, 0);
        }
    }
    ix_sink_put(s, "]", 1);
}

static void put_value(ix_sink *s, const json_t *v, size_t flags, int depth)
{
    if (s->failed)
        return;
    if (depth > MAX_DEPTH) {
        s->failed = 1;
        return;
    }
    switch (json_typeof(v)) {
    case JSON_OBJECT: put_object(s, v, flags, depth); break;
    case JSON_ARRAY: put_array(s, v, flags, depth); break;
    case JSON_STRING: put_string(s, json_string_value(v), json_string_length(v), flags); break;
    case JSON_INTEGER:
        ix_sink_printf(s, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
        break;
    case JSON_REAL: put_real(s, json_real_value(v)); break;
    case JSON_TRUE: ix_sink_puts(s, "true"); break;
    case JSON_FALSE: ix_sink_puts(s, "false"); break;
    default: ix_sink_puts(s, "null"); break;
    }
}

char *ix_json_dumps(const json_t *root, size_t flags)
{
    if (!root)
        return NULL;
    ix_buf b;
    ix_buf_init(&b);
    ix_sink s = ix_buf_sink(&b);
    put_value(&s, root, flags, 0);
    if (s.failed || !b.data) {
        ix_buf_free(&b);
        return NULL;
    }
    return b.data; /* the buffer's memory is the caller's now */
}

int ix_json_dump(const json_t *root, ix_sink *s)
{
    char *text = ix_json_dumps(root, JSON_INDENT(1));
    if (!text) {
        if (root)
            s->failed = 1;
        return -1;
    }
    ix_sink_puts(s, text);
    free(text);
    return s->failed ? -1 : 0;
}

ix_status ix_json_emit(json_t *root, ix_sink *s, ix_diag *d)
{
    if (!root) {
        s->failed = 1;
        return d ? ix_diag_set(d, IX_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory building JSON")
                 : IX_ERR_NOMEM;
    }
    int rc = ix_json_dump(root, s);
    json_decref(root);
    ix_sink_put(s, "\n", 1);
    if (rc != 0 || s->failed)
        return d ? ix_diag_set(d, IX_ERR_IO, NULL, 0, 0, NULL, "cannot write the JSON output")
                 : IX_ERR_IO;
    return IX_OK;
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
