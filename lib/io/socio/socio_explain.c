/* One municipality's index, criterion by criterion: the answer to "why are
 * we at 120?". Each criterion contributes scale * w_j * relative rate, where
 * the relative rate is the municipality's count per inhabitant over the
 * national count per inhabitant; at the national rate a criterion
 * contributes exactly scale * w_j, so "over average" shows which criteria
 * pull the index above or below the scale. */
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

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

/* A number for a sentence: whole numbers grouped, others with up to two
 * decimals. */
static const char *num(double v, const ix_socio_style *st, char *buf, size_t size)
{
    ix_format_fixed(v, v == floor(v) ? 0 : 2, st->decimal, 1, buf, size);
    return buf;
}

/* How criterion j's value of unit k comes from its inputs, in one or two
 * sentences; for a threshold, which year decides and by how much (or why
 * the value is 0, so a change that keeps it below the threshold changes
 * nothing). Empty for a plain count or data without inputs. */
void ix_socio_write_derivation(const ix_socio_model *m, const ix_socio_data *data, size_t k,
                               size_t j, const ix_socio_style *st, ix_sink *s)
{
    const ix_socio_criterion *c = &m->criteria[j];
    if (!data->inputs || c->kind == IX_SOCIO_COUNT)
        return;
    const double *in = &data->inputs[(k * m->ncriteria + j) * IX_SOCIO_MAX_INPUTS];
    const double value = data->counts[k * m->ncriteria + j];
    const int da = st->danish;
    char a[64], b[64], e[64], f[64], v[64];
    ix_sink_printf(s, "  %s", c->name && c->name[0] ? c->name : c->id); /* a person reads it */
    if (c->nr)
        ix_sink_printf(s, " (nr. %d)", c->nr);
    ix_sink_puts(s, ": ");
    switch (c->kind) {
    case IX_SOCIO_THRESHOLD: {
        double share = c->excess_share * 100, now = in[0] - c->excess_share * in[1];
        ix_sink_printf(s, da ? "nu %s - %g %% af %s = %s" : "now %s - %g %% of %s = %s",
                       num(in[0], st, a, sizeof a), share, num(in[1], st, b, sizeof b),
                       num(now, st, v, sizeof v));
        if (c->ninputs == 4) {
            double before = in[2] - c->excess_share * in[3];
            ix_sink_printf(s, da ? "; tre år før %s - %g %% af %s = %s. "
                                 : "; three years earlier %s - %g %% of %s = %s. ",
                           num(in[2], st, e, sizeof e), share, num(in[3], st, f, sizeof f),
                           num(before, st, a, sizeof a));
            if (value <= 0)
                ix_sink_printf(s, da ? "Begge år er under tærsklen, så kriteriet er 0: en ændring, "
                                       "der holder antallet under %g %%, ændrer intet.\n"
                                     : "Both years are below the threshold, so the criterion is 0: "
                                       "a change that keeps the count below %g %% changes nothing.\n",
                               share);
            else if (now >= before)
                ix_sink_printf(s, da ? "Beregningsåret afgør, med %s over året tre år før.\n"
                                     : "The current year decides, by %s over three years earlier.\n",
                               num(now - before, st, b, sizeof b));
            else
                ix_sink_printf(s, da ? "Året tre år før afgør, med %s over beregningsåret: årets "
                                       "antal kan falde, eller stige med op til %s, uden at "
                                       "kriteriet ændres.\n"
                                     : "Three years earlier decides, by %s over the current year: "
                                       "this year's count can fall, or rise by up to %s, without "
                                       "changing the criterion.\n",
                               num(before - now, st, b, sizeof b), num(before - now, st, e, sizeof e));
        } else
            ix_sink_printf(s, da ? "; værdien %s.\n" : "; the value %s.\n", num(value, st, a, sizeof a));
        break;
    }
    case IX_SOCIO_MEAN:
        ix_sink_puts(s, da ? "gennemsnit af" : "mean of");
        for (size_t i = 0; i < c->ninputs; i++)
            ix_sink_printf(s, "%s %s", i ? (i + 1 == c->ninputs ? (da ? " og" : " and") : ",") : "",
                           num(in[i], st, a, sizeof a));
        ix_sink_printf(s, " = %s.\n", num(value, st, a, sizeof a));
        break;
    case IX_SOCIO_PRODUCT:
        ix_sink_printf(s, "%s %s x %s%s = %s.\n", num(in[0], st, a, sizeof a),
                       c->measure_unit ? c->measure_unit : "", num(in[1], st, b, sizeof b),
                       c->factor != 1 ? (c->factor == 0.01 ? " / 100" : " x factor") : "",
                       num(value, st, v, sizeof v));
        break;
    case IX_SOCIO_GAP_TO_MAX:
        ix_sink_printf(s, da ? "(højeste %s - egen %s) %s x %s = %s.\n"
                             : "(highest %s - own %s) %s x %s = %s.\n",
                       num(data->gap_max ? data->gap_max[j] : 0, st, a, sizeof a),
                       num(in[0], st, b, sizeof b), c->measure_unit ? c->measure_unit : "",
                       num(in[1], st, e, sizeof e), num(value, st, v, sizeof v));
        break;
    case IX_SOCIO_COUNT:
    default: break;
    }
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
    for (size_t j = 0; j < m->ncriteria; j++) {
        ix_sink_printf(s, "  %s: %s\n", m->criteria[j].id, m->criteria[j].name);
        if (m->criteria[j].note)
            ix_sink_printf(s, "      %s\n", m->criteria[j].note);
    }
    int any = 0;
    for (size_t j = 0; data->inputs && j < m->ncriteria; j++)
        any |= m->criteria[j].kind != IX_SOCIO_COUNT;
    if (any) {
        ix_sink_puts(s, st->danish ? "\nAfledte kriterier (værdien af kolonnen \"Antal\"):\n"
                                   : "\nDerived criteria (the value in the column \"Count\"):\n");
        for (size_t j = 0; j < m->ncriteria; j++)
            ix_socio_write_derivation(m, data, k, j, st, s);
    }
    ix_sink_puts(s, "\n");
    ix_socio_write_notes_lang(m, data, st->danish ? "NB: " : "Note: ", st->danish, s);
}

