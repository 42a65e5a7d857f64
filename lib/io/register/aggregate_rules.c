/* Reading RULES.json, the criteria of `indeks aggregate` (jansson). The
 * grammar, with examples, is in docs/aggregate.md:
 *
 *   {"municipality": "kommune", "population": "indbyggere",
 *    "criteria": [
 *      {"id": "ledige_20_59", "where": {"alder": [20, 59], "beskaeftiget": 0}},
 *      {"id": "x", "where": {"or": [{"bolig": {"in": [3, 6]}}, {"not": {"udd": null}}]}}]}
 *
 * A condition is an object whose members all hold (AND); a member is either
 * "and"/"or" with an array of conditions, "not" with one condition, or a
 * column with its test: a number (equality), [lo, hi] (inclusive; null for
 * an open end), {"in": [numbers]}, or null (the value is missing).
 *
 * Syntax errors carry jansson's line and column; the others name the line
 * where the offending value starts (found by json_locate.c) and its path,
 * e.g. "criteria[2].where.alder". */
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "indeks/aggregate.h"
#include "base/json_locate.h"

typedef struct {
    const char *text;
    size_t len;
    const char *source;
    ix_agg_rules *r;
    char path[512];
} reader;

#define MAX_SET 4096

/* An error at rd->path: the line where that value starts. */
static ix_status err_at(reader *rd, ix_diag *d, const char *msg)
{
    long line = ix__json_line(rd->text, rd->len, rd->path);
    return ix_diag_set(d, IX_ERR_MODEL, rd->source, line, 0, rd->path[0] ? rd->path : NULL, "%s",
                       msg);
}

/* An error raised by the builders (no position): add ours. */
static ix_status relocate(reader *rd, ix_diag *d, ix_status st)
{
    if (st == IX_ERR_NOMEM)
        return st;
    char msg[sizeof d->message];
    snprintf(msg, sizeof msg, "%s", d->message);
    return err_at(rd, d, msg);
}

/* Appends ".key" or "[i]" to the path; returns the old length to restore. */
static size_t push_key(reader *rd, const char *key)
{
    size_t n = strlen(rd->path);
    snprintf(rd->path + n, sizeof rd->path - n, "%s%s", n ? "." : "", key);
    return n;
}

static size_t push_index(reader *rd, size_t i)
{
    size_t n = strlen(rd->path);
    snprintf(rd->path + n, sizeof rd->path - n, "[%zu]", i);
    return n;
}

static int get_number(const json_t *v, double *out)
{
    if (!json_is_number(v))
        return -1;
    *out = json_number_value(v);
    return isfinite(*out) ? 0 : -1;
}

/* A column's test, into *node. */
static ix_status read_test(reader *rd, const char *column, json_t *v, size_t *node, ix_diag *d)
{
    ix_agg_rules *r = rd->r;
    ix_status st;
    double x, lo, hi;
    if (json_is_null(v)) {
        st = ix_agg_leaf_isnull(r, column, node, d);
    } else if (json_is_number(v)) {
        if (get_number(v, &x))
            return err_at(rd, d, "not a finite number");
        st = ix_agg_leaf_range(r, column, x, x, node, d);
    } else if (json_is_array(v)) {
        if (json_array_size(v) != 2)
            return err_at(rd, d, "a range is [lo, hi] (null for an open end)");
        json_t *a = json_array_get(v, 0), *b = json_array_get(v, 1);
        if (json_is_null(a) && json_is_null(b))
            return err_at(rd, d, "a range needs at least one bound");
        lo = -INFINITY;
        hi = INFINITY;
        if ((!json_is_null(a) && get_number(a, &lo)) || (!json_is_null(b) && get_number(b, &hi)))
            return err_at(rd, d, "a range's bounds are numbers or null");
        if (lo > hi)
            return err_at(rd, d, "a range [lo, hi] needs lo <= hi");
        st = ix_agg_leaf_range(r, column, lo, hi, node, d);
    } else if (json_is_object(v)) {
        json_t *set = json_object_get(v, "in");
        if (json_object_size(v) != 1 || !json_is_array(set))
            return err_at(rd, d, "a test object is {\"in\": [values]}");
        size_t n = json_array_size(set);
        if (n == 0 || n > MAX_SET)
            return err_at(rd, d, "a set has 1 to 4096 values");
        double vals[MAX_SET];
        for (size_t i = 0; i < n; i++)
            if (get_number(json_array_get(set, i), &vals[i]))
                return err_at(rd, d, "set values must be numbers");
        st = ix_agg_leaf_in(r, column, vals, n, node, d);
    } else {
        return err_at(rd, d,
                      "a test is a number, [lo, hi], {\"in\": [...]} or null (missing)");
    }
    return st ? relocate(rd, d, st) : IX_OK;
}

