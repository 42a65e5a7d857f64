/* Writers for the national list (see landsliste_write.h). */
#include "indeks/landsliste_write.h"

#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "indeks/csv_write.h"
#include "indeks/json_sink.h"
#include "indeks/kommuner.h"
#include "indeks/number.h"
#include "indeks/textable.h"
#include "indeks/xlsx.h"

int ix_landsliste_write_notes(const ix_landsliste *l, int danish, const char *prefix, ix_sink *s)
{
    if (l->n >= ix_kommune_count())
        return 0;
    ix_sink_printf(s, danish ? "%sKun %zu af de %zu kommuner har en værdi i %d; rangene er blandt dem.\n"
                             : "%sOnly %zu of the %zu municipalities have a value in %d; the ranks are "
                               "among them.\n",
                   prefix, l->n, ix_kommune_count(), l->year);
    return 1;
}

static void put_exact(ix_sink *s, double v, char decimal)
{
    char buf[64];
    ix_format_exact(v, decimal, buf, sizeof buf);
    ix_sink_puts(s, buf);
}

void ix_landsliste_write_csv(const ix_landsliste *l, const ix_landsliste_style *st, ix_sink *s)
{
    const char c = st->separator;
    ix_sink_printf(s, "kommunekode%ckommune%caar%cindeks%crang", c, c, c, c);
    if (l->vs)
        ix_sink_printf(s, "%cindeks_%d%crang_%d%caendring", c, l->vs, c, l->vs, c);
    ix_sink_put(s, "\n", 1);
    for (size_t i = 0; i < l->n; i++) {
        const ix_landsliste_row *r = &l->rows[i];
        ix_sink_printf(s, "%03d%c", r->now->code, c);
        ix_csv_write_field(s, r->now->name, c);
        ix_sink_printf(s, "%c%d%c", c, r->now->year, c);
        put_exact(s, r->now->value, st->decimal);
        ix_sink_printf(s, "%c%ld", c, r->rank);
        if (l->vs && r->then) {
            ix_sink_put(s, &c, 1);
            put_exact(s, r->then->value, st->decimal);
            ix_sink_printf(s, "%c%ld%c", c, r->then_rank, c);
            put_exact(s, r->change, st->decimal);
        } else if (l->vs)
            ix_sink_printf(s, "%c%c", c, c);
        ix_sink_put(s, "\n", 1);
    }
}

void ix_landsliste_write_json(const ix_landsliste *l, const ix_series *series, ix_sink *s)
{
    json_t *rows = json_array();
    for (size_t i = 0; i < l->n; i++) {
        const ix_landsliste_row *r = &l->rows[i];
        char code[8];
        snprintf(code, sizeof code, "%03d", r->now->code);
        json_t *o = json_pack("{s:s,s:s,s:i,s:f,s:I}", "kommunekode", code, "kommune", r->now->name,
                              "aar", r->now->year, "indeks", r->now->value, "rang", (json_int_t)r->rank);
        if (l->vs && r->then) {
            json_object_set_new(o, "indeks_vs", json_real(r->then->value));
            json_object_set_new(o, "rang_vs", json_integer(r->then_rank));
            json_object_set_new(o, "aendring", json_real(r->change));
        }
        json_array_append_new(rows, o);
    }
    json_t *root = json_pack("{s:s,s:s,s:i,s:o}", "source", series->source, "column",
                             series->column, "aar", l->year, "units", rows);
    if (!root) {
        s->failed = 1;
        return;
    }
    if (l->vs)
        json_object_set_new(root, "vs", json_integer(l->vs));
    ix_buf nb;
    ix_buf_init(&nb);
    ix_sink ns = ix_buf_sink(&nb);
    ix_landsliste_write_notes(l, 0, "", &ns);
    json_object_set_new(root, "notes", ix_json_lines(nb.data));
    ix_buf_free(&nb);
    ix_json_emit(root, s, NULL);
}

/* Tables show every value with the decimals the source used most. */
static void add_num(ix_textable *t, double v, int decimals, const ix_landsliste_style *st)
{
    char buf[64];
    ix_format_fixed(v, decimals, st->decimal, 0, buf, sizeof buf);
    ix_textable_add(t, buf);
}

