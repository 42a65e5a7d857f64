/* Reading and writing an uncertainty or sensitivity analysis (see
 * indeks/sensitivity_io.h): the inputs of the composite index (through the
 * composite loading pipeline) or of the socio-economic index, and the
 * results as a table, CSV or JSON, with the note on failed runs. Moved here
 * from cli/cmd_sensitivity.c. */
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "indeks/csv_write.h"
#include "indeks/json_sink.h"
#include "indeks/number.h"
#include "indeks/outfile.h"
#include "indeks/sensitivity_io.h"
#include "indeks/socio_load.h"
#include "indeks/textable.h"

static char *dup(const char *s)
{
    size_t n = strlen(s ? s : "") + 1;
    char *c = malloc(n);
    if (c)
        memcpy(c, s ? s : "", n);
    return c;
}

/* ---- units ------------------------------------------------------------- */


/* ---- rendering --------------------------------------------------------- */

static void put_num(ix_sink *s, double v, int decimals, const ix_sa_write_opts *loc, int csv)
{
    char buf[64];
    if (csv) {
        ix_csv_write_number(s, v, loc->decimal);
        return;
    }
    if (isnan(v))
        snprintf(buf, sizeof buf, "NA");
    else
        ix_format_fixed(v, decimals, loc->decimal, 0, buf, sizeof buf);
    ix_sink_puts(s, buf);
}

static int by_nominal(const ix_sa_result *r, size_t a, size_t b)
{
    long x = r->nominal[a] ? r->nominal[a] : (long)r->nunits + 1;
    long y = r->nominal[b] ? r->nominal[b] : (long)r->nunits + 1;
    return x != y ? x < y : a < b;
}

/* Units by nominal rank (unranked last), ties by input order: insertion
 * sort, the list is small and this is not the hot path. */
static size_t *unit_order(const ix_sa_result *r)
{
    size_t *o = malloc((r->nunits ? r->nunits : 1) * sizeof *o);
    if (!o)
        return NULL;
    for (size_t i = 0; i < r->nunits; i++) {
        size_t j = i;
        while (j > 0 && by_nominal(r, i, o[j - 1])) {
            o[j] = o[j - 1];
            j--;
        }
        o[j] = i;
    }
    return o;
}

