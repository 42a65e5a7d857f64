/* Writers for equalisation results and the § 16 scorecard (udligning.h).
 * Every output carries the notes: a number made with an unconfirmed
 * parameter is never shown without saying so. */
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "indeks/csv_write.h"
#include "indeks/escape.h"
#include "indeks/json_sink.h"
#include "indeks/number.h"
#include "indeks/textable.h"
#include "indeks/udligning.h"

static const char *const heading_ids[IX_UDL_NHEADINGS] = {"demografisk_socio", "aktuel_oekonomi",
                                                          "vedvarende_oekonomi"};

/* English or Danish. */
#define T(da, en, dk) ((da) ? (dk) : (en))

/* A parameter's value for people: whole amounts grouped (280,000,000,000;
 * Danish 280.000.000.000), others in their shortest exact form; never an
 * exponent such as 2.8e+11. */
static const char *human_value(double v, int danish, char *buf, size_t size)
{
    if (v == floor(v) && fabs(v) >= 10000 && fabs(v) < 1e18)
        ix_format_fixed(v, 0, danish ? ',' : '.', 1, buf, size);
    else
        ix_format_exact(v, danish ? ',' : '.', buf, size);
    return buf;
}

/* The file a note names, without its folders: no local path goes into an
 * output. */
static const char *base_name(const char *path)
{
    const char *slash = path ? strrchr(path, '/') : NULL;
    return slash ? slash + 1 : path ? path : "";
}

static int unconfirmed_notes(const ix_udl_params *p, int with_grant, const char *prefix,
                             int da, ix_sink *s)
{
    int n = 0;
    char num[64];
    for (int i = 0; i < IX_UDL_NPARAMS; i++) {
        ix_udl_param_id id = (ix_udl_param_id)i;
        if (!ix_udl_param_used(p, id) || p->p[i].confirmed ||
            (ix_udl_param_group(id) == 'G' && !with_grant))
            continue;
        if (id == IX_UDL_AVG_TAX && p->real && p->real->tax_applied)
            continue; /* computed from the data: ix_udl_real_write_notes says so */
        if (id == IX_UDL_AVG_TAX && p->income_tax_column && p->land_tax_column)
            continue; /* not used: computed per § 2 stk. 6, noted below */
        ix_sink_printf(s, T(da, "%sParameter %s = %s is NOT CONFIRMED from the law (%s); results that "
                                "depend on it are illustrative.\n",
                            "%sParameteren %s = %s er IKKE BEKRÆFTET i loven (%s); resultater, der "
                            "afhænger af den, er illustrative.\n"),
                       prefix, ix_udl_param_path(id), human_value(p->p[i].value, da, num, sizeof num),
                       p->p[i].source);
        n++;
    }
    for (size_t a = 0; a < p->nages; a++)
        if (!p->ages[a].unit.confirmed) {
            ix_sink_printf(s, T(da, "%sThe age groups' unit amounts are NOT CONFIRMED from the law (%s).\n",
                                "%sAldersgruppernes enhedsbeløb er IKKE BEKRÆFTET i loven (%s).\n"),
                           prefix, p->ages[a].unit.source);
            n++;
            break;
        }
    if (p->old_system && !p->capital_confirmed) {
        ix_sink_printf(s, T(da, "%sThe capital area (hovedstadsudligning.regionskoder) is NOT CONFIRMED (%s).\n",
                            "%sHovedstadsområdet (hovedstadsudligning.regionskoder) er IKKE BEKRÆFTET (%s).\n"),
                       prefix, p->capital_source);
        n++;
    }
    return n;
}

