/* Writers of two editions compared (edition_diff_write.h). */
#include "indeks/edition_diff_write.h"

#include <math.h>
#include <stdio.h>

#include "indeks/csv_write.h"
#include "indeks/escape.h"
#include "indeks/number.h"
#include "indeks/textable.h"

const char *ix_ediff_kind_name(ix_ediff_kind k)
{
    return k == IX_EDIFF_ADDED ? "added" : k == IX_EDIFF_REMOVED ? "removed" : "changed";
}

static void num(char *buf, size_t size, double v, char decimal)
{
    if (isnan(v))
        buf[0] = '\0';
    else
        ix_format_exact(v, decimal, buf, size);
}

/* Two decimals for the terminal (the CSV and JSON keep every digit). */
static void fixed(char *buf, size_t size, double v, char decimal)
{
    if (isnan(v))
        buf[0] = '\0';
    else
        ix_format_fixed(v, 2, decimal, 0, buf, size);
}

static void rank_text(char *buf, size_t size, long rank)
{
    if (rank)
        snprintf(buf, size, "%ld", rank);
    else
        snprintf(buf, size, "–");
}

static void rank_table(const ix_ediff *e, char decimal, ix_sink *s)
{
    ix_textable *t = ix_textable_new(7);
    if (!t)
        return;
    const char *head[] = {"code", "name", "rank A", "rank B", "change", "value A", "value B"};
    for (size_t c = 0; c < 7; c++)
        ix_textable_add(t, head[c]);
    for (size_t c = 2; c < 7; c++)
        ix_textable_right(t, c);
    for (size_t i = 0; i < e->nranks; i++) {
        const ix_ediff_rank *r = &e->ranks[i];
        char ra[24], rb[24], ch[24], va[40], vb[40];
        rank_text(ra, sizeof ra, r->rank_a);
        rank_text(rb, sizeof rb, r->rank_b);
        if (r->rank_a && r->rank_b)
            snprintf(ch, sizeof ch, r->change ? "%+ld" : "%ld", r->change);
        else
            snprintf(ch, sizeof ch, "%s", r->rank_a ? "only A" : "only B");
        fixed(va, sizeof va, r->value_a, decimal);
        fixed(vb, sizeof vb, r->value_b, decimal);
        const char *row[] = {r->code, r->name, ra, rb, ch, va, vb};
        for (size_t c = 0; c < 7; c++)
            ix_textable_add(t, row[c]);
    }
    ix_textable_render(t, s);
    ix_textable_free(t);
}

static void indicator_table(const ix_ediff *e, ix_sink *s)
{
    ix_textable *t = ix_textable_new(6);
    if (!t)
        return;
    const char *head[] = {"indicator", "change", "field", "before", "after", "proposals"};
    for (size_t c = 0; c < 6; c++)
        ix_textable_add(t, head[c]);
    for (size_t i = 0; i < e->nindicators; i++) {
        const ix_ediff_indicator *x = &e->indicators[i];
        size_t n = x->nfields ? x->nfields : 1;
        for (size_t f = 0; f < n; f++) {
            const ix_ediff_field *fd = x->nfields ? &x->fields[f] : NULL;
            const char *row[] = {f ? "" : x->icode, f ? "" : ix_ediff_kind_name(x->kind),
                                 fd ? fd->field : "", fd ? fd->before : "",
                                 fd ? fd->after : "", f ? "" : x->proposals};
            for (size_t c = 0; c < 6; c++)
                ix_textable_add(t, row[c]);
        }
    }
    ix_textable_render(t, s);
    ix_textable_free(t);
}

void ix_ediff_write_table(const ix_ediff *e, const ix_ediff_labels *l, char decimal, ix_sink *s)
{
    ix_sink_printf(s, "A: edition %ld %s\nB: edition %ld %s\n\nRank changes (change = rank A - rank "
                      "B: positive moved up)\n",
                   l->id_a, l->name_a, l->id_b, l->name_b);
    rank_table(e, decimal, s);
    if (!e->have_meta) {
        ix_sink_puts(s, "\nIndicators: not compared (an edition holds no IMETA)\n");
        return;
    }
    ix_sink_printf(s, "\nIndicators added, removed or changed: %zu\n", e->nindicators);
    if (e->nindicators)
        indicator_table(e, s);
}

typedef struct {
    char sep, decimal;
    int download;
} csv_style;

static void csv_row(ix_sink *s, const csv_style *st, const char *const *cells, size_t n)
{
    for (size_t c = 0; c < n; c++) {
        if (c)
            ix_sink_put(s, &st->sep, 1);
        if (st->download)
            ix_csv_write_field_safe(s, cells[c] ? cells[c] : "", st->sep, st->decimal);
        else
            ix_csv_write_field(s, cells[c] ? cells[c] : "", st->sep);
    }
    ix_sink_puts(s, "\n");
}

