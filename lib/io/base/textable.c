/* Aligned text tables (see include/indeks/textable.h). */
#include "indeks/textable.h"

#include <stdlib.h>
#include <string.h>

#include "indeks/util.h"

struct ix_textable {
    size_t ncols;
    size_t ncells, cap;
    char **cells;
    unsigned char *right;
    int failed;
};

ix_textable *ix_textable_new(size_t ncols)
{
    ix_textable *t = calloc(1, sizeof *t);
    if (!t)
        return NULL;
    t->ncols = ncols ? ncols : 1;
    t->right = calloc(t->ncols, 1);
    if (!t->right) {
        free(t);
        return NULL;
    }
    return t;
}

void ix_textable_free(ix_textable *t)
{
    if (!t)
        return;
    for (size_t i = 0; i < t->ncells; i++)
        free(t->cells[i]);
    free(t->cells);
    free(t->right);
    free(t);
}

void ix_textable_right(ix_textable *t, size_t col)
{
    if (col < t->ncols)
        t->right[col] = 1;
}

int ix_textable_add(ix_textable *t, const char *cell)
{
    if (t->failed)
        return -1;
    if (t->ncells == t->cap) {
        size_t cap = t->cap ? t->cap * 2 : 64;
        char **grown = realloc(t->cells, cap * sizeof *grown);
        if (!grown) {
            t->failed = 1;
            return -1;
        }
        t->cells = grown;
        t->cap = cap;
    }
    t->cells[t->ncells] = ix_strdup(cell);
    if (!t->cells[t->ncells]) {
        t->failed = 1;
        return -1;
    }
    t->ncells++;
    return 0;
}

size_t ix_utf8_width(const char *text)
{
    size_t n = 0;
    for (const unsigned char *p = (const unsigned char *)text; *p; p++)
        n += (*p & 0xC0) != 0x80; /* count lead bytes, not continuations */
    return n;
}

static void pad(ix_sink *s, size_t n)
{
    static const char spaces[] = "                                ";
    while (n > 0) {
        size_t k = n < sizeof spaces - 1 ? n : sizeof spaces - 1;
        ix_sink_put(s, spaces, k);
        n -= k;
    }
}

static void render_row(const ix_textable *t, const size_t *width, size_t row, ix_sink *s)
{
    for (size_t c = 0; c < t->ncols; c++) {
        size_t i = row * t->ncols + c;
        const char *cell = i < t->ncells ? t->cells[i] : "";
        size_t w = ix_utf8_width(cell);
        int last = c + 1 == t->ncols;
        if (t->right[c])
            pad(s, width[c] - w);
        ix_sink_puts(s, cell);
        if (!t->right[c] && !last)
            pad(s, width[c] - w);
        if (!last)
            ix_sink_put(s, "  ", 2);
    }
    ix_sink_put(s, "\n", 1);
}

void ix_textable_render(const ix_textable *t, ix_sink *s)
{
    if (t->failed || t->ncells == 0)
        return;
    size_t *width = calloc(t->ncols, sizeof *width);
    if (!width) {
        s->failed = 1;
        return;
    }
    for (size_t i = 0; i < t->ncells; i++) {
        size_t w = ix_utf8_width(t->cells[i]);
        if (w > width[i % t->ncols])
            width[i % t->ncols] = w;
    }
    size_t rows = (t->ncells + t->ncols - 1) / t->ncols;
    render_row(t, width, 0, s);
    size_t total = 0;
    for (size_t c = 0; c < t->ncols; c++)
        total += width[c] + (c + 1 < t->ncols ? 2 : 0);
    for (size_t i = 0; i < total; i++)
        ix_sink_put(s, "-", 1);
    ix_sink_put(s, "\n", 1);
    for (size_t r = 1; r < rows; r++)
        render_row(t, width, r, s);
    free(width);
}
