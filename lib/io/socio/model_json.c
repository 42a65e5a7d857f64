/* Reading a socio-economic index model from JSON (models/README.md).
 *
 * Strict on purpose: an unknown key is an error, because a misspelt
 * "wieght" silently ignored would change a municipality's grant. */
#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "indeks/socio.h"
#include "base/json_locate.h"

typedef struct {
    const char *file;
    ix_diag *d;
} ctx;

#include <stdio.h>

/* An error in the model file, naming the field. */
#define FAIL(c, field, ...) ix_diag_set((c)->d, IX_ERR_MODEL, (c)->file, 0, 0, field, __VA_ARGS__)

static ix_status dup_string(const ctx *c, json_t *obj, const char *key, const char *field,
                            int required, char **out)
{
    json_t *v = json_object_get(obj, key);
    if (!v) {
        if (required)
            return FAIL(c, field, "missing required key \"%s\"", key);
        return IX_OK;
    }
    if (!json_is_string(v) || json_string_length(v) == 0)
        return FAIL(c, field, "\"%s\" must be a non-empty text", key);
    *out = strdup(json_string_value(v));
    return *out ? IX_OK : ix_diag_set(c->d, IX_ERR_NOMEM, c->file, 0, 0, field, "out of memory");
}

static ix_status get_number(const ctx *c, json_t *obj, const char *key, const char *field,
                            int required, double *out)
{
    json_t *v = json_object_get(obj, key);
    if (!v) {
        if (required)
            return FAIL(c, field, "missing required key \"%s\"", key);
        return IX_OK;
    }
    if (!json_is_number(v))
        return FAIL(c, field, "\"%s\" must be a number", key);
    *out = json_number_value(v);
    if (!isfinite(*out))
        return FAIL(c, field, "\"%s\" must be a finite number", key);
    return IX_OK;
}

/* Every key of obj must be in allowed (NULL-terminated). */
static ix_status only_keys(const ctx *c, json_t *obj, const char *field, const char *const *allowed)
{
    const char *key;
    json_t *value;
    json_object_foreach(obj, key, value) {
        int known = 0;
        for (const char *const *a = allowed; *a; a++)
            known |= strcmp(*a, key) == 0;
        if (!known)
            return FAIL(c, field, "unknown key \"%s\" (misspelt?)", key);
    }
    (void)value;
    return IX_OK;
}

/* A column name into the criterion's next input slot. */
static ix_status add_input(const ctx *c, const char *field, ix_socio_criterion *cr, json_t *v,
                           const char *what)
{
    if (!json_is_string(v) || json_string_length(v) == 0)
        return FAIL(c, field, "%s must be a column name (a non-empty text)", what);
    if (cr->ninputs >= IX_SOCIO_MAX_INPUTS)
        return FAIL(c, field, "at most %d input columns per criterion", IX_SOCIO_MAX_INPUTS);
    if (!(cr->inputs[cr->ninputs] = strdup(json_string_value(v))))
        return ix_diag_set(c->d, IX_ERR_NOMEM, c->file, 0, 0, field, "out of memory");
    cr->ninputs++;
    return IX_OK;
}

static ix_status read_excess(const ctx *c, json_t *obj, json_t *ex, const char *field,
                             ix_socio_criterion *cr)
{
    static const char *const keys[] = {"share", "of", "earlier_count", "earlier_of", NULL};
    if (!json_is_object(ex))
        return FAIL(c, field, "\"excess\" must be an object");
    ix_status st = only_keys(c, ex, field, keys);
    if (!st)
        st = get_number(c, ex, "share", field, 1, &cr->excess_share);
    if (!st && (cr->excess_share < 0 || cr->excess_share >= 1))
        return FAIL(c, field, "\"share\" must be a fraction in [0, 1), like 0.05");
    json_t *count = json_object_get(obj, "count"), *of = json_object_get(ex, "of");
    json_t *ec = json_object_get(ex, "earlier_count"), *eo = json_object_get(ex, "earlier_of");
    if (!st && !count)
        return FAIL(c, field, "missing required key \"count\"");
    if (!st && !of)
        return FAIL(c, field, "missing required key \"of\"");
    if (!st && (ec == NULL) != (eo == NULL))
        return FAIL(c, field, "give both \"earlier_count\" and \"earlier_of\", or neither");
    if (!st)
        st = add_input(c, field, cr, count, "\"count\"");
    if (!st)
        st = add_input(c, field, cr, of, "\"of\"");
    if (!st && ec)
        st = add_input(c, field, cr, ec, "\"earlier_count\"");
    if (!st && eo)
        st = add_input(c, field, cr, eo, "\"earlier_of\"");
    if (st)
        return st;
    cr->has_excess = 1;
    cr->count = cr->inputs[0];
    cr->excess_of = cr->inputs[1];
    cr->earlier_count = cr->ninputs == 4 ? cr->inputs[2] : NULL;
    cr->earlier_of = cr->ninputs == 4 ? cr->inputs[3] : NULL;
    return IX_OK;
}