static int real_notes(const ix_udl_params *p, const ix_udl_data *data, const char *prefix, int da,
                      ix_sink *s)
{
    const ix_udl_real *r = p->real;
    int n = 0;
    char a[64], b[64];
    if (!r)
        return 0;
    if (r->npopulation > 0) {
        ix_sink_printf(s, T(da, "%sReal values: folketal of the %zu municipalities is indbyggere_1jan %d "
                                "from %s (source: %s); the age groups were rescaled to it "
                                "(whole persons, largest remainder).\n",
                            "%sVirkelige tal: folketallet i de %zu kommuner er indbyggere_1jan %d "
                            "fra %s (kilde: %s); aldersgrupperne er skaleret til det "
                            "(hele personer, største rest).\n"),
                       prefix, r->npopulation, r->year, base_name(r->file), IX_UDL_REAL_ORIGIN);
        n++;
    }
    if (r->tax_applied) {
        ix_format_fixed(r->avg_tax, 10, da ? ',' : '.', 0, a, sizeof a);
        for (size_t len = strlen(a); len > 1 && strchr(a, da ? ',' : '.') && a[len - 1] == '0';)
            a[--len] = '\0'; /* 0.2550000000 -> 0.255, as %.10g wrote it */
        ix_format_exact(r->avg_tax_given, da ? ',' : '.', b, sizeof b);
        ix_sink_printf(s, T(da, "%sParameter %s = %s was computed from the data: the "
                                "tax-base-weighted mean of udskrivningsprocent %d from %s (source: %s), "
                                "sum B_k t_k / sum B_k / 100 with B_k the beskatningsgrundlag of %s; it "
                                "replaces the parameter file's value %s.\n",
                            "%sParameteren %s = %s er beregnet af data: det "
                            "beskatningsgrundlagsvægtede gennemsnit af udskrivningsprocenten %d fra %s "
                            "(kilde: %s), sum B_k t_k / sum B_k / 100 med B_k beskatningsgrundlaget i "
                            "%s; den erstatter parameterfilens værdi %s.\n"),
                       prefix, ix_udl_param_path(IX_UDL_AVG_TAX), a, r->year, base_name(r->file),
                       IX_UDL_REAL_ORIGIN, data && data->source ? base_name(data->source) : T(da, "the data", "data"),
                       b);
        n++;
    }
    return n;
}

int ix_udl_real_write_notes(const ix_udl_params *p, const ix_udl_data *data, const char *prefix,
                            ix_sink *s)
{
    return real_notes(p, data, prefix, 0, s);
}

int ix_udl_write_notes(const ix_udl_params *p, const ix_socio_model *m, const ix_udl_data *data,
                       int with_grant, const char *prefix, ix_sink *s)
{
    return ix_udl_write_notes_lang(p, m, data, with_grant, prefix, 0, s);
}

int ix_udl_write_notes_lang(const ix_udl_params *p, const ix_socio_model *m,
                            const ix_udl_data *data, int with_grant, const char *prefix, int da,
                            ix_sink *s)
{
    int n = 0;
    if (with_grant) {
        ix_sink_printf(s, T(da, "%sSIMULATION of the § 16 grant by the rule in %s: the law has no formula; "
                                "this is not the ministry's decision.\n",
                            "%sSIMULERING af § 16-tilskuddet efter reglen i %s: loven har ingen formel; "
                            "dette er ikke ministeriets afgørelse.\n"),
                       prefix, base_name(p->file));
        n++;
    }
    if (data->socio)
        n += ix_socio_write_notes_lang(m, data->socio, prefix, da, s);
    n += unconfirmed_notes(p, with_grant, prefix, da, s);
    if (p->income_tax_column && p->land_tax_column) {
        ix_sink_printf(s, T(da, "%sThe average tax level is computed as § 2 stk. 6 defines it: (%s + %s) "
                                "summed over the municipalities / their total beskatningsgrundlag; the "
                                "parameter %s is not used.\n",
                            "%sDet gennemsnitlige skatteniveau er beregnet som § 2 stk. 6 definerer det: "
                            "(%s + %s) summeret over kommunerne / deres samlede beskatningsgrundlag; "
                            "parameteren %s bruges ikke.\n"),
                       prefix, p->income_tax_column, p->land_tax_column,
                       ix_udl_param_path(IX_UDL_AVG_TAX));
        n++;
    }
    n += real_notes(p, data, prefix, da, s);
    for (size_t i = 0; with_grant && i < p->nfigures; i++)
        if (!p->figures[i].weight.confirmed) {
            ix_sink_printf(s, T(da, "%sThe key figures' weights are the user's choice (%s).\n",
                                "%sNøgletallenes vægte er brugerens valg (%s).\n"),
                           prefix, p->figures[i].weight.source);
            n++;
            break;
        }
    if (data->source && strcmp(data->source, IX_DEMO_UDL_LABEL) == 0) {
        ix_sink_printf(s, T(da, "%sData: %s. Tax bases, age groups and criteria are not Danish "
                                "statistics; only codes, names and population sizes are real.\n",
                            "%sData: %s. Beskatningsgrundlag, aldersgrupper og kriterier er ikke danske "
                            "statistikker; kun koder, navne og folketal er virkelige.\n"),
                       prefix, IX_DEMO_UDL_LABEL);
        n++;
    }
    return n;
}