/* JSON: the kind, nr, the inputs by column and the derivation sentence. */
static void add_inputs(const ix_socio_model *m, const ix_socio_data *data, size_t k, size_t j,
                       const ix_socio_style *st, json_t *row)
{
    const ix_socio_criterion *c = &m->criteria[j];
    if (!row || !data->inputs)
        return;
    json_object_set_new(row, "art", json_string(ix_socio_kind_name(c->kind)));
    if (c->nr)
        json_object_set_new(row, "nr", json_integer(c->nr));
    if (c->note)
        json_object_set_new(row, "note", json_string(c->note));
    json_t *in = json_object();
    for (size_t i = 0; in && i < c->ninputs; i++)
        json_object_set_new(in, c->inputs[i],
                            json_real(data->inputs[(k * m->ncriteria + j) * IX_SOCIO_MAX_INPUTS + i]));
    json_object_set_new(row, "inddata", in);
    ix_buf b;
    ix_buf_init(&b);
    ix_sink bs = ix_buf_sink(&b);
    ix_socio_write_derivation(m, data, k, j, st, &bs);
    if (b.data) {
        const char *text = strstr(b.data, ": ");
        size_t len = strlen(text ? text + 2 : b.data);
        json_object_set_new(row, "udledning",
                            json_stringn(text ? text + 2 : b.data, len && (text ? text + 2 : b.data)[len - 1] == '\n' ? len - 1 : len));
    }
    ix_buf_free(&b);
}

static void explain_json(const ix_socio_model *m, const ix_socio_data *data,
                         const ix_socio_result *r, size_t k, ix_sink *s)
{
    json_t *rows = json_array();
    const ix_socio_style plain = {'.', ',', 0};
    for (size_t j = 0; j < m->ncriteria; j++) {
        explain_row e = explain_criterion(m, data, r, k, j);
        json_t *row;
        json_array_append_new(
            rows, row = json_pack("{s:s,s:s,s:f,s:f,s:f,s:f,s:f,s:f,s:f,s:f,s:f}", "kriterium",
                            m->criteria[j].id, "navn", m->criteria[j].name, "vaegt", e.weight,
                            "antal", e.count, "antal_foer_taerskel", e.raw, "andel_af_landet",
                            e.share, "rate_pr_1000", e.rate, "landsrate_pr_1000", e.national_rate,
                            "relativ_rate", e.relative, "bidrag", e.contrib,
                            "bidrag_over_gennemsnit", e.over));
        add_inputs(m, data, k, j, &plain, row);
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
    ix_json_emit(root, s, NULL);
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