static void add_header(ix_textable *t, const ix_landsliste *l, const ix_landsliste_style *st)
{
    const int da = st->danish;
    char h[3][32];
    snprintf(h[0], sizeof h[0], "%s %d", da ? "Indeks" : "Index", l->vs);
    snprintf(h[1], sizeof h[1], "%s %d", da ? "Rang" : "Rank", l->vs);
    snprintf(h[2], sizeof h[2], "%s", da ? "Ændring" : "Change");
    const char *head[7] = {da ? "Rang" : "Rank", da ? "Kode" : "Code",
                           da ? "Kommune" : "Municipality", da ? "Indeks" : "Index",
                           h[0], h[1], h[2]};
    for (size_t c = 0; c < (l->vs ? 7u : 4u); c++) {
        ix_textable_add(t, head[c]);
        if (c == 0 || c >= 3)
            ix_textable_right(t, c);
    }
}

void ix_landsliste_write_table(const ix_landsliste *l, const ix_series *series,
                               const ix_landsliste_style *st, ix_sink *s)
{
    ix_textable *t = ix_textable_new(l->vs ? 7 : 4);
    if (!t) {
        s->failed = 1;
        return;
    }
    add_header(t, l, st);
    const int dec = ix_landsliste_decimals(l);
    for (size_t i = 0; i < l->n; i++) {
        const ix_landsliste_row *r = &l->rows[i];
        char buf[32];
        snprintf(buf, sizeof buf, "%ld", r->rank);
        ix_textable_add(t, buf);
        snprintf(buf, sizeof buf, "%03d", r->now->code);
        ix_textable_add(t, buf);
        ix_textable_add(t, r->now->name);
        add_num(t, r->now->value, dec, st);
        if (!l->vs)
            continue;
        if (!r->then) {
            for (int k = 0; k < 3; k++)
                ix_textable_add(t, "");
            continue;
        }
        add_num(t, r->then->value, dec, st);
        snprintf(buf, sizeof buf, "%ld", r->then_rank);
        ix_textable_add(t, buf);
        add_num(t, r->change, dec, st);
    }
    ix_sink_printf(s, "%s %d (%s, %s)\n\n", st->danish ? "Landsliste" : "National list", l->year,
                   series->column, series->source);
    ix_textable_render(t, s);
    ix_textable_free(t);
    ix_landsliste_write_notes(l, st->danish, st->danish ? "\nNB: " : "\nNote: ", s);
}

ix_status ix_landsliste_write_xlsx(const ix_landsliste *l, const ix_series *series,
                                   const ix_landsliste_style *st, ix_xlsx_table **out, ix_diag *d)
{
    ix_xlsx_table *t = *out = ix_xlsx_table_new("Landsliste", l->vs ? 8 : 5);
    if (!t)
        return ix_diag_set(d, IX_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    const char *num = ix_xlsx_number_format(ix_landsliste_decimals(l), st->danish);
    char h[2][32];
    snprintf(h[0], sizeof h[0], "indeks_%d", l->vs);
    snprintf(h[1], sizeof h[1], "rang_%d", l->vs);
    const char *head[8] = {"kommunekode", "kommune", "aar", "indeks", "rang", h[0], h[1], "aendring"};
    const char *fmt[8] = {"000", NULL, "0", num, "0", num, "0", num};
    for (size_t c = 0; c < (l->vs ? 8u : 5u); c++)
        ix_xlsx_set_column(t, c, head[c], fmt[c], 0);
    for (size_t i = 0; i < l->n; i++) {
        const ix_landsliste_row *r = &l->rows[i];
        ix_xlsx_add_number(t, r->now->code);
        ix_xlsx_add_text(t, r->now->name);
        ix_xlsx_add_number(t, r->now->year);
        ix_xlsx_add_number(t, r->now->value);
        ix_xlsx_add_number(t, (double)r->rank);
        if (l->vs) {
            ix_xlsx_add_number(t, r->then ? r->then->value : NAN);
            ix_xlsx_add_number(t, r->then ? (double)r->then_rank : NAN);
            ix_xlsx_add_number(t, r->then ? r->change : NAN);
        }
    }
    char note[600];
    snprintf(note, sizeof note, "%s %d: %s, %s", st->danish ? "Landsliste" : "National list",
             l->year, series->column, series->source);
    ix_xlsx_add_note(t, note);
    ix_buf nb;
    ix_buf_init(&nb);
    ix_sink ns = ix_buf_sink(&nb);
    if (ix_landsliste_write_notes(l, st->danish, st->danish ? "NB: " : "Note: ", &ns) && nb.data) {
        nb.data[strcspn(nb.data, "\n")] = '\0';
        ix_xlsx_add_note(t, nb.data);
    }
    ix_buf_free(&nb);
    return IX_OK;
}