static void put_num(ix_sink *s, double v, char decimal)
{
    char buf[64];
    if (isnan(v))
        return;
    ix_format_exact(v, decimal, buf, sizeof buf);
    ix_sink_puts(s, buf);
}

static void put_unit(ix_sink *s, const ix_udl_data *data, size_t k, char sep)
{
    ix_sink_printf(s, "%03d%c", data->codes[k], sep);
    ix_csv_field(s, data->names[k] ? data->names[k] : "", sep);
}

void ix_udl_write_csv(const ix_udl_data *data, const ix_udl_result *r, const ix_socio_style *st,
                      ix_sink *s)
{
    const char c = st->separator;
    ix_sink_printf(s, "kommunekode%ckommune%cudgiftsbehov%cudgiftsbehov_pr_indb%cudgiftsudligning%c"
                      "skatteudligning%cnetto%cnetto_pr_indb\n", c, c, c, c, c, c, c);
    for (size_t k = 0; k < data->n; k++) {
        double nk = data->population[k];
        double v[6] = {r->need[k], r->need[k] / nk, r->need_eq[k], r->tax_eq[k], r->net[k],
                       r->net[k] / nk};
        put_unit(s, data, k, c);
        for (int i = 0; i < 6; i++) {
            ix_sink_put(s, &c, 1);
            put_num(s, v[i], st->decimal);
        }
        ix_sink_put(s, "\n", 1);
    }
}

static json_t *notes_json(const ix_udl_params *p, const ix_socio_model *m,
                          const ix_udl_data *data, int with_grant)
{
    ix_buf b;
    ix_buf_init(&b);
    ix_sink s = ix_buf_sink(&b);
    ix_udl_write_notes(p, m, data, with_grant, "", &s);
    json_t *arr = ix_json_lines(b.data);
    ix_buf_free(&b);
    return arr;
}

static json_t *params_json(const ix_udl_params *p)
{
    json_t *obj = json_object();
    for (int i = 0; obj && i < IX_UDL_NPARAMS; i++)
        if (ix_udl_param_used(p, (ix_udl_param_id)i))
            json_object_set_new(obj, ix_udl_param_path((ix_udl_param_id)i),
                                json_pack("{s:f, s:b, s:s}", "value", p->p[i].value, "confirmed",
                                          p->p[i].confirmed, "source", p->p[i].source));
    return obj;
}

static json_t *unit_json(const ix_udl_data *data, const ix_udl_result *r, size_t k)
{
    char code[16];
    snprintf(code, sizeof code, "%03d", data->codes[k]);
    double nk = data->population[k];
    json_t *o = json_pack("{s:s, s:s, s:f, s:f, s:f}", "kommunekode", code, "kommune",
                          data->names[k] ? data->names[k] : "", "folketal", nk,
                          "beskatningsgrundlag", data->tax_base[k], "socio_indeks", data->index[k]);
    json_object_set_new(o, "udgiftsbehov_alder", json_real(r->need_age[k]));
    json_object_set_new(o, "udgiftsbehov_befolkningsnedgang", json_real(r->need_decline[k]));
    json_object_set_new(o, "udgiftsbehov_socio", json_real(r->need_socio[k]));
    json_object_set_new(o, "udgiftsbehov", json_real(r->need[k]));
    json_object_set_new(o, "udgiftsbehov_pr_indb", json_real(r->need[k] / nk));
    json_object_set_new(o, "udgiftsudligning", json_real(r->need_eq[k]));
    json_object_set_new(o, "skatteudligning", json_real(r->tax_eq[k]));
    json_object_set_new(o, "netto", json_real(r->net[k]));
    json_object_set_new(o, "netto_pr_indb", json_real(r->net[k] / nk));
    return o;
}

