/* One municipality's index, criterion by criterion: the answer to "why are
 * we at 120?". Each criterion contributes scale * w_j * relative rate, where
 * the relative rate is the municipality's count per inhabitant over the
 * national count per inhabitant; at the national rate a criterion
 * contributes exactly scale * w_j, so "over average" shows which criteria
 * pull the index above or below the scale. */
#include <jansson.h>
#include <stdio.h>

#include "indeks/json_sink.h"
#include "indeks/csv_write.h"
#include "indeks/number.h"
#include "indeks/socio_write.h"
#include "indeks/textable.h"

typedef struct {
    double weight, count, raw, share, rate, national_rate, relative, contrib, over;
} explain_row;

static explain_row explain_criterion(const ix_socio_model *m, const ix_socio_data *data,
                                     const ix_socio_result *r, size_t k, size_t j)
{
    const size_t nc = r->ncriteria;
    explain_row e;
    e.weight = m->criteria[j].weight;
    e.count = data->counts[k * nc + j];
    e.raw = data->raw[k * nc + j];
    e.share = e.count / r->national[j];
    e.rate = e.count / data->population[k] * 1000.0;
    e.national_rate = r->national[j] / r->population * 1000.0;
    e.relative = e.rate / e.national_rate;
    e.contrib = r->contrib[k * nc + j];
    e.over = e.contrib - m->scale * e.weight;
    return e;
}

static void explain_csv(const ix_socio_model *m, const ix_socio_data *data,
                        const ix_socio_result *r, size_t k, const ix_socio_style *st, ix_sink *s)
{
    const char c = st->separator;
    ix_sink_printf(s, "kriterium%cnavn%cvaegt%cantal%cantal_foer_taerskel%candel_af_landet%c"
                      "rate_pr_1000%clandsrate_pr_1000%crelativ_rate%cbidrag%cbidrag_over_gennemsnit\n",
                   c, c, c, c, c, c, c, c, c, c);
    for (size_t j = 0; j < m->ncriteria; j++) {
        explain_row e = explain_criterion(m, data, r, k, j);
        double v[9] = {e.weight, e.count, e.raw, e.share, e.rate, e.national_rate, e.relative,
                       e.contrib, e.over};
        ix_csv_write_field(s, m->criteria[j].id, c);
        ix_sink_put(s, &c, 1);
        ix_csv_write_field(s, m->criteria[j].name, c);
        for (int i = 0; i < 9; i++) {
            ix_sink_put(s, &c, 1);
            ix_csv_write_number(s, v[i], st->decimal);
        }
        ix_sink_put(s, "\n", 1);
    }
}

static void add_fixed(ix_textable *t, double v, int decimals, const ix_socio_style *st)
{
    char buf[64];
    ix_format_fixed(v, decimals, st->decimal, 1, buf, sizeof buf);
    ix_textable_add(t, buf);
}

