/* Running and writing what-if and scenario comparisons (udligning_compare.h):
 * CSV, JSON and a terminal table, all through a sink. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "indeks/csv_write.h"
#include "indeks/json_sink.h"
#include "indeks/number.h"
#include "indeks/socio_write.h"
#include "indeks/textable.h"
#include "indeks/udligning_compare.h"

/* ---- what-if ---- */

static void whatif_csv(const ix_udl_whatif *w, const ix_socio_style *st, ix_sink *s)
{
    const char c = st->separator;
    ix_sink_printf(s, "post%cnu%caendret%cforskel\n", c, c, c);
    for (size_t i = 0; i < w->n; i++) {
        ix_sink_puts(s, w->rows[i].post);
        double v[3] = {w->rows[i].now, w->rows[i].changed, w->rows[i].changed - w->rows[i].now};
        for (int q = 0; q < 3; q++) {
            ix_sink_put(s, &c, 1);
            ix_csv_write_number(s, v[q], st->decimal);
        }
        ix_sink_put(s, "\n", 1);
    }
}

static void whatif_json(const ix_udl_data *data, size_t k, const ix_udl_change *changes,
                        size_t nchanges, const ix_udl_whatif *w, const char *notes, ix_sink *s)
{
    json_t *rows = json_array(), *arr = json_array();
    for (size_t i = 0; i < w->n; i++)
        json_array_append_new(rows, json_pack("{s:s, s:f, s:f, s:f}", "post", w->rows[i].post,
                                              "nu", w->rows[i].now, "aendret", w->rows[i].changed,
                                              "forskel", w->rows[i].changed - w->rows[i].now));
    for (size_t i = 0; i < nchanges; i++)
        json_array_append_new(arr, json_pack("{s:s, s:f, s:b}", "column", changes[i].column,
                                             "value", changes[i].value, "relative",
                                             changes[i].relative));
    char code[16];
    snprintf(code, sizeof code, "%03d", data->codes[k]);
    json_t *root = json_pack("{s:s, s:s, s:o, s:o, s:o}", "kommunekode", code, "kommune",
                             data->names[k] ? data->names[k] : "", "changes", arr, "notes",
                             ix_json_lines(notes), "rows", rows);
    ix_json_emit(root, s, NULL);
}

static void add_cell(ix_textable *t, double v, int decimals, const ix_socio_style *st)
{
    char buf[64];
    ix_format_fixed(v, decimals, st->decimal, 1, buf, sizeof buf);
    ix_textable_add(t, buf);
}

static void put_notes(const char *notes, ix_sink *s)
{
    for (const char *line = notes; line && *line;) {
        const char *end = strchr(line, '\n');
        ix_sink_printf(s, "%s%.*s\n", line == notes ? "\n" : "",
                       (int)(end ? end - line : (long)strlen(line)), line);
        line = end ? end + 1 : NULL;
    }
}

/* Whether a change names one of criterion c's columns or the criterion. */
static int touches(const ix_socio_criterion *c, const ix_udl_change *changes, size_t nchanges)
{
    for (size_t i = 0; i < nchanges; i++) {
        if (strcmp(changes[i].column, c->id) == 0)
            return 1;
        for (size_t q = 0; q < c->ninputs; q++)
            if (strcmp(changes[i].column, c->inputs[q]) == 0)
                return 1;
    }
    return 0;
}

/* For each derived criterion the changes touch: its arithmetic now and
 * after, so a change that moves nothing (a threshold the earlier year
 * decides) says why. */
static void whatif_why(const ix_socio_model *m, const ix_udl_data *d0, size_t k0,
                       const ix_udl_data *d1, size_t k1, const ix_udl_change *changes,
                       size_t nchanges, const ix_socio_style *st, ix_sink *s)
{
    int head = 0;
    for (size_t j = 0; d0->socio && d1->socio && j < m->ncriteria; j++) {
        const ix_socio_criterion *c = &m->criteria[j];
        if (c->kind == IX_SOCIO_COUNT || !touches(c, changes, nchanges))
            continue;
        if (!head++)
            ix_sink_puts(s, st->danish ? "\nAfledte kriterier, som ændringen berører:\n"
                                       : "\nDerived criteria the change touches:\n");
        ix_sink_puts(s, st->danish ? "Nu:\n" : "Now:\n");
        ix_socio_write_derivation(m, d0->socio, k0, j, st, s);
        ix_sink_puts(s, st->danish ? "Ændret:\n" : "Changed:\n");
        ix_socio_write_derivation(m, d1->socio, k1, j, st, s);
    }
}