static ix_status read_mean(const ctx *c, json_t *obj, const char *field, ix_socio_criterion *cr)
{
    json_t *cols = json_object_get(obj, "columns");
    if (!json_is_array(cols) || json_array_size(cols) < 2 ||
        json_array_size(cols) > IX_SOCIO_MAX_INPUTS)
        return FAIL(c, field, "a \"mean\" criterion needs \"columns\": a list of 2 to %d column "
                              "names (the years to average, the current year first)",
                    IX_SOCIO_MAX_INPUTS);
    for (size_t i = 0; i < json_array_size(cols); i++) {
        ix_status st = add_input(c, field, cr, json_array_get(cols, i), "each of \"columns\"");
        if (st)
            return st;
    }
    cr->count = cr->inputs[0];
    return IX_OK;
}

/* "measure": {"column", "unit", "min", "max"} and "times" (product, gap_to_max). */
static ix_status read_measure(const ctx *c, json_t *obj, const char *field, ix_socio_criterion *cr)
{
    static const char *const keys[] = {"column", "unit", "min", "max", NULL};
    json_t *ms = json_object_get(obj, "measure"), *times = json_object_get(obj, "times");
    if (!json_is_object(ms))
        return FAIL(c, field, "a \"%s\" criterion needs \"measure\": {\"column\": ..., \"unit\": "
                              "..., \"min\": ..., \"max\": ...}", ix_socio_kind_name(cr->kind));
    if (!times)
        return FAIL(c, field, "a \"%s\" criterion needs \"times\": the population column",
                    ix_socio_kind_name(cr->kind));
    ix_status st = only_keys(c, ms, field, keys);
    if (!st && !json_object_get(ms, "column"))
        return FAIL(c, field, "\"measure\" needs \"column\"");
    if (!st)
        st = add_input(c, field, cr, json_object_get(ms, "column"), "\"measure\".\"column\"");
    if (!st)
        st = add_input(c, field, cr, times, "\"times\"");
    if (!st)
        st = dup_string(c, ms, "unit", field, 0, &cr->measure_unit);
    cr->measure_min = 0;
    cr->measure_max = HUGE_VAL;
    if (!st)
        st = get_number(c, ms, "min", field, 0, &cr->measure_min);
    if (!st)
        st = get_number(c, ms, "max", field, 0, &cr->measure_max);
    if (!st && !(cr->measure_min <= cr->measure_max))
        return FAIL(c, field, "the measure's \"min\" is above its \"max\"");
    cr->factor = 1;
    if (!st)
        st = get_number(c, obj, "factor", field, 0, &cr->factor);
    if (!st && !(cr->factor > 0))
        return FAIL(c, field, "\"factor\" must be positive (0.01 for a rate in per cent)");
    cr->count = cr->ninputs == 2 ? cr->inputs[1] : NULL;
    return st;
}

/* Which keys a kind allows beyond the common ones. */
static ix_status kind_keys(const ctx *c, json_t *obj, const char *field, ix_socio_kind kind)
{
    static const char *const count_keys[] = {"nr", "id", "name", "weight", "kind", "note",
                                             "count", NULL};
    static const char *const threshold_keys[] = {"nr", "id", "name", "weight", "kind", "note",
                                                 "count", "excess", NULL};
    static const char *const mean_keys[] = {"nr", "id", "name", "weight", "kind", "note",
                                            "columns", NULL};
    static const char *const measure_keys[] = {"nr", "id", "name", "weight", "kind", "note",
                                               "measure", "times", "factor", NULL};
    switch (kind) {
    case IX_SOCIO_THRESHOLD: return only_keys(c, obj, field, threshold_keys);
    case IX_SOCIO_MEAN: return only_keys(c, obj, field, mean_keys);
    case IX_SOCIO_PRODUCT:
    case IX_SOCIO_GAP_TO_MAX: return only_keys(c, obj, field, measure_keys);
    case IX_SOCIO_COUNT:
    default: return only_keys(c, obj, field, count_keys);
    }
}

