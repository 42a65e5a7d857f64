/* Writers for socio-economic index results (see socio_write.h). */
#include <stdlib.h>
#include "indeks/json_sink.h"
#include "indeks/socio_write.h"

#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "indeks/csv_write.h"
#include "indeks/demo.h"
#include "indeks/kommuner.h"
#include "indeks/number.h"
#include "indeks/textable.h"

int ix_socio_write_notes(const ix_socio_model *m, const ix_socio_data *data, const char *prefix,
                         ix_sink *s)
{
    return ix_socio_write_notes_lang(m, data, prefix, 0, s);
}

int ix_socio_write_notes_lang(const ix_socio_model *m, const ix_socio_data *data,
                              const char *prefix, int danish, ix_sink *s)
{
    int n = 0;
    if (m->status && strcmp(m->status, "incomplete") == 0) {
        ix_sink_printf(s,
                       danish ? "%sModellen \"%s\" er UFULDSTÆNDIG: dens bekræftede kriterier bærer %.4g "
                                "af vægten; dette er ikke det officielle indeks (%s).\n"
                              : "%sThe model \"%s\" is INCOMPLETE: its confirmed criteria carry %.4g of "
                                "the weight; this is not the official index (%s).\n",
                       prefix, m->name, m->weight_sum, m->file);
        n++;
    }
    if (m->renormalised) {
        ix_sink_printf(s,
                       danish ? "%sVægtene er skaleret fra summen %.4g til 1 (--normalise-weights).\n"
                              : "%sWeights were rescaled from a sum of %.4g to 1 (--normalise-weights).\n",
                       prefix, m->weight_sum);
        n++;
    }
    if (data->source && strcmp(data->source, IX_DEMO_LABEL) == 0) {
        ix_sink_printf(s,
                       danish ? "%sData: %s. Ikke danske statistikker; kun navne og folketal er virkelige.\n"
                              : "%sData: %s. Not Danish statistics; only names and population sizes are real.\n",
                       prefix, IX_DEMO_LABEL);
        n++;
    }
    if (data->nunits < ix_kommune_count()) {
        ix_sink_printf(s,
                       danish ? "%sKun %zu af de %zu kommuner er med i data: 100 er deres gennemsnit, "
                                "ikke landets.\n"
                              : "%sOnly %zu of the %zu municipalities are in the data: 100 is their "
                                "average, not the national one.\n",
                       prefix, data->nunits, ix_kommune_count());
        n++;
    }
    return n;
}

void ix_socio_write_csv(const ix_socio_model *m, const ix_socio_data *data,
                        const ix_socio_result *r, const ix_socio_style *st, ix_sink *s)
{
    const char sep = st->separator;
    ix_sink_printf(s, "kommunekode%ckommune%cindeks%crang", sep, sep, sep);
    for (size_t j = 0; j < m->ncriteria; j++) {
        /* quoted like any field: an id may hold the separator or a quote */
        const char *id = m->criteria[j].id;
        size_t n = strlen(id) + 8;
        char *head = malloc(n);
        ix_sink_put(s, &sep, 1);
        if (!head) {
            s->failed = 1;
            continue;
        }
        snprintf(head, n, "bidrag_%s", id);
        ix_csv_write_field(s, head, sep);
        free(head);
    }
    ix_sink_put(s, "\n", 1);
    for (size_t pos = 0; pos < r->nunits; pos++) {
        size_t k = r->order[pos];
        ix_sink_printf(s, "%03d%c", data->codes[k], sep);
        ix_csv_write_field(s, data->names[k] ? data->names[k] : "", sep);
        ix_sink_put(s, &sep, 1);
        ix_csv_write_number(s, r->index[k], st->decimal);
        ix_sink_printf(s, "%c%ld", sep, r->rank[k]);
        for (size_t j = 0; j < m->ncriteria; j++) {
            ix_sink_put(s, &sep, 1);
            ix_csv_write_number(s, r->contrib[k * r->ncriteria + j], st->decimal);
        }
        ix_sink_put(s, "\n", 1);
    }
}

static json_t *notes_json(const ix_socio_model *m, const ix_socio_data *data)
{
    ix_buf b;
    ix_buf_init(&b);
    ix_sink s = ix_buf_sink(&b);
    ix_socio_write_notes(m, data, "", &s);
    json_t *arr = ix_json_lines(b.data);
    ix_buf_free(&b);
    return arr;
}