/* A row's label for people (issue 14, point 9): the CSV's post ids become
 * words, and marginal_<what>_<criterion id> names the criterion by its name
 * from the model. */
static const char *post_label(const ix_socio_model *m, const char *post, int da, char *buf,
                              size_t size)
{
    static const struct {
        const char *id, *en, *da;
    } items[] = {{"indeks", "Index", "Indeks"},
                 {"udgiftsbehov", "Expenditure need", "Udgiftsbehov"},
                 {"udgiftsbehov_pr_indb", "Expenditure need per inhabitant", "Udgiftsbehov pr. indbygger"},
                 {"udgiftsudligning", "Expenditure equalisation", "Udgiftsudligning"},
                 {"skatteudligning", "Tax equalisation", "Skatteudligning"},
                 {"netto", "Net equalisation", "Netto udligning"},
                 {"netto_pr_indb", "Net per inhabitant", "Netto pr. indbygger"}};
    static const struct {
        const char *prefix, *en, *da;
    } marg[] = {{"marginal_indeks_", "Index", "Indeks"},
                {"marginal_udgiftsbehov_", "Expenditure need", "Udgiftsbehov"},
                {"marginal_netto_", "Net", "Netto"}};
    for (size_t i = 0; i < sizeof items / sizeof items[0]; i++)
        if (strcmp(post, items[i].id) == 0)
            return da ? items[i].da : items[i].en;
    for (size_t i = 0; i < sizeof marg / sizeof marg[0]; i++) {
        size_t n = strlen(marg[i].prefix);
        if (strncmp(post, marg[i].prefix, n) != 0)
            continue;
        const char *name = post + n;
        for (size_t j = 0; m && j < m->ncriteria; j++)
            if (strcmp(m->criteria[j].id, post + n) == 0 && m->criteria[j].name)
                name = m->criteria[j].name;
        /* a law's long name is cut at a word, so the table stays readable */
        int len = (int)strlen(name);
        if (len > 56) {
            len = 56;
            while (len > 20 && name[len] != ' ')
                len--;
        }
        snprintf(buf, size, "%s, +1: %.*s%s", da ? marg[i].da : marg[i].en, len, name,
                 name[len] ? " …" : "");
        return buf;
    }
    return post;
}

/* The first lines of a what-if's notes when it changes nothing: why. */
static void whatif_unchanged(const ix_udl_whatif *w, int touched, int da, ix_sink *s)
{
    for (size_t i = 0; i < w->n && i < 7; i++)
        if (w->rows[i].changed != w->rows[i].now)
            return;
    if (touched)
        ix_sink_puts(s, da ? "Ændringen ændrer hverken indekset eller noget beløb: de afledte kriterier "
                             "(under tærsklen, eller afgjort af et andet år) forklarer hvorfor.\n"
                           : "The change leaves the index and every amount as they were: the derived "
                             "criteria (below the threshold, or decided by another year) say why.\n");
    else
        ix_sink_puts(s, da ? "Ændringen ændrer hverken indekset eller noget beløb: de ændrede kolonner "
                             "indgår ikke i noget kriterium eller beløb.\n"
                           : "The change leaves the index and every amount as they were: the changed "
                             "columns enter no criterion or amount.\n");
}