static int render_text(const ix_sa_write_opts *o, const ix_sa_result *r, const ix_sa_units *un,
                       const size_t *ord, ix_sink *s)
{
    const ix_sa_write_opts *loc = o;
    int csv = o->format == IX_SA_WRITE_CSV;
    char sp[2] = {loc->separator, 0}, buf[96];
    if (r->type == IX_SA_SA) {
        if (csv) {
            ix_sink_printf(s, "choice%sSi%sSi_lo%sSi_hi%sSTi%sSTi_lo%sSTi_hi\n", sp, sp, sp, sp, sp, sp);
            for (size_t j = 0; j < r->nfactors; j++) {
                const ix_sa_index *x = &r->index[j];
                const double v[6] = {x->si, x->si_lo, x->si_hi, x->sti, x->sti_lo, x->sti_hi};
                ix_csv_write_field(s, r->labels[j], loc->separator);
                for (int k = 0; k < 6; k++) {
                    ix_sink_puts(s, sp);
                    put_num(s, v[k], 3, loc, 1);
                }
                ix_sink_puts(s, "\n");
            }
            return 0;
        }
        const int da = loc->decimal == ',';
        ix_sink_printf(s, da ? "Følsomhed af den gennemsnitlige absolutte rangforskydning: N = %zu, %zu kørsler\n"
                             : "Sensitivity of the mean absolute rank shift: N = %zu, %zu runs\n",
                       r->n, r->nruns);
        ix_sink_puts(s, da ? "gennemsnitlig forskydning " : "mean shift ");
        put_num(s, r->y_mean, 2, loc, 0);
        ix_sink_puts(s, da ? ", varians " : ", variance ");
        put_num(s, r->y_var, 2, loc, 0);
        ix_sink_puts(s, "\n\n");
        ix_textable *t = ix_textable_new(5);
        if (!t)
            return -1;
        int err = ix_textable_add(t, da ? "Valg" : "Choice") | ix_textable_add(t, "Si") |
                  ix_textable_add(t, da ? "Si 95 %-interval" : "Si 95 % CI") | ix_textable_add(t, "STi") |
                  ix_textable_add(t, da ? "STi 95 %-interval" : "STi 95 % CI");
        for (size_t c = 1; c < 5; c++)
            ix_textable_right(t, c);
        for (size_t j = 0; j < r->nfactors; j++) {
            const ix_sa_index *x = &r->index[j];
            char a[32], b[32];
            err |= ix_textable_add(t, r->labels[j]);
            ix_format_fixed(x->si, 3, loc->decimal, 0, buf, sizeof buf);
            err |= ix_textable_add(t, buf);
            ix_format_fixed(x->si_lo, 3, loc->decimal, 0, a, sizeof a);
            ix_format_fixed(x->si_hi, 3, loc->decimal, 0, b, sizeof b);
            snprintf(buf, sizeof buf, da ? "%s til %s" : "%s to %s", a, b);
            err |= ix_textable_add(t, buf);
            ix_format_fixed(x->sti, 3, loc->decimal, 0, buf, sizeof buf);
            err |= ix_textable_add(t, buf);
            ix_format_fixed(x->sti_lo, 3, loc->decimal, 0, a, sizeof a);
            ix_format_fixed(x->sti_hi, 3, loc->decimal, 0, b, sizeof b);
            snprintf(buf, sizeof buf, da ? "%s til %s" : "%s to %s", a, b);
            err |= ix_textable_add(t, buf);
        }
        ix_textable_render(t, s);
        ix_textable_free(t);
        return err ? -1 : 0;
    }
    if (csv) {
        ix_sink_printf(s, "uCode%sNominal%sMean%sMedian%sQ5%sQ95\n", sp, sp, sp, sp, sp);
        for (size_t i = 0; i < r->nunits; i++) {
            size_t u = ord[i];
            ix_csv_write_field(s, un->code[u], loc->separator);
            ix_sink_puts(s, sp);
            if (r->nominal[u])
                ix_sink_printf(s, "%ld", r->nominal[u]);
            const double v[4] = {r->mean[u], r->median[u], r->q5[u], r->q95[u]};
            for (int k = 0; k < 4; k++) {
                ix_sink_puts(s, sp);
                put_num(s, v[k], 2, loc, 1);
            }
            ix_sink_puts(s, "\n");
        }
        return 0;
    }
    const int da = loc->decimal == ',';
    ix_sink_printf(s, da ? "Usikkerhed om rang: N = %zu gentagelser, valg:"
                         : "Rank uncertainty: N = %zu replications, choices:", r->n);
    for (size_t j = 0; j < r->nfactors; j++)
        ix_sink_printf(s, "%s %s", j ? "," : "", r->labels[j]);
    ix_sink_puts(s, "\n\n");
    ix_textable *t = ix_textable_new(7);
    if (!t)
        return -1;
    int err = ix_textable_add(t, da ? "Nominel" : "Nominal") | ix_textable_add(t, da ? "Kode" : "Code") |
              ix_textable_add(t, da ? "Navn" : "Name") | ix_textable_add(t, da ? "Gennemsnit" : "Mean") |
              ix_textable_add(t, "Median") | ix_textable_add(t, "Q5") | ix_textable_add(t, "Q95");
    ix_textable_right(t, 0);
    for (size_t c = 3; c < 7; c++)
        ix_textable_right(t, c);
    for (size_t i = 0; i < r->nunits; i++) {
        size_t u = ord[i];
        snprintf(buf, sizeof buf, "%ld", r->nominal[u]);
        err |= ix_textable_add(t, r->nominal[u] ? buf : "-");
        err |= ix_textable_add(t, un->code[u]) | ix_textable_add(t, un->name[u] ? un->name[u] : "");
        const double v[4] = {r->mean[u], r->median[u], r->q5[u], r->q95[u]};
        for (int k = 0; k < 4; k++) {
            if (isnan(v[k]))
                snprintf(buf, sizeof buf, "NA");
            else
                ix_format_fixed(v[k], k == 0 ? 2 : 1, loc->decimal, 0, buf, sizeof buf);
            err |= ix_textable_add(t, buf);
        }
    }
    ix_textable_render(t, s);
    ix_textable_free(t);
    return err ? -1 : 0;
}