static json_t *totals_json(const ix_udl_result *r)
{
    json_t *o = json_pack("{s:f, s:f, s:f, s:f, s:f}", "folketal", r->population,
                          "beskatningsgrundlag", r->tax_base, "udgiftsbehov", r->total_need,
                          "udgiftsbehov_pr_indb", r->avg_need_pi, "beskatningsgrundlag_pr_indb",
                          r->avg_base_pi);
    /* § 4: the age-determined need includes the decline part. */
    json_object_set_new(o, "aldersbestemt_udgiftsbehov", json_real(r->age_total + r->decline_total));
    json_object_set_new(o, "aldersgrupper_udgiftsbehov", json_real(r->age_total));
    json_object_set_new(o, "befolkningsnedgang_udgiftsbehov", json_real(r->decline_total));
    json_object_set_new(o, "befolkningsnedgang_enhedsbeloeb", json_real(r->decline_unit));
    json_object_set_new(o, "befolkningsnedgang_enheder", json_real(r->decline_units));
    json_object_set_new(o, "gennemsnitligt_beskatningsniveau", json_real(r->avg_tax));
    json_object_set_new(o, "maks_udligningsprocent_korrektion", json_real(r->cap_correction));
    json_object_set_new(o, "maks_udligningsprocent_antal", json_integer((json_int_t)r->ncapped));
    json_object_set_new(o, "finansiering_udgiftsudligning_pr_indb", json_real(r->need_fin_pi));
    json_object_set_new(o, "finansiering_skatteudligning_pr_indb", json_real(r->tax_fin_pi));
    return o;
}

ix_status ix_udl_write_json(const ix_udl_params *p, const ix_socio_model *m,
                            const ix_udl_data *data, const ix_udl_result *r, ix_sink *s,
                            ix_diag *d)
{
    json_t *units = json_array();
    for (size_t k = 0; units && k < data->n; k++)
        json_array_append_new(units, unit_json(data, r, k));
    return ix_json_emit(json_pack("{s:s, s:s, s:I, s:s, s:s, s:s, s:o, s:o, s:o, s:o}", "parameters", p->file,
                          "name", p->name, "year", (json_int_t)p->year, "scheme",
                          p->old_system ? "before_2021" : "2021", "model", m->name, "data",
                          data->source ? data->source : "", "notes", notes_json(p, m, data, 0),
                          "parameter_values", params_json(p), "totals", totals_json(r), "units", units),
                s, d);
}

static void add_kr(ix_textable *t, double v, const ix_socio_style *st)
{
    char buf[64];
    ix_format_fixed(v, 0, st->decimal, 1, buf, sizeof buf);
    ix_textable_add(t, buf);
}

static void table_totals(const ix_udl_params *p, const ix_udl_result *r, const ix_socio_style *st,
                         ix_sink *s)
{
    char u[64], n[64], b[64];
    ix_format_fixed(r->total_need, 0, st->decimal, 1, u, sizeof u);
    ix_format_fixed(r->avg_need_pi, 0, st->decimal, 1, n, sizeof n);
    ix_format_fixed(r->avg_base_pi, 0, st->decimal, 1, b, sizeof b);
    ix_sink_printf(s, st->danish ? "Samlet udgiftsbehov %s kr; gennemsnit %s kr pr. indb.; "
                                   "beskatningsgrundlag %s kr pr. indb.\n"
                                 : "Total need %s kr; average %s kr per inhabitant; "
                                   "tax base %s kr per inhabitant\n", u, n, b);
    ix_format_fixed(r->need_fin_pi, 2, st->decimal, 1, n, sizeof n);
    ix_format_fixed(r->tax_fin_pi, 2, st->decimal, 1, b, sizeof b);
    ix_sink_printf(s, st->danish ? "Finansiering pr. indb.: udgiftsudligning %s kr, skatteudligning "
                                   "%s kr (%s)\n"
                                 : "Financing per inhabitant: need equalisation %s kr, tax-base "
                                   "equalisation %s kr (%s)\n", n, b,
                   p->old_system ? "before 2021" : "2021");
    if (r->decline_units > 0) {
        ix_format_fixed(r->decline_unit, 0, st->decimal, 1, n, sizeof n);
        ix_format_fixed(r->decline_units, 0, st->decimal, 1, b, sizeof b);
        ix_format_fixed(r->decline_total, 0, st->decimal, 1, u, sizeof u);
        ix_sink_printf(s, st->danish ? "Befolkningsnedgang (§ 4): %s kr pr. enhed x %s enheder = %s kr\n"
                                     : "Population decline (§ 4): %s kr per unit x %s units = %s kr\n",
                       n, b, u);
    }
    if (r->ncapped > 0) {
        ix_format_fixed(r->cap_correction, 0, st->decimal, 1, u, sizeof u);
        ix_sink_printf(s, st->danish ? "§ 13: bidraget over 125 %% er nedsat for %zu kommuner, i alt "
                                       "%s kr, fordelt efter indbyggertal\n"
                                     : "§ 13: the contribution above 125 %% is capped for %zu "
                                       "municipalities, %s kr in all, spread by population\n",
                       r->ncapped, u);
    }
    ix_sink_puts(s, "\n");
}