static void whatif_table(const ix_socio_model *m, const ix_udl_data *data, size_t k,
                         const ix_udl_change *changes, size_t nchanges, const ix_udl_whatif *w,
                         const char *notes, const ix_socio_style *st, ix_sink *s)
{
    char label[256];
    ix_textable *t = ix_textable_new(4);
    if (!t) {
        s->failed = 1;
        return;
    }
    const char *head[4] = {st->danish ? "Post" : "Item", st->danish ? "Nu" : "Now",
                           st->danish ? "Ændret" : "Changed", st->danish ? "Forskel" : "Difference"};
    for (size_t c = 0; c < 4; c++) {
        ix_textable_add(t, head[c]);
        if (c)
            ix_textable_right(t, c);
    }
    for (size_t i = 0; i < w->n; i++) {
        int dec = strncmp(w->rows[i].post, "indeks", 6) == 0 ||
                          strncmp(w->rows[i].post, "marginal_indeks", 15) == 0 ? 6 : 0;
        ix_textable_add(t, post_label(m, w->rows[i].post, st->danish, label, sizeof label));
        add_cell(t, w->rows[i].now, dec, st);
        add_cell(t, w->rows[i].changed, dec, st);
        add_cell(t, w->rows[i].changed - w->rows[i].now, dec, st);
    }
    ix_sink_printf(s, "%s %03d %s:", st->danish ? "Hvad nu hvis" : "What if", data->codes[k],
                   data->names[k] ? data->names[k] : "");
    for (size_t i = 0; i < nchanges; i++)
        ix_sink_printf(s, " %s%s%g", changes[i].column, changes[i].relative ? " " : " = ",
                       changes[i].value);
    ix_sink_puts(s, nchanges ? "\n" : st->danish ? " (ingen ændring)\n" : " (no change)\n");
    ix_sink_puts(s, st->danish ? "Kroner; \"+1\" = effekt af én person mere i kriteriet\n\n"
                               : "Kroner; \"+1\" = effect of one more person in the criterion\n\n");
    ix_textable_render(t, s);
    ix_textable_free(t);
    (void)notes;
}

/* Computes the changed run in s (the current one goes to d0/r0). */
static ix_status rerun(ix_udl_setup *s, int code, const ix_udl_change *changes, size_t nchanges,
                       ix_udl_data **d0, ix_udl_result **r0, ix_diag *d)
{
    ix_table *changed = NULL;
    ix_status st = ix_udl_table_change(s->table, s->model, code, changes, nchanges, &changed, d);
    if (st)
        return st;
    *d0 = s->data;
    *r0 = s->result;
    s->data = NULL;
    s->result = NULL;
    ix_table_free(s->table);
    s->table = changed;
    return ix_udl_setup_run(s, d);
}

ix_status ix_udl_whatif_write(ix_udl_setup *s, int code, const ix_udl_change *changes,
                              size_t nchanges, int format, const ix_socio_style *st,
                              ix_sink *out, ix_buf *notes, ix_diag *d)
{
    ix_udl_data *d0 = NULL;
    ix_udl_result *r0 = NULL;
    ix_udl_whatif w = {0, NULL};
    size_t k0 = 0, k1 = 0;
    ix_status rc = ix_udl_find_unit(s->data, code, &k0, d);
    if (!rc)
        rc = rerun(s, code, changes, nchanges, &d0, &r0, d);
    if (!rc)
        rc = ix_udl_find_unit(s->data, code, &k1, d);
    if (!rc)
        rc = ix_udl_whatif_rows(s->model, s->params, d0, r0, k0, s->data, s->result, k1, &w, d);
    if (!rc) {
        ix_sink ns = ix_buf_sink(notes);
        int touched = 0;
        for (size_t j = 0; d0->socio && j < s->model->ncriteria; j++)
            touched |= s->model->criteria[j].kind != IX_SOCIO_COUNT &&
                       touches(&s->model->criteria[j], changes, nchanges);
        whatif_unchanged(&w, touched, st->danish, &ns);
        ix_udl_write_notes_lang(s->params, s->model, s->data, 0, "", st->danish, &ns);
        const char *text = notes->data ? notes->data : "";
        if (format == 1)
            whatif_csv(&w, st, out);
        else if (format == 2)
            whatif_json(s->data, k1, changes, nchanges, &w, text, out);
        else {
            whatif_table(s->model, s->data, k1, changes, nchanges, &w, text, st, out);
            whatif_why(s->model, d0, k0, s->data, k1, changes, nchanges, st, out);
            put_notes(text, out);
        }
    }
    ix_udl_whatif_free(&w);
    ix_udl_result_free(r0);
    ix_udl_data_free(d0);
    return rc;
}

/* ---- scenario ---- */