static void explain_table(const ix_socio_model *m, const ix_socio_data *data,
                          const ix_socio_result *r, size_t k, const ix_socio_style *st, ix_sink *s)
{
    static const char *const head_da[8] = {"Kriterium", "Vægt", "Antal", "Andel af landet",
                                           "Pr. 1000 indb.", "Landet pr. 1000", "Bidrag",
                                           "Over gennemsnit"};
    static const char *const head_en[8] = {"Criterion", "Weight", "Count", "Share of nation",
                                           "Per 1000 inh.", "Nation per 1000", "Contribution",
                                           "Above average"};
    ix_textable *t = ix_textable_new(8);
    if (!t) {
        s->failed = 1;
        return;
    }
    for (int c = 0; c < 8; c++) {
        ix_textable_add(t, st->danish ? head_da[c] : head_en[c]);
        if (c > 0)
            ix_textable_right(t, (size_t)c);
    }
    double sum = 0;
    for (size_t j = 0; j < m->ncriteria; j++) {
        explain_row e = explain_criterion(m, data, r, k, j);
        ix_textable_add(t, m->criteria[j].id);
        add_fixed(t, e.weight * 100.0, 1, st);
        add_fixed(t, e.count, 0, st);
        add_fixed(t, e.share * 100.0, 3, st);
        add_fixed(t, e.rate, 1, st);
        add_fixed(t, e.national_rate, 1, st);
        add_fixed(t, e.contrib, 2, st);
        add_fixed(t, e.over, 2, st);
        sum += e.contrib;
    }
    char idx[64], pop[64], share[64];
    ix_format_fixed(r->index[k], 2, st->decimal, 1, idx, sizeof idx);
    ix_format_fixed(data->population[k], 0, st->decimal, 1, pop, sizeof pop);
    ix_format_fixed(data->population[k] / r->population * 100.0, 3, st->decimal, 1, share, sizeof share);
    ix_sink_printf(s, st->danish ? "%03d %s: indeks %s, rang %ld af %zu\n"
                                 : "%03d %s: index %s, rank %ld of %zu\n",
                   data->codes[k], data->names[k] ? data->names[k] : "", idx, r->rank[k], r->nunits);
    ix_sink_printf(s, st->danish ? "Indbyggere %s (%s %% af landet). Vægt og andel i procent.\n\n"
                                 : "Population %s (%s %% of the nation). Weight and share in per cent.\n\n",
                   pop, share);
    ix_textable_render(t, s);
    ix_textable_free(t);
    ix_format_fixed(sum, 2, st->decimal, 1, idx, sizeof idx);
    ix_sink_printf(s, st->danish
                          ? "\nBidragene summerer til indekset (%s). Ved landets rate bidrager et kriterium "
                            "med vægt × %g; \"over gennemsnit\" viser, hvad der trækker op eller ned.\n"
                          : "\nThe contributions add up to the index (%s). At the national rate a criterion "
                            "contributes weight × %g; \"above average\" shows what pulls the index up or down.\n",
                   idx, m->scale);
    for (size_t j = 0; j < m->ncriteria; j++)
        ix_sink_printf(s, "  %s: %s\n", m->criteria[j].id, m->criteria[j].name);
    ix_sink_puts(s, "\n");
    ix_socio_write_notes_lang(m, data, st->danish ? "NB: " : "Note: ", st->danish, s);
}

static void explain_json(const ix_socio_model *m, const ix_socio_data *data,
                         const ix_socio_result *r, size_t k, ix_sink *s)
{
    json_t *rows = json_array();
    for (size_t j = 0; j < m->ncriteria; j++) {
        explain_row e = explain_criterion(m, data, r, k, j);
        json_array_append_new(
            rows, json_pack("{s:s,s:s,s:f,s:f,s:f,s:f,s:f,s:f,s:f,s:f,s:f}", "kriterium",
                            m->criteria[j].id, "navn", m->criteria[j].name, "vaegt", e.weight,
                            "antal", e.count, "antal_foer_taerskel", e.raw, "andel_af_landet",
                            e.share, "rate_pr_1000", e.rate, "landsrate_pr_1000", e.national_rate,
                            "relativ_rate", e.relative, "bidrag", e.contrib,
                            "bidrag_over_gennemsnit", e.over));
    }
    ix_buf notes;
    ix_buf_init(&notes);
    ix_sink ns = ix_buf_sink(&notes);
    ix_socio_write_notes(m, data, "", &ns);
    char code[16];
    snprintf(code, sizeof code, "%03d", data->codes[k]);
    json_t *root = json_pack("{s:s,s:s,s:f,s:I,s:I,s:f,s:f,s:s,s:o}", "kommunekode", code, "kommune",
                             data->names[k] ? data->names[k] : "", "indeks", r->index[k], "rang",
                             (json_int_t)r->rank[k], "antal_enheder", (json_int_t)r->nunits,
                             "indbyggere", data->population[k], "skala", m->scale, "noter",
                             notes.data ? notes.data : "", "kriterier", rows);
    ix_json_dump(root, s);
    ix_sink_put(s, "\n", 1);
    json_decref(root);
    ix_buf_free(&notes);
}

void ix_socio_write_explain(const ix_socio_model *m, const ix_socio_data *data,
                            const ix_socio_result *r, size_t k, const ix_socio_style *st,
                            int format, ix_sink *s)
{
    if (format == 1)
        explain_csv(m, data, r, k, st, s);
    else if (format == 2)
        explain_json(m, data, r, k, s);
    else
        explain_table(m, data, r, k, st, s);
}