static ix_status read_cond(reader *rd, json_t *c, int depth, size_t *node, ix_diag *d);

/* "and"/"or": an array of conditions. */
static ix_status read_list(reader *rd, json_t *arr, ix_agg_kind kind, int depth, size_t *node,
                           ix_diag *d)
{
    if (!json_is_array(arr) || json_array_size(arr) == 0)
        return err_at(rd, d, "\"and\" and \"or\" take a non-empty array of conditions");
    size_t n = json_array_size(arr);
    size_t *kids = malloc(n * sizeof *kids);
    if (!kids)
        return ix_diag_set(d, IX_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    ix_status st = IX_OK;
    for (size_t i = 0; i < n && !st; i++) {
        size_t mark = push_index(rd, i);
        st = read_cond(rd, json_array_get(arr, i), depth + 1, &kids[i], d);
        if (!st)
            rd->path[mark] = '\0';
    }
    if (!st) {
        st = ix_agg_combine(rd->r, kind, kids, n, node, d);
        if (st)
            st = relocate(rd, d, st);
    }
    free(kids);
    return st;
}

static ix_status read_cond(reader *rd, json_t *c, int depth, size_t *node, ix_diag *d)
{
    if (depth > IX_AGG_MAX_DEPTH)
        return err_at(rd, d, "conditions nested too deeply");
    if (!json_is_object(c))
        return err_at(rd, d, "a condition is an object: {\"column\": test, ...}");
    size_t n = json_object_size(c);
    size_t kids[64] = {0};
    if (n > sizeof kids / sizeof kids[0])
        return err_at(rd, d, "more than 64 members in one condition: use \"and\"");
    size_t k = 0;
    const char *key;
    json_t *v;
    ix_status st = IX_OK;
    json_object_foreach(c, key, v)
    {
        size_t mark = push_key(rd, key);
        if (strcmp(key, "and") == 0)
            st = read_list(rd, v, IX_AGG_AND, depth, &kids[k], d);
        else if (strcmp(key, "or") == 0)
            st = read_list(rd, v, IX_AGG_OR, depth, &kids[k], d);
        else if (strcmp(key, "not") == 0) {
            size_t inner;
            st = read_cond(rd, v, depth + 1, &inner, d);
            if (!st && (st = ix_agg_combine(rd->r, IX_AGG_NOT, &inner, 1, &kids[k], d)) != IX_OK)
                st = relocate(rd, d, st);
        } else
            st = read_test(rd, key, v, &kids[k], d);
        if (st)
            return st;
        rd->path[mark] = '\0';
        k++;
    }
    if (k == 1) {
        *node = kids[0];
        return IX_OK;
    }
    st = ix_agg_combine(rd->r, IX_AGG_AND, kids, k, node, d);
    return st ? relocate(rd, d, st) : IX_OK;
}

static int known_key(const char *key, const char *const *keys)
{
    for (; *keys; keys++)
        if (strcmp(key, *keys) == 0)
            return 1;
    return 0;
}

static const char *opt_string(json_t *root, const char *key, int *bad)
{
    json_t *v = json_object_get(root, key);
    if (v && !json_is_string(v))
        *bad = 1;
    return v ? json_string_value(v) : NULL;
}

static ix_status read_rules(reader *rd, json_t *root, ix_diag *d)
{
    static const char *const top_keys[] = {"name", "source", "note", "municipality", "code_name",
                                           "population", "criteria", NULL};
    static const char *const crit_keys[] = {"id", "name", "note", "where", NULL};
    if (!json_is_object(root))
        return err_at(rd, d, "the rules are a JSON object");
    const char *key;
    json_t *v;
    json_object_foreach(root, key, v)
    {
        if (!known_key(key, top_keys)) {
            push_key(rd, key);
            return err_at(rd, d, "unknown key (expected municipality, code_name, population, "
                                 "criteria, name, source, note)");
        }
    }
    int bad = 0;
    const char *mun = opt_string(root, "municipality", &bad);
    const char *code = opt_string(root, "code_name", &bad);
    const char *pop = opt_string(root, "population", &bad);
    if (bad)
        return err_at(rd, d, "municipality, code_name and population are strings");
    if (!mun) {
        return err_at(rd, d, "\"municipality\" (the persons file's municipality column) is missing");
    }
    ix_status st = ix_agg_rules_set_names(rd->r, mun, code, pop, d);
    if (st)
        return relocate(rd, d, st);
    json_t *crits = json_object_get(root, "criteria");
    push_key(rd, "criteria");
    if (!json_is_array(crits) || json_array_size(crits) == 0)
        return err_at(rd, d, "\"criteria\" must be a non-empty array");
    for (size_t i = 0; i < json_array_size(crits); i++) {
        json_t *c = json_array_get(crits, i);
        size_t mark = push_index(rd, i);
        if (!json_is_object(c))
            return err_at(rd, d, "a criterion is {\"id\": ..., \"where\": {...}}");
        json_object_foreach(c, key, v)
        {
            if (!known_key(key, crit_keys)) {
                push_key(rd, key);
                return err_at(rd, d, "unknown key (expected id, where, name, note)");
            }
        }
        json_t *id = json_object_get(c, "id"), *where = json_object_get(c, "where");
        if (!json_is_string(id))
            return err_at(rd, d, "a criterion needs an \"id\" (a string: the output column)");
        if (!where)
            return err_at(rd, d, "a criterion needs \"where\" (use {} to count everyone)");
        size_t wmark = push_key(rd, "where");
        size_t root_node = 0;
        if (json_is_object(where) && json_object_size(where) == 0)
            st = ix_agg_combine(rd->r, IX_AGG_AND, NULL, 0, &root_node, d);
        else
            st = read_cond(rd, where, 1, &root_node, d);
        if (st)
            return st;
        rd->path[wmark] = '\0';
        if ((st = ix_agg_rules_add(rd->r, json_string_value(id), root_node, d)) != IX_OK)
            return relocate(rd, d, st);
        rd->path[mark] = '\0';
    }
    rd->path[0] = '\0';
    st = ix_agg_rules_check(rd->r, d);
    return st ? relocate(rd, d, st) : IX_OK;
}

ix_status ix_agg_rules_parse(const char *text, size_t len, const char *source, ix_agg_rules **out,
                             ix_diag *d)
{
    *out = NULL;
    json_error_t err;
    json_t *root = json_loadb(text, len, JSON_REJECT_DUPLICATES, &err);
    if (!root)
        return ix_diag_set(d, IX_ERR_PARSE, source, err.line < 0 ? 0 : err.line,
                           err.column < 0 ? 0 : err.column, NULL, "malformed JSON: %s", err.text);
    reader rd = {text, len, source, ix_agg_rules_new(), ""};
    ix_status st = rd.r ? read_rules(&rd, root, d)
                        : ix_diag_set(d, IX_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    json_decref(root);
    if (st) {
        ix_agg_rules_free(rd.r);
        return st;
    }
    *out = rd.r;
    return IX_OK;
}