static void scenario_csv(const ix_udl_scenario_row *rows, size_t n, const ix_socio_style *st,
                         ix_sink *s)
{
    const char c = st->separator;
    ix_sink_printf(s, "kommunekode%ckommune%cnetto_base%cnetto_alt%cforskel%cforskel_pr_indb%c"
                      "behovseffekt%cskattegrundlagseffekt\n", c, c, c, c, c, c, c);
    for (size_t i = 0; i < n; i++) {
        ix_sink_printf(s, "%03d%c", rows[i].code, c);
        ix_csv_write_field(s, rows[i].name, c);
        double v[6] = {rows[i].base, rows[i].alt, rows[i].diff, rows[i].diff_pi,
                       rows[i].need_effect, rows[i].tax_effect};
        for (int q = 0; q < 6; q++) {
            ix_sink_put(s, &c, 1);
            ix_csv_write_number(s, v[q], st->decimal);
        }
        ix_sink_put(s, "\n", 1);
    }
}

static void scenario_json(const ix_udl_run_label *label, const ix_udl_scenario_row *rows,
                          size_t n, const char *notes, ix_sink *s)
{
    json_t *units = json_array(), *arr = ix_json_lines(notes);
    for (size_t i = 0; i < n; i++) {
        char code[16];
        snprintf(code, sizeof code, "%03d", rows[i].code);
        json_t *u = json_pack("{s:s, s:s, s:f, s:f, s:f, s:f}", "kommunekode", code, "kommune",
                              rows[i].name, "netto_base", rows[i].base, "netto_alt", rows[i].alt,
                              "forskel", rows[i].diff, "forskel_pr_indb", rows[i].diff_pi);
        json_object_set_new(u, "behovseffekt", json_real(rows[i].need_effect));
        json_object_set_new(u, "skattegrundlagseffekt", json_real(rows[i].tax_effect));
        json_array_append_new(units, u);
    }
    json_t *root = json_pack("{s:{s:s, s:s, s:s}, s:{s:s, s:s, s:s}, s:o, s:o}", "base", "parameters",
                             label[0].params, "data", label[0].data ? label[0].data : "demo",
                             "model", label[0].model ? label[0].model : "", "alt", "parameters",
                             label[1].params, "data", label[1].data ? label[1].data : "demo",
                             "model", label[1].model ? label[1].model : "", "notes", arr, "units",
                             units);
    ix_json_emit(root, s, NULL);
}

static void scenario_table(const ix_udl_run_label *label, const ix_udl_scenario_row *rows,
                           size_t n, const char *notes, const ix_socio_style *st, ix_sink *s)
{
    static const char *const da[] = {"Kode", "Kommune", "Netto basis", "Netto alternativ",
                                     "Forskel", "Pr. indb.", "Behovseffekt", "Skattegrundlagseffekt"};
    static const char *const en[] = {"Code", "Municipality", "Net base", "Net alternative",
                                     "Difference", "Per inh.", "Need effect", "Tax-base effect"};
    ix_textable *t = ix_textable_new(8);
    if (!t) {
        s->failed = 1;
        return;
    }
    for (size_t c = 0; c < 8; c++) {
        ix_textable_add(t, st->danish ? da[c] : en[c]);
        if (c >= 2)
            ix_textable_right(t, c);
    }
    char buf[64];
    for (size_t i = 0; i < n; i++) {
        snprintf(buf, sizeof buf, "%03d", rows[i].code);
        ix_textable_add(t, buf);
        ix_textable_add(t, rows[i].name);
        double v[6] = {rows[i].base, rows[i].alt, rows[i].diff, rows[i].diff_pi,
                       rows[i].need_effect, rows[i].tax_effect};
        for (int q = 0; q < 6; q++) {
            ix_format_fixed(v[q], 0, st->decimal, 1, buf, sizeof buf);
            ix_textable_add(t, buf);
        }
    }
    ix_sink_printf(s, "%s: %s%s%s%s\n", st->danish ? "Basis" : "Base", label[0].params,
                   label[0].data ? ", " : "", label[0].data ? label[0].data : "",
                   label[0].model ? " (model)" : "");
    ix_sink_printf(s, "%s: %s%s%s\n", st->danish ? "Alternativ" : "Alternative", label[1].params,
                   label[1].data ? ", " : "", label[1].data ? label[1].data : "");
    ix_sink_puts(s, st->danish ? "Kroner; forskel = alternativ - basis = behovseffekt + skattegrundlagseffekt\n\n"
                               : "Kroner; difference = alternative - base = need effect + tax-base effect\n\n");
    ix_textable_render(t, s);
    ix_textable_free(t);
    ix_sink_puts(s, notes && *notes ? "\n" : "");
    ix_sink_puts(s, notes ? notes : "");
}