/* How many runs failed on their data and the first failure. */
static void put_failures(const ix_sa_result *r, int da, ix_sink *s)
{
    char msg[800];
    ix_diag failure = r->failure;
    const char *slash = strrchr(failure.file, '/'); /* no local path in an output */
    if (slash)
        memmove(failure.file, slash + 1, strlen(slash + 1) + 1);
    ix_diag_format(&failure, msg, sizeof msg);
    ix_sink_printf(s, da ? "%zu af %zu kørsler mislykkedes og tæller som NA (udeladt, som COINr gør); "
                           "den første (kørsel %zu): %s\n"
                         : "%zu of %zu runs failed and count as NA (left out, as COINr does); "
                           "the first (run %zu): %s\n",
                   r->nfailed, r->nruns, r->failure_run + 1, msg);
}

static json_t *jnum(double v)
{
    return isnan(v) ? json_null() : json_real(v);
}

static int render_json(const ix_sa_write_opts *o, const ix_sa_result *r, const ix_sa_units *un,
                       const size_t *ord, ix_sink *s)
{
    static const char *samplers[] = {"default", "sobol", "random", "grid"};
    json_t *root = json_object(), *ch = json_array();
    json_object_set_new(root, "type", json_string(r->type == IX_SA_UA ? "ua" : "sa"));
    json_object_set_new(root, "N", json_integer((json_int_t)r->n));
    json_object_set_new(root, "runs", json_integer((json_int_t)r->nruns));
    json_object_set_new(root, "seed", json_integer((json_int_t)o->seed));
    json_object_set_new(root, "sampler", json_string(samplers[r->sampler]));
    json_object_set_new(root, "failed", json_integer((json_int_t)r->nfailed));
    {
        ix_buf nb;
        ix_buf_init(&nb);
        ix_sink ns = ix_buf_sink(&nb);
        ix_sa_write_notes(r, o->partial, "", &ns);
        json_object_set_new(root, "notes", ix_json_lines(nb.data));
        ix_buf_free(&nb);
    }
    for (size_t j = 0; j < r->nfactors; j++)
        json_array_append_new(ch, json_string(r->labels[j]));
    json_object_set_new(root, "choices", ch);
    json_t *a = json_array();
    if (r->type == IX_SA_UA) {
        for (size_t i = 0; i < r->nunits; i++) {
            size_t u = ord[i];
            json_array_append_new(
                a, json_pack("{s:s, s:s, s:o, s:o, s:o, s:o, s:o, s:I}", "uCode", un->code[u], "uName",
                             un->name[u] ? un->name[u] : "",
                             "nominal", r->nominal[u] ? json_integer(r->nominal[u]) : json_null(),
                             "mean", jnum(r->mean[u]), "median", jnum(r->median[u]), "q5",
                             jnum(r->q5[u]), "q95", jnum(r->q95[u]), "unranked",
                             (json_int_t)r->unranked[u]));
        }
        json_object_set_new(root, "units", a);
    } else {
        json_object_set_new(root, "mean_abs_rank_shift", jnum(r->y_mean));
        json_object_set_new(root, "variance", jnum(r->y_var));
        for (size_t j = 0; j < r->nfactors; j++) {
            const ix_sa_index *x = &r->index[j];
            json_array_append_new(a, json_pack("{s:s, s:o, s:o, s:o, s:o, s:o, s:o}", "choice",
                                               r->labels[j], "Si", jnum(x->si), "Si_lo", jnum(x->si_lo),
                                               "Si_hi", jnum(x->si_hi), "STi", jnum(x->sti), "STi_lo",
                                               jnum(x->sti_lo), "STi_hi", jnum(x->sti_hi)));
        }
        json_object_set_new(root, "indices", a);
    }
    return ix_json_emit(root, s, NULL) == IX_OK ? 0 : -1;
}

/* ---- the two problems -------------------------------------------------- */