static ix_status read_kind(const ctx *c, json_t *obj, const char *field, ix_socio_criterion *cr)
{
    static const ix_socio_kind kinds[] = {IX_SOCIO_COUNT, IX_SOCIO_THRESHOLD, IX_SOCIO_MEAN,
                                          IX_SOCIO_PRODUCT, IX_SOCIO_GAP_TO_MAX};
    json_t *k = json_object_get(obj, "kind");
    cr->kind = json_object_get(obj, "excess") ? IX_SOCIO_THRESHOLD : IX_SOCIO_COUNT;
    if (!k)
        return IX_OK;
    if (!json_is_string(k))
        return FAIL(c, field, "\"kind\" must be a text");
    for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
        if (strcmp(json_string_value(k), ix_socio_kind_name(kinds[i])) == 0) {
            cr->kind = kinds[i];
            return IX_OK;
        }
    return FAIL(c, field, "unknown \"kind\" \"%s\": one of count, threshold, mean, product, "
                          "gap_to_max", json_string_value(k));
}

static ix_status read_nr(const ctx *c, json_t *obj, const char *field, ix_socio_criterion *cr)
{
    json_t *v = json_object_get(obj, "nr");
    if (!v)
        return IX_OK;
    if (!json_is_integer(v) || json_integer_value(v) < 1 || json_integer_value(v) > 99)
        return FAIL(c, field, "\"nr\" must be the act's number of the criterion, a whole number "
                              "from 1");
    cr->nr = (int)json_integer_value(v);
    return IX_OK;
}

static ix_status read_criterion(const ctx *c, json_t *obj, size_t i, ix_socio_criterion *cr)
{
    char field[64];
    snprintf(field, sizeof field, "criteria[%zu]", i);
    if (!json_is_object(obj))
        return FAIL(c, field, "each criterion must be an object");
    ix_status st = dup_string(c, obj, "id", field, 1, &cr->id);
    if (!st)
        snprintf(field, sizeof field, "criteria[%zu] (%s)", i, cr->id);
    if (!st)
        st = read_kind(c, obj, field, cr);
    if (!st)
        st = kind_keys(c, obj, field, cr->kind);
    if (!st)
        st = dup_string(c, obj, "name", field, 1, &cr->name);
    if (!st)
        st = dup_string(c, obj, "note", field, 0, &cr->note);
    if (!st)
        st = read_nr(c, obj, field, cr);
    if (!st)
        st = get_number(c, obj, "weight", field, 1, &cr->weight);
    if (st)
        return st;
    cr->factor = 1;
    switch (cr->kind) {
    case IX_SOCIO_THRESHOLD:
        return read_excess(c, obj, json_object_get(obj, "excess"), field, cr);
    case IX_SOCIO_MEAN: return read_mean(c, obj, field, cr);
    case IX_SOCIO_PRODUCT:
    case IX_SOCIO_GAP_TO_MAX: return read_measure(c, obj, field, cr);
    case IX_SOCIO_COUNT:
    default:
        if (!json_object_get(obj, "count"))
            return FAIL(c, field, "missing required key \"count\"");
        st = add_input(c, field, cr, json_object_get(obj, "count"), "\"count\"");
        cr->count = st ? NULL : cr->inputs[0];
        return st;
    }
}

static ix_status read_criteria(const ctx *c, json_t *arr, ix_socio_model *m)
{
    if (!json_is_array(arr) || json_array_size(arr) == 0)
        return FAIL(c, "criteria", "\"criteria\" must be a non-empty list");
    m->criteria = calloc(json_array_size(arr), sizeof *m->criteria);
    if (!m->criteria)
        return ix_diag_set(c->d, IX_ERR_NOMEM, c->file, 0, 0, NULL, "out of memory");
    for (size_t i = 0; i < json_array_size(arr); i++) {
        m->ncriteria = i + 1; /* so a partly read criterion is freed */
        ix_status st = read_criterion(c, json_array_get(arr, i), i, &m->criteria[i]);
        if (st)
            return st;
        for (size_t j = 0; j < i; j++)
            /* id is required: read_criterion returned IX_OK, so both are set
             * (the analyzer cannot see that ix_diag_set returns non-zero). */
            if (strcmp(m->criteria[j].id, m->criteria[i].id) == 0) // NOLINT(clang-analyzer-core.NonNullParamChecker)
                return FAIL(c, "criteria", "two criteria have the id \"%s\"", m->criteria[i].id);
    }
    return IX_OK;
}

/* "grant_years": {"from": 2021, "to": 2030} ("to" optional: open). */
static ix_status read_years(const ctx *c, json_t *y, ix_socio_model *m)
{
    static const char *const keys[] = {"from", "to", NULL};
    if (!y)
        return IX_OK;
    if (!json_is_object(y))
        return FAIL(c, "grant_years", "\"grant_years\" must be {\"from\": YEAR, \"to\": YEAR}");
    ix_status st = only_keys(c, y, "grant_years", keys);
    json_t *from = json_object_get(y, "from"), *to = json_object_get(y, "to");
    if (!st && (!json_is_integer(from) || json_integer_value(from) < 1900 ||
                json_integer_value(from) > 2100))
        return FAIL(c, "grant_years", "\"from\" must be a year");
    if (!st && to && !json_is_null(to) &&
        (!json_is_integer(to) || json_integer_value(to) < json_integer_value(from) ||
         json_integer_value(to) > 2100))
        return FAIL(c, "grant_years", "\"to\" must be a year not before \"from\" (or null)");
    if (st)
        return st;
    m->year_from = (int)json_integer_value(from);
    m->year_to = to && !json_is_null(to) ? (int)json_integer_value(to) : 0;
    return IX_OK;
}

