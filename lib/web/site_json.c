/* The JSON API's documents (see site.h and docs/openapi.yaml), built with
 * jansson and written compactly with sorted keys (the same bytes for the
 * same edition, so ETags are stable). Missing numbers are null. */
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "indeks/json_sink.h"
#include "indeks/site.h"
#include "site_internal.h"

static json_t *num(double v)
{
    return isfinite(v) ? json_real(v) : json_null();
}

static json_t *str(const char *s)
{
    return s ? json_string(s) : json_null();
}

static json_t *info_json(const ix_edition_info *i)
{
    char self[64], csv[64], html[64];
    snprintf(self, sizeof self, "/api/v1/editions/%ld", i->id);
    snprintf(csv, sizeof csv, "/edition/%ld.csv", i->id);
    snprintf(html, sizeof html, "/edition/%ld", i->id);
    return json_pack("{s:I, s:o, s:i, s:s, s:o, s:o, s:o, s:o, s:I, s:{s:s, s:s, s:s}}", "id",
                     (json_int_t)i->id, "name", str(i->name), "year", i->year, "kind",
                     ix_edition_kind_name(i->kind) ? ix_edition_kind_name(i->kind) : "", "created",
                     str(i->created), "model_name", str(i->model_name), "note", str(i->note),
                     "value_column", str(i->value_column), "rows", (json_int_t)i->nrows, "links",
                     "self", self, "csv", csv, "html", html);
}

static ix_status dump(json_t *doc, ix_sink *s, ix_diag *d)
{
    if (!doc)
        return ix_diag_set(d, IX_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory building JSON");
    char *text = ix_json_dumps(doc, JSON_COMPACT | JSON_SORT_KEYS); /* reals shortest: 1.06 */
    json_decref(doc);
    if (!text)
        return ix_diag_set(d, IX_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory writing JSON");
    ix_sink_puts(s, text);
    ix_sink_puts(s, "\n");
    free(text);
    return IX_OK;
}

ix_status ix_site_json_editions(const ix_edition_list *l, ix_sink *s, ix_diag *d)
{
    json_t *arr = json_array();
    for (size_t i = 0; arr && i < l->n; i++)
        json_array_append_new(arr, info_json(&l->items[i]));
    return dump(arr ? json_pack("{s:o}", "editions", arr) : NULL, s, d);
}

static json_t *cell_json(const ix_edition_cell *c)
{
    if (!c->present)
        return json_null();
    return c->is_text ? json_string(c->text) : num(c->num);
}

static void note_push(void *ctx, const char *note)
{
    json_array_append_new(ctx, json_string(note));
}

/* The edition's notes as a JSON array (contract 1: "notes"). */
static json_t *notes_json(const ix_edition *e)
{
    json_t *a = json_array();
    if (a)
        ix__site_each_note(e, note_push, a);
    return a ? a : json_null();
}

void ix_site_csv_edition(const ix_edition *e, ix_sink *s)
{
    ix_edition_write_csv_download_year(
        e, e->info.kind == IX_EDITION_SERIES ? ix_edition_display_year(e) : 0, s);
}

ix_status ix_site_json_edition(const ix_edition *e, ix_sink *s, ix_diag *d)
{
    static const char *const roles[] = {"", "code", "name", "value", "rank", "year", "extra"};
    json_t *info = info_json(&e->info), *inputs = json_array(), *cols = json_array(),
           *rows = json_array();
    if (!info || !inputs || !cols || !rows) {
        json_decref(info);
        json_decref(inputs);
        json_decref(cols);
        json_decref(rows);
        return ix_diag_set(d, IX_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory building JSON");
    }
    for (size_t i = 0; i < e->ninputs; i++)
        json_array_append_new(inputs, json_pack("{s:s, s:s, s:s, s:I}", "role", e->inputs[i].role,
                                                "name", e->inputs[i].name, "sha256",
                                                e->inputs[i].sha256, "bytes",
                                                (json_int_t)e->inputs[i].bytes));
    json_object_set_new(info, "inputs", inputs);
    json_object_set_new(info, "model_text", str(e->model_text));
    int year = ix_edition_display_year(e);
    json_object_set_new(info, "display_year", json_integer(year));
    const char *dir = ix_edition_attr_get(e, "direction");
    json_object_set_new(info, "direction", str(dir));
    json_t *years = json_array();
    for (size_t r = 0; years && r < e->nrows; r++) {
        int seen = !isfinite(e->rows[r].value);
        for (size_t i = 0; !seen && i < json_array_size(years); i++)
            seen = json_integer_value(json_array_get(years, i)) == e->rows[r].year;
        if (!seen)
            json_array_append_new(years, json_integer(e->rows[r].year));
    }
    json_object_set_new(info, "years", years ? years : json_null());
    for (size_t c = 0; c < e->ncols; c++)
        json_array_append_new(cols, json_pack("{s:s, s:s}", "name", e->cols[c].name, "role",
                                              roles[e->cols[c].role]));
    for (size_t r = 0; r < e->nrows; r++) {
        const ix_result_row *row = &e->rows[r];
        if (row->year != year)
            continue; /* a series' other years: its history (/api/v1/kommuner/<kode>) */
        json_t *extra = json_object();
        for (size_t c = 0; extra && c < e->ncols; c++)
            if (e->cols[c].role == IX_COL_EXTRA && e->cols[c].extra >= 0)
                json_object_set_new(extra, e->cols[c].name, cell_json(&row->extras[e->cols[c].extra]));
        json_t *o = json_pack("{s:s, s:o, s:s, s:i, s:o, s:o, s:o}", "code", row->code, "kommune",
                              row->kommune ? json_integer(row->kommune) : json_null(), "name",
                              row->name, "year", row->year, "value", num(row->value), "rank",
                              row->rank ? json_integer(row->rank) : json_null(), "extra",
                              extra ? extra : json_null());
        if (o)
            json_array_append_new(rows, o);
    }
    return dump(json_pack("{s:o, s:o, s:o, s:o}", "edition", info, "columns", cols, "rows", rows,
                          "notes", notes_json(e)),
                s, d);
}

ix_status ix_site_json_kommune(const ix_kommune *k, const ix_history *h, ix_sink *s, ix_diag *d)
{
    json_t *arr = json_array();
    for (size_t i = 0; arr && i < h->n; i++) {
        const ix_history_point *p = &h->points[i];
        json_array_append_new(arr, json_pack("{s:I, s:s, s:s, s:i, s:o, s:o, s:I}", "edition",
                                             (json_int_t)p->edition, "edition_name",
                                             p->edition_name, "kind", ix_edition_kind_name(p->kind),
                                             "year", p->year, "value", num(p->value), "rank",
                                             p->rank ? json_integer(p->rank) : json_null(), "of",
                                             (json_int_t)p->of));
    }
    if (!arr)
        return ix_diag_set(d, IX_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory building JSON");
    return dump(json_pack("{s:{s:i, s:s, s:s, s:I}, s:o}", "kommune", "code", k->code, "name",
                          k->name, "region", k->region, "population_2020",
                          (json_int_t)k->population_2020, "history", arr),
                s, d);
}