ix_status ix_sa_composite_files(const ix_comp_files *f, const char *spec_file,
                               const ix_sa_config *cfg, ix_sa_result **res, ix_sa_units *un,
                               ix_diag *d)
{
    ix_comp_model *m = NULL;
    ix_comp_recipe recipe;
    ix_sa_spec *spec = calloc(1, sizeof *spec);
    char *text = NULL;
    size_t len = 0;
    ix_status st = spec ? IX_OK : ix_diag_set(d, IX_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    /* The spec first: a bad SA.json is reported before any data is read. */
    *res = NULL;
    memset(un, 0, sizeof *un);
    if (!st && !(st = ix_read_file_max(spec_file, IX_MAX_SPEC_FILE, &text, &len, d)))
        st = ix_sa_spec_parse(text, len, spec_file, spec, d);
    if (!st)
        st = ix_comp_load(f, &m, &recipe, d);
    if (!st)
        st = ix_sa_composite(m, &recipe, spec, cfg, res, d);
    if (!st) {
        un->n = ix_comp_model_nunits(m);
        un->code = calloc(un->n, sizeof *un->code);
        un->name = calloc(un->n, sizeof *un->name);
        if (!un->code || !un->name)
            st = ix_diag_set(d, IX_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
        for (size_t u = 0; !st && u < un->n; u++) {
            snprintf(un->code[u], sizeof un->code[u], "%s", ix_comp_unit_code(m, u));
            un->name[u] = dup(ix_comp_unit_name(m, u));
            if (!un->name[u])
                st = ix_diag_set(d, IX_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
        }
    }
    free(text);
    free(spec);
    ix_comp_model_free(m);
    return st;
}

ix_status ix_sa_socio_files(const char *model, const char *data_file, int normalise, double noise,
                           const ix_sa_config *cfg, ix_sa_result **res, ix_sa_units *un,
                           int *partial, ix_diag *d)
{
    ix_socio_model *m = NULL;
    ix_socio_data *data = NULL;
    *res = NULL;
    memset(un, 0, sizeof *un);
    ix_status st = ix_socio_load(model, data_file, normalise, &m, &data, d);
    if (!st)
        st = ix_sa_socio(m, data, noise, cfg, res, d);
    if (!st) {
        *partial = ix_socio_model_is_partial(m);
        un->n = data->nunits;
        un->code = calloc(un->n, sizeof *un->code);
        un->name = calloc(un->n, sizeof *un->name);
        if (!un->code || !un->name)
            st = ix_diag_set(d, IX_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
        for (size_t u = 0; !st && u < un->n; u++) {
            snprintf(un->code[u], sizeof un->code[u], "%d", data->codes[u]);
            un->name[u] = dup(data->names ? data->names[u] : NULL);
            if (!un->name[u])
                st = ix_diag_set(d, IX_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
        }
    }
    ix_socio_data_free(data);
    ix_socio_model_free(m);
    return st;
}


void ix_sa_units_free(ix_sa_units *un)
{
    for (size_t u = 0; u < un->n && un->name; u++)
        free(un->name[u]);
    free(un->name);
    free(un->code);
    memset(un, 0, sizeof *un);
}

void ix_sa_write_opts_init(ix_sa_write_opts *o)
{
    memset(o, 0, sizeof *o);
    o->decimal = '.';
    o->separator = ',';
}

ix_status ix_sa_write(const ix_sa_result *r, const ix_sa_units *un, const ix_sa_write_opts *o,
                      ix_sink *s, ix_diag *d)
{
    size_t *ord = unit_order(r);
    int err = !ord;
    if (!err)
        err = o->format == IX_SA_WRITE_JSON ? render_json(o, r, un, ord, s)
                                            : render_text(o, r, un, ord, s);
    if (!err && o->format == IX_SA_WRITE_TABLE && (r->nfailed || o->partial)) {
        ix_sink_puts(s, "\n");
        ix_sa_write_notes_lang(r, o->partial, o->decimal == ',' ? "NB: " : "Note: ",
                               o->decimal == ',', s);
    }
    free(ord);
    if (err || s->failed)
        return ix_diag_set(d, IX_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    return IX_OK;
}

void ix_sa_write_notes(const ix_sa_result *r, int partial, const char *prefix, ix_sink *s)
{
    ix_sa_write_notes_lang(r, partial, prefix, 0, s);
}

void ix_sa_write_notes_lang(const ix_sa_result *r, int partial, const char *prefix, int danish,
                            ix_sink *s)
{
    if (r->nfailed) {
        ix_sink_puts(s, prefix);
        put_failures(r, danish, s);
    }
    if (partial)
        ix_sink_printf(s, danish ? "%smodellen er ufuldstændig, eller dens vægte er skaleret; dette er "
                                   "ikke det officielle indeks.\n"
                                 : "%sthe model is incomplete or its weights were rescaled; this is not "
                                   "the official index.\n",
                       prefix);
}