/* Notes of both runs, each line once, labelled by the run; non-zero when
 * memory ran out. */
static int collect_notes(const ix_udl_setup *s, int danish, ix_buf *out)
{
    ix_buf b[2];
    ix_sink o = ix_buf_sink(out);
    for (int i = 0; i < 2; i++) {
        ix_buf_init(&b[i]);
        ix_sink bs = ix_buf_sink(&b[i]);
        ix_udl_write_notes_lang(s[i].params, s[i].model, s[i].data, 0, "", danish, &bs);
    }
    for (int i = 0; i < 2; i++)
        for (const char *line = b[i].data; line && *line;) {
            const char *end = strchr(line, '\n');
            int len = (int)(end ? end - line : (long)strlen(line));
            char *copy = strndup(line, (size_t)len);
            if (!copy)
                o.failed = 1;
            int both = copy && strstr(b[1 - i].data ? b[1 - i].data : "", copy) != NULL;
            if (!(both && i == 1))
                ix_sink_printf(&o, "%s%.*s\n", both ? "" : i ? "(alt) " : "(base) ", len, line);
            free(copy);
            line = end ? end + 1 : line + len;
        }
    int failed = o.failed;
    for (int i = 0; i < 2; i++) {
        failed |= b[i].data == NULL && b[i].len > 0;
        ix_buf_free(&b[i]);
    }
    return failed;
}

static int same_text(const char *a, const char *b)
{
    return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

/* A scenario that changes nothing says why (issue 14, point 5): what the
 * alternative shares with the base, or that its differences reach no
 * amount. Written first among the notes. */
static void unchanged_note(const ix_udl_setup s[2], const ix_udl_run_label label[2],
                           const ix_udl_scenario_row *rows, size_t n, int da, ix_buf *notes)
{
    for (size_t i = 0; i < n; i++)
        if (rows[i].diff != 0)
            return;
    ix_sink o = ix_buf_sink(notes);
    int same_params = same_text(label[0].params, label[1].params);
    int same_data = same_text(label[0].data, label[1].data);
    int same_model = same_text(s[0].model->name, s[1].model->name) &&
                     s[0].model->ncriteria == s[1].model->ncriteria;
    if (same_params && same_data && same_model)
        ix_sink_puts(&o, da ? "Intet ændres for nogen kommune: alternativet har de samme parametre, "
                              "data og model (samme navn og kriterier) som basis.\n"
                            : "Nothing changes for any municipality: the alternative has the same "
                              "parameters, data and model (same name and criteria) as the base.\n");
    else
        ix_sink_printf(&o, da ? "Intet ændres for nogen kommune: alternativet adskiller sig fra basis i "
                                "%s%s%s, men ikke i noget, der når et beløb.\n"
                              : "Nothing changes for any municipality: the alternative differs from the "
                                "base in %s%s%s, but in nothing that reaches an amount.\n",
                       same_params ? "" : da ? "parametre " : "parameters ",
                       same_data ? "" : "data ", same_model ? "" : "model");
}

ix_status ix_udl_scenario_write(const ix_udl_setup s[2], const ix_udl_run_label label[2],
                                int format, const ix_socio_style *st, ix_sink *out,
                                ix_buf *notes, ix_diag *d)
{
    ix_udl_scenario_row *rows = NULL;
    ix_status rc = ix_udl_scenario_rows(s[0].data, s[0].result, s[1].data, s[1].result, &rows, d);
    if (!rc)
        unchanged_note(s, label, rows, s[0].data->n, st->danish, notes);
    if (collect_notes(s, st->danish, notes) && !rc)
        rc = ix_diag_set(d, IX_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory collecting the notes");
    const char *text = notes->data ? notes->data : "";
    const size_t n = s[0].data->n;
    if (!rc && format == 1)
        scenario_csv(rows, n, st, out);
    else if (!rc && format == 2)
        scenario_json(label, rows, n, text, out);
    else if (!rc)
        scenario_table(label, rows, n, text, st, out);
    free(rows);
    return rc;
}