void ix_udl_write_table(const ix_udl_params *p, const ix_socio_model *m, const ix_udl_data *data,
                        const ix_udl_result *r, const ix_socio_style *st, ix_sink *s)
{
    static const char *const da[] = {"Kode", "Kommune", "Behov pr. indb.", "Udgiftsudligning",
                                      "Skatteudligning", "Netto", "Netto pr. indb."};
    static const char *const en[] = {"Code", "Municipality", "Need per inh.", "Need equalisation",
                                     "Tax-base equalisation", "Net", "Net per inh."};
    ix_textable *t = ix_textable_new(7);
    if (!t) {
        s->failed = 1;
        return;
    }
    for (size_t c = 0; c < 7; c++) {
        ix_textable_add(t, st->danish ? da[c] : en[c]);
        if (c >= 2)
            ix_textable_right(t, c);
    }
    char buf[32];
    for (size_t k = 0; k < data->n; k++) {
        snprintf(buf, sizeof buf, "%03d", data->codes[k]);
        ix_textable_add(t, buf);
        ix_textable_add(t, data->names[k] ? data->names[k] : "");
        double nk = data->population[k];
        double v[5] = {r->need[k] / nk, r->need_eq[k], r->tax_eq[k], r->net[k], r->net[k] / nk};
        for (int i = 0; i < 5; i++)
            add_kr(t, v[i], st);
    }
    ix_sink_printf(s, "%s (%s)\n", p->name, p->file);
    ix_sink_printf(s, st->danish ? "Kroner; positiv = modtager, negativ = betaler\n"
                                 : "Kroner; positive = receives, negative = pays\n");
    table_totals(p, r, st, s);
    ix_textable_render(t, s);
    ix_textable_free(t);
    ix_sink_puts(s, "\n");
    ix_udl_write_notes_lang(p, m, data, 0, st->danish ? "NB: " : "Note: ", st->danish, s);
}

void ix_udl_write_grant_csv(const ix_udl_params *p, const ix_udl_data *data,
                            const ix_udl_grant *g, const ix_socio_style *st, ix_sink *s)
{
    const char c = st->separator;
    ix_sink_printf(s, "kommunekode%ckommune", c);
    for (size_t i = 0; i < p->nfigures; i++) {
        ix_sink_put(s, &c, 1);
        ix_csv_write_field(s, p->figures[i].id, c);
    }
    for (int h = 0; h < IX_UDL_NHEADINGS; h++)
        ix_sink_printf(s, "%c%s", c, heading_ids[h]);
    ix_sink_printf(s, "%cscore%crang%ctilskud\n", c, c, c);
    for (size_t pos = 0; pos < g->n; pos++) {
        size_t k = g->order[pos];
        put_unit(s, data, k, c);
        for (size_t i = 0; i < p->nfigures; i++) {
            ix_sink_put(s, &c, 1);
            put_num(s, g->figure[k * g->nfigures + i], st->decimal);
        }
        for (size_t h = 0; h < IX_UDL_NHEADINGS; h++) {
            ix_sink_put(s, &c, 1);
            put_num(s, g->heading[k * IX_UDL_NHEADINGS + h], st->decimal);
        }
        ix_sink_put(s, &c, 1);
        put_num(s, g->score[k], st->decimal);
        ix_sink_printf(s, "%c%ld%c", c, g->rank[k], c);
        put_num(s, g->grant[k], st->decimal);
        ix_sink_put(s, "\n", 1);
    }
}