void ix_ediff_write_csv(const ix_ediff *e, char separator, char decimal, int download,
                        ix_sink *s)
{
    csv_style style = {separator, decimal, download};
    const char *head[] = {"section", "code",  "name",  "rank_a", "rank_b", "change",   "value_a",
                          "value_b", "kind",  "field", "before", "after",  "proposals"};
    csv_row(s, &style, head, 13);
    for (size_t i = 0; i < e->nranks; i++) {
        const ix_ediff_rank *r = &e->ranks[i];
        char ra[24] = "", rb[24] = "", ch[24] = "", va[40], vb[40];
        if (r->rank_a)
            snprintf(ra, sizeof ra, "%ld", r->rank_a);
        if (r->rank_b)
            snprintf(rb, sizeof rb, "%ld", r->rank_b);
        if (r->rank_a && r->rank_b)
            snprintf(ch, sizeof ch, "%ld", r->change);
        num(va, sizeof va, r->value_a, decimal);
        num(vb, sizeof vb, r->value_b, decimal);
        const char *row[] = {"rank", r->code, r->name, ra, rb, ch, va, vb, "", "", "", "", ""};
        csv_row(s, &style, row, 13);
    }
    for (size_t i = 0; i < e->nindicators; i++) {
        const ix_ediff_indicator *x = &e->indicators[i];
        size_t n = x->nfields ? x->nfields : 1;
        for (size_t f = 0; f < n; f++) {
            const ix_ediff_field *fd = x->nfields ? &x->fields[f] : NULL;
            const char *row[] = {"indicator", x->icode, x->name, "", "", "", "", "",
                                 ix_ediff_kind_name(x->kind), fd ? fd->field : "",
                                 fd ? fd->before : "", fd ? fd->after : "", x->proposals};
            csv_row(s, &style, row, 13);
        }
    }
}

static void jnum(ix_sink *s, double v)
{
    char buf[40];
    if (isnan(v))
        ix_sink_puts(s, "null");
    else {
        ix_format_exact(v, '.', buf, sizeof buf);
        ix_sink_puts(s, buf);
    }
}

static void jrank(ix_sink *s, long r)
{
    if (r)
        ix_sink_printf(s, "%ld", r);
    else
        ix_sink_puts(s, "null");
}

static void json_proposals(ix_sink *s, const char *list)
{
    ix_sink_puts(s, "[");
    int first = 1;
    for (const char *p = list; p && *p;) {
        while (*p == ' ')
            p++;
        size_t n = 0;
        while (p[n] && p[n] != ' ')
            n++;
        if (n) {
            ix_sink_printf(s, "%s\"%.*s\"", first ? "" : ",", (int)n, p);
            first = 0;
        }
        p += n;
    }
    ix_sink_puts(s, "]");
}

void ix_ediff_write_json(const ix_ediff *e, const ix_ediff_labels *l, ix_sink *s)
{
    ix_sink_printf(s, "{\"a\":{\"id\":%ld,\"name\":", l->id_a);
    ix_json_string(s, l->name_a);
    ix_sink_printf(s, "},\"b\":{\"id\":%ld,\"name\":", l->id_b);
    ix_json_string(s, l->name_b);
    ix_sink_puts(s, "},\"ranks\":[");
    for (size_t i = 0; i < e->nranks; i++) {
        const ix_ediff_rank *r = &e->ranks[i];
        ix_sink_puts(s, i ? ",{\"code\":" : "{\"code\":");
        ix_json_string(s, r->code);
        ix_sink_puts(s, ",\"name\":");
        ix_json_string(s, r->name);
        ix_sink_puts(s, ",\"rank_a\":");
        jrank(s, r->rank_a);
        ix_sink_puts(s, ",\"rank_b\":");
        jrank(s, r->rank_b);
        ix_sink_puts(s, ",\"change\":");
        if (r->rank_a && r->rank_b)
            ix_sink_printf(s, "%ld", r->change);
        else
            ix_sink_puts(s, "null");
        ix_sink_puts(s, ",\"value_a\":");
        jnum(s, r->value_a);
        ix_sink_puts(s, ",\"value_b\":");
        jnum(s, r->value_b);
        ix_sink_puts(s, "}");
    }
    ix_sink_printf(s, "],\"indicators_compared\":%s,\"indicators\":[",
                   e->have_meta ? "true" : "false");
    for (size_t i = 0; i < e->nindicators; i++) {
        const ix_ediff_indicator *x = &e->indicators[i];
        ix_sink_printf(s, "%s{\"kind\":\"%s\",\"icode\":", i ? "," : "",
                       ix_ediff_kind_name(x->kind));
        ix_json_string(s, x->icode);
        ix_sink_puts(s, ",\"name\":");
        ix_json_string(s, x->name);
        ix_sink_puts(s, ",\"fields\":[");
        for (size_t f = 0; f < x->nfields; f++) {
            ix_sink_puts(s, f ? ",{\"field\":" : "{\"field\":");
            ix_json_string(s, x->fields[f].field);
            ix_sink_puts(s, ",\"before\":");
            ix_json_string(s, x->fields[f].before);
            ix_sink_puts(s, ",\"after\":");
            ix_json_string(s, x->fields[f].after);
            ix_sink_puts(s, "}");
        }
        ix_sink_puts(s, "],\"proposals\":");
        json_proposals(s, x->proposals);
        ix_sink_puts(s, "}");
    }
    ix_sink_puts(s, "]}\n");
}
