/* Reading a socio-economic index model from JSON (models/README.md).
 *
 * Strict on purpose: an unknown key is an error, because a misspelt
 * "wieght" silently ignored would change a municipality's grant. */
#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "indeks/socio.h"
#include "io/json_locate.h"

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

static ix_status read_excess(const ctx *c, json_t *ex, const char *field, ix_socio_criterion *cr)
{
    static const char *const keys[] = {"share", "of", "earlier_count", "earlier_of", NULL};
    if (!json_is_object(ex))
        return FAIL(c, field, "\"excess\" must be an object");
    ix_status st = only_keys(c, ex, field, keys);
    if (!st)
        st = get_number(c, ex, "share", field, 1, &cr->excess_share);
    if (!st && (cr->excess_share < 0 || cr->excess_share >= 1))
        return FAIL(c, field, "\"share\" must be a fraction in [0, 1), like 0.05");
    if (!st)
        st = dup_string(c, ex, "of", field, 1, &cr->excess_of);
    if (!st)
        st = dup_string(c, ex, "earlier_count", field, 0, &cr->earlier_count);
    if (!st)
        st = dup_string(c, ex, "earlier_of", field, 0, &cr->earlier_of);
    if (!st && (cr->earlier_count == NULL) != (cr->earlier_of == NULL))
        return FAIL(c, field, "give both \"earlier_count\" and \"earlier_of\", or neither");
    cr->has_excess = 1;
    return st;
}

static ix_status read_criterion(const ctx *c, json_t *obj, size_t i, ix_socio_criterion *cr)
{
    static const char *const keys[] = {"id", "name", "weight", "count", "excess", "note", NULL};
    char field[64];
    snprintf(field, sizeof field, "criteria[%zu]", i);
    if (!json_is_object(obj))
        return FAIL(c, field, "each criterion must be an object");
    ix_status st = only_keys(c, obj, field, keys);
    if (!st)
        st = dup_string(c, obj, "id", field, 1, &cr->id);
    if (!st)
        snprintf(field, sizeof field, "criteria[%zu] (%s)", i, cr->id);
    if (!st)
        st = dup_string(c, obj, "name", field, 1, &cr->name);
    if (!st)
        st = get_number(c, obj, "weight", field, 1, &cr->weight);
    if (!st)
        st = dup_string(c, obj, "count", field, 1, &cr->count);
    json_t *ex = json_object_get(obj, "excess");
    if (!st && ex)
        st = read_excess(c, ex, field, cr);
    return st;
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

static ix_status read_model(const ctx *c, json_t *root, ix_socio_model *m)
{
    static const char *const keys[] = {"name", "source", "status", "population", "code",
                                       "scale", "criteria", "note", NULL};
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
