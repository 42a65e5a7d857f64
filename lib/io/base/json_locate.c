/* Finding a value's line in JSON text (see json_locate.h).
 *
 * A forward scan, no tree: at each step of the path the scanner stands on a
 * value; for a key it walks the object's members, skipping the values of the
 * others, for an index it skips that many elements. Skipping a value counts
 * brackets outside strings, so depth costs nothing (no recursion). */
#include "base/json_locate.h"

#include <string.h>

typedef struct {
    const char *s;
    size_t len, pos;
} scan;

static void skip_ws(scan *c)
{
    while (c->pos < c->len && (c->s[c->pos] == ' ' || c->s[c->pos] == '\t' ||
                               c->s[c->pos] == '\n' || c->s[c->pos] == '\r'))
        c->pos++;
}

/* From an opening quote to just past the closing one. */
static void skip_string(scan *c)
{
    c->pos++;
    while (c->pos < c->len && c->s[c->pos] != '"')
        c->pos += c->s[c->pos] == '\\' ? 2 : 1;
    if (c->pos < c->len)
        c->pos++;
}

/* From the first character of a value to just past it. */
static void skip_value(scan *c)
{
    if (c->pos >= c->len)
        return;
    char first = c->s[c->pos];
    if (first == '"') {
        skip_string(c);
        return;
    }
    if (first != '{' && first != '[') {
        while (c->pos < c->len && !strchr(",]} \t\r\n", c->s[c->pos]))
            c->pos++;
        return;
    }
    size_t depth = 0;
    while (c->pos < c->len) {
        char ch = c->s[c->pos];
        if (ch == '"') {
            skip_string(c);
            continue;
        }
        c->pos++;
        if (ch == '{' || ch == '[')
            depth++;
        else if ((ch == '}' || ch == ']') && --depth == 0)
            return;
    }
}

/* Stands on the value of member key of the object at c->pos; 0 if absent. */
static int enter_key(scan *c, const char *key, size_t klen)
{
    if (c->pos >= c->len || c->s[c->pos] != '{')
        return 0;
    c->pos++;
    for (;;) {
        skip_ws(c);
        if (c->pos >= c->len || c->s[c->pos] != '"')
            return 0;
        size_t start = c->pos + 1;
        skip_string(c);
        size_t end = c->pos - 1;
        int match = end >= start && end - start == klen && memcmp(c->s + start, key, klen) == 0;
        skip_ws(c);
        if (c->pos >= c->len || c->s[c->pos] != ':')
            return 0;
        c->pos++;
        skip_ws(c);
        if (match)
            return 1;
        skip_value(c);
        skip_ws(c);
        if (c->pos >= c->len || c->s[c->pos] != ',')
            return 0;
        c->pos++;
    }
}

/* Stands on element index of the array at c->pos; 0 if absent. */
static int enter_index(scan *c, size_t index)
{
    if (c->pos >= c->len || c->s[c->pos] != '[')
        return 0;
    c->pos++;
    skip_ws(c);
    if (c->pos < c->len && c->s[c->pos] == ']')
        return 0;
    for (size_t i = 0; i < index; i++) {
        skip_value(c);
        skip_ws(c);
        if (c->pos >= c->len || c->s[c->pos] != ',')
            return 0;
        c->pos++;
        skip_ws(c);
    }
    return c->pos < c->len;
}

/* Walks path from the root; the offset of the deepest value reached. */
static size_t walk(scan *c, const char *path)
{
    skip_ws(c);
    size_t found = c->pos;
    const char *p = path ? path : "";
    while (*p && *p != ' ') {
        int ok;
        if (*p == '[') {
            size_t index = 0;
            for (p++; *p >= '0' && *p <= '9'; p++)
                index = index * 10 + (size_t)(*p - '0');
            if (*p != ']')
                break;
            p++;
            ok = enter_index(c, index);
        } else {
            if (*p == '.')
                p++;
            size_t klen = strcspn(p, ".[ ");
            ok = klen > 0 && enter_key(c, p, klen);
            p += klen;
        }
        if (!ok)
            break;
        found = c->pos;
    }
    return found;
}

size_t ix__json_array_lines(const char *text, size_t len, const char *path, long *lines, size_t n)
{
    scan c = {text, len, 0};
    size_t at = walk(&c, path), done = 0, counted = 0;
    long line = 1;
    c.pos = at;
    if (c.pos >= len || text[c.pos] != '[')
        return 0;
    c.pos++;
    skip_ws(&c);
    if (c.pos < len && text[c.pos] == ']')
        return 0;
    while (done < n && c.pos < len) {
        for (; counted < c.pos; counted++) /* lines counted once, forward only */
            line += text[counted] == '\n';
        lines[done++] = line;
        skip_value(&c);
        skip_ws(&c);
        if (c.pos >= len || text[c.pos] != ',')
            break;
        c.pos++;
        skip_ws(&c);
    }
    return done;
}

long ix__json_line(const char *text, size_t len, const char *path)
{
    scan c = {text, len, 0};
    size_t found = walk(&c, path);
    long line = 1;
    for (size_t i = 0; i < found && i < len; i++)
        line += text[i] == '\n';
    return line;
}