static json_t *grant_unit_json(const ix_udl_params *p, const ix_udl_data *data,
                               const ix_udl_grant *g, size_t k)
{
    char code[16];
    snprintf(code, sizeof code, "%03d", data->codes[k]);
    json_t *figs = json_object(), *heads = json_object();
    for (size_t i = 0; i < p->nfigures; i++)
        json_object_set_new(figs, p->figures[i].id,
                            json_pack("{s:f, s:f}", "value", g->figure[k * g->nfigures + i], "z",
                                      g->z[k * g->nfigures + i]));
    for (size_t h = 0; h < IX_UDL_NHEADINGS; h++) {
        double v = g->heading[k * IX_UDL_NHEADINGS + h];
        json_object_set_new(heads, heading_ids[h], isnan(v) ? json_null() : json_real(v));
    }
    return json_pack("{s:s, s:s, s:o, s:o, s:f, s:I, s:f}", "kommunekode", code, "kommune",
                     data->names[k] ? data->names[k] : "", "noegletal", figs, "overskrifter", heads,
                     "score", g->score[k], "rang", (json_int_t)g->rank[k], "tilskud", g->grant[k]);
}

ix_status ix_udl_write_grant_json(const ix_udl_params *p, const ix_socio_model *m,
                                  const ix_udl_data *data, const ix_udl_grant *g, ix_sink *s,
                                  ix_diag *d)
{
    static const char *const rules[] = {"lige", "indbyggere", "score"};
    json_t *units = json_array();
    for (size_t pos = 0; units && pos < g->n; pos++)
        json_array_append_new(units, grant_unit_json(p, data, g, g->order[pos]));
    return ix_json_emit(json_pack("{s:s, s:b, s:s, s:I, s:f, s:I, s:s, s:o, s:o}", "parameters", p->file,
                          "simulation", 1, "name", p->name, "year", (json_int_t)p->year, "pool",
                          p->p[IX_UDL_GRANT_POOL].value, "count", (json_int_t)p->grant_count,
                          "rule", rules[p->grant_rule], "notes", notes_json(p, m, data, 1), "units",
                          units),
                s, d);
}

void ix_udl_write_grant_table(const ix_udl_params *p, const ix_socio_model *m,
                              const ix_udl_data *data, const ix_udl_grant *g,
                              const ix_socio_style *st, ix_sink *s)
{
    ix_textable *t = ix_textable_new(8);
    if (!t) {
        s->failed = 1;
        return;
    }
    const char *head[8] = {st->danish ? "Rang" : "Rank", st->danish ? "Kode" : "Code",
                           st->danish ? "Kommune" : "Municipality", "Demografi/socio",
                           st->danish ? "Aktuel" : "Current", st->danish ? "Vedvarende" : "Persistent",
                           "Score", st->danish ? "Tilskud (kr)" : "Grant (kr)"};
    for (size_t c = 0; c < 8; c++) {
        ix_textable_add(t, head[c]);
        if (c != 2)
            ix_textable_right(t, c);
    }
    char buf[64];
    for (size_t pos = 0; pos < g->n; pos++) {
        size_t k = g->order[pos];
        snprintf(buf, sizeof buf, "%ld", g->rank[k]);
        ix_textable_add(t, buf);
        snprintf(buf, sizeof buf, "%03d", data->codes[k]);
        ix_textable_add(t, buf);
        ix_textable_add(t, data->names[k] ? data->names[k] : "");
        for (size_t h = 0; h < IX_UDL_NHEADINGS; h++) {
            ix_format_fixed(g->heading[k * IX_UDL_NHEADINGS + h], 2, st->decimal, 0, buf, sizeof buf);
            ix_textable_add(t, isnan(g->heading[k * IX_UDL_NHEADINGS + h]) ? "" : buf);
        }
        ix_format_fixed(g->score[k], 2, st->decimal, 0, buf, sizeof buf);
        ix_textable_add(t, buf);
        add_kr(t, g->grant[k], st);
    }
    ix_sink_printf(s, "%s: %s (%s)\n", st->danish ? "SIMULERING af tilskud efter § 16"
                                                  : "SIMULATION of the § 16 grant", p->name, p->file);
    ix_format_fixed(p->p[IX_UDL_GRANT_POOL].value, 0, st->decimal, 1, buf, sizeof buf);
    ix_sink_printf(s, st->danish ? "Pulje %s kr til %ld kommuner; score: z-værdier, + = større udfordring\n\n"
                                 : "Pool %s kr to %ld municipalities; score: z-values, + = more challenged\n\n",
                   buf, p->grant_count);
    ix_textable_render(t, s);
    ix_textable_free(t);
    ix_sink_puts(s, "\n");
    ix_udl_write_notes_lang(p, m, data, 1, st->danish ? "NB: " : "Note: ", st->danish, s);
}