static json_t *unit_json(const ix_socio_model *m, const ix_socio_data *data,
                         const ix_socio_result *r, size_t k)
{
    char code[16];
    snprintf(code, sizeof code, "%03d", data->codes[k]);
    json_t *contrib = json_object();
    for (size_t j = 0; j < m->ncriteria; j++)
        json_object_set_new(contrib, m->criteria[j].id, json_real(r->contrib[k * r->ncriteria + j]));
    return json_pack("{s:s, s:s, s:f, s:I, s:f, s:o}", "kommunekode", code, "kommune",
                     data->names[k] ? data->names[k] : "", "indeks", r->index[k], "rang",
                     (json_int_t)r->rank[k], "indbyggere", data->population[k], "bidrag", contrib);
}

static json_t *criteria_json(const ix_socio_model *m, const ix_socio_result *r)
{
    json_t *arr = json_array();
    for (size_t j = 0; arr && j < m->ncriteria; j++)
        json_array_append_new(arr, json_pack("{s:s, s:s, s:f, s:f}", "id", m->criteria[j].id,
                                             "name", m->criteria[j].name, "weight",
                                             m->criteria[j].weight, "national_total", r->national[j]));
    return arr;
}

ix_status ix_socio_write_json(const ix_socio_model *m, const ix_socio_data *data,
                              const ix_socio_result *r, ix_sink *s, ix_diag *d)
{
    json_t *units = json_array();
    for (size_t pos = 0; units && pos < r->nunits; pos++)
        json_array_append_new(units, unit_json(m, data, r, r->order[pos]));
    json_t *root = json_pack("{s:s, s:s, s:s, s:b, s:b, s:f, s:f, s:o, s:o, s:o}", "model", m->name,
                             "source", m->source, "data", data->source ? data->source : "",
                             "complete", !ix_socio_model_is_partial(m), "weights_rescaled",
                             m->renormalised, "scale", m->scale, "population", r->population,
                             "notes", notes_json(m, data), "criteria", criteria_json(m, r),
                             "units", units);
    return ix_json_emit(root, s, d);
}

static void fixed(double v, int decimals, const ix_socio_style *st, char *buf, size_t size)
{
    ix_format_fixed(v, decimals, st->decimal, st->danish, buf, size);
}

void ix_socio_write_table(const ix_socio_model *m, const ix_socio_data *data,
                          const ix_socio_result *r, const ix_socio_style *st, ix_sink *s)
{
    ix_textable *t = ix_textable_new(5);
    if (!t) {
        s->failed = 1;
        return;
    }
    const char *head[5] = {st->danish ? "Rang" : "Rank", st->danish ? "Kode" : "Code",
                           st->danish ? "Kommune" : "Municipality", st->danish ? "Indeks" : "Index",
                           st->danish ? "Indbyggere" : "Population"};
    for (int c = 0; c < 5; c++)
        ix_textable_add(t, head[c]);
    ix_textable_right(t, 0);
    ix_textable_right(t, 3);
    ix_textable_right(t, 4);
    char buf[64];
    for (size_t pos = 0; pos < r->nunits; pos++) {
        size_t k = r->order[pos];
        snprintf(buf, sizeof buf, "%ld", r->rank[k]);
        ix_textable_add(t, buf);
        snprintf(buf, sizeof buf, "%03d", data->codes[k]);
        ix_textable_add(t, buf);
        ix_textable_add(t, data->names[k] ? data->names[k] : "");
        fixed(r->index[k], 1, st, buf, sizeof buf);
        ix_textable_add(t, buf);
        ix_format_fixed(data->population[k], 0, st->decimal, 1, buf, sizeof buf);
        ix_textable_add(t, buf);
    }
    ix_sink_printf(s, "%s\n", m->name);
    ix_sink_printf(s, st->danish ? "Landsliste, %g = landsgennemsnit\n\n"
                                 : "National list, %g = national average\n\n", m->scale);
    ix_textable_render(t, s);
    ix_textable_free(t);
    ix_sink_puts(s, "\n");
    ix_socio_write_notes_lang(m, data, st->danish ? "NB: " : "Note: ", st->danish, s);
}