static ix_status read_model(const ctx *c, json_t *root, ix_socio_model *m)
{
    static const char *const keys[] = {"name", "source", "status", "population", "code",
                                       "scale", "criteria", "note", "grant_years", NULL};
    if (!json_is_object(root))
        return FAIL(c, NULL, "a model is a JSON object {\"name\": ..., \"criteria\": [...]}");
    ix_status st = only_keys(c, root, NULL, keys);
    if (!st)
        st = dup_string(c, root, "name", "name", 1, &m->name);
    if (!st)
        st = dup_string(c, root, "source", "source", 1, &m->source);
    if (!st)
        st = dup_string(c, root, "status", "status", 0, &m->status);
    if (!st && m->status && strcmp(m->status, "complete") != 0 &&
        strcmp(m->status, "incomplete") != 0)
        return FAIL(c, "status", "\"status\" must be \"complete\" or \"incomplete\", not \"%s\"", m->status);
    if (!st)
        st = dup_string(c, root, "note", "note", 0, &m->note);
    if (!st)
        st = read_years(c, json_object_get(root, "grant_years"), m);
    if (!st)
        st = dup_string(c, root, "population", "population", 1, &m->population);
    if (!st)
        st = dup_string(c, root, "code", "code", 0, &m->code);
    if (!st && !m->code && !(m->code = strdup("kommunekode")))
        return ix_diag_set(c->d, IX_ERR_NOMEM, c->file, 0, 0, NULL, "out of memory");
    m->scale = 100;
    if (!st)
        st = get_number(c, root, "scale", "scale", 0, &m->scale);
    if (!st && !(m->scale > 0))
        return FAIL(c, "scale", "\"scale\" must be positive (100, or 1 for noegletal's scale)");
    /* An index of 1e308 or 5e-324 is never meant: it overflows, or every
     * index rounds to 0 and ties at rank 1. */
    if (!st && !(m->scale >= 1e-6 && m->scale <= 1e9))
        return FAIL(c, "scale", "\"scale\" must lie between 1e-6 and 1e9 (100, or 1 for "
                                "noegletal's scale)");
    if (!st)
        st = read_criteria(c, json_object_get(root, "criteria"), m);
    return st;
}

ix_status ix_socio_model_parse(const char *json, size_t len, const char *source,
                               ix_socio_model **out, ix_diag *d)
{
    const char *file = source ? source : "<model>";
    ctx c = {file, d};
    json_error_t err;
    json_t *root = json_loadb(json, len, JSON_REJECT_DUPLICATES, &err);
    if (!root)
        return ix_diag_set(d, IX_ERR_PARSE, file, err.line, err.column, NULL,
                           "malformed JSON: %s", err.text);
    ix_socio_model *m = calloc(1, sizeof *m);
    ix_status st = m ? IX_OK : ix_diag_set(d, IX_ERR_NOMEM, file, 0, 0, NULL, "out of memory");
    if (!st && !(m->file = strdup(file)))
        st = ix_diag_set(d, IX_ERR_NOMEM, file, 0, 0, NULL, "out of memory");
    if (!st)
        st = read_model(&c, root, m);
    json_decref(root);
    if (st) {
        /* jansson keeps no positions: find the line of the field named. */
        if (d && st != IX_ERR_NOMEM && d->line == 0)
            d->line = ix__json_line(json, len, d->field);
        ix_socio_model_free(m);
        return st;
    }
    m->weight_sum = 0;
    for (size_t j = 0; j < m->ncriteria; j++)
        m->weight_sum += m->criteria[j].weight;
    /* Lines for the weight checks made after parsing (ix_socio_model_check_weights). */
    m->criteria_line = ix__json_line(json, len, "criteria");
    long *lines = calloc(m->ncriteria ? m->ncriteria : 1, sizeof *lines);
    if (lines) {
        size_t got = ix__json_array_lines(json, len, "criteria", lines, m->ncriteria);
        for (size_t j = 0; j < got; j++)
            m->criteria[j].line = lines[j];
    } /* without memory the lines stay 0 ("unknown"): only messages lose them */
    free(lines);
    *out = m;
    return IX_OK;
}
