/* Reading a composite recipe from JSON (jansson).
 *
 *   [ {"denominate": {}},
 *     {"impute":    {"method": "mean_grp", "group": "region"}},
 *     {"screen":    {"dat_thresh": 0.9}},
 *     {"treat":     {"winmax": 5, "skew_thresh": 2, "kurt_thresh": 3.5}},
 *     {"normalise": {"method": "minmax", "range": [0, 100]}},
 *     {"aggregate": {"method": "amean", "dat_thresh": 0.5}} ]
 *
 * or the same list under {"steps": [...]}. Syntax errors carry jansson's
 * line and column. jansson keeps no positions for parsed values, so for a
 * bad step or parameter we find its key in the text: steps are searched in
 * order from the end of the previous one, which finds the right occurrence
 * for any recipe a person writes. */
#include <jansson.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "indeks/composite.h"

typedef struct {
    const char *text;
    size_t len, cursor;
    const char *source;
} locator;

/* Line and column of the next occurrence of "key" from loc->cursor. */
static void locate(locator *loc, const char *key, int advance, long *line, long *col)
{
    char pat[160];
    int n = snprintf(pat, sizeof pat, "\"%s\"", key);
    size_t plen = n > 0 && (size_t)n < sizeof pat ? (size_t)n : 0;
    size_t at = loc->cursor;
    int found = 0;
    for (size_t i = loc->cursor; plen && i + plen <= loc->len; i++)
        if (memcmp(loc->text + i, pat, plen) == 0) {
            at = i;
            found = 1;
            break;
        }
    *line = 1;
    *col = 1;
    for (size_t i = 0; i < at && i < loc->len; i++) {
        if (loc->text[i] == '\n') {
            (*line)++;
            *col = 1;
        } else if (((unsigned char)loc->text[i] & 0xC0) != 0x80)
            (*col)++;
    }
    if (found && advance)
        loc->cursor = at + plen;
}

#if defined(__GNUC__)
__attribute__((format(printf, 4, 5)))
#endif
static ix_status fail_at(locator *loc, const char *key, ix_diag *d, const char *fmt, ...)
{
    long line, col;
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    locate(loc, key, 0, &line, &col);
    return ix_diag_set(d, IX_ERR_MODEL, loc->source, line, col, key, "%s", msg);
}

static int parse_kind(const char *name, ix_comp_step_kind *kind)
{
    int k = ix_comp_step_lookup(name);
    if (!k)
        return -1;
    *kind = (ix_comp_step_kind)k;
    return 0;
}

static ix_status one_method(const ix_comp_step *s, const char *v, locator *loc, ix_diag *d,
                            int *out)
{
    char allowed[200];
    if (s->kind != IX_STEP_IMPUTE && s->kind != IX_STEP_NORMALISE && s->kind != IX_STEP_AGGREGATE)
        return fail_at(loc, "method", d, "this step takes no \"method\"");
    *out = ix_comp_method_lookup(s->kind, v);
    if (!*out)
        return fail_at(loc, "method", d, "unknown method \"%s\" (expected one of %s)", v,
                       ix_comp_method_list(s->kind, allowed, sizeof allowed));
    return IX_OK;
}

/* "method": a name, or for aggregate a list of names, one per level from
 * the indicators' parents up (COINr's f_ag vector). */
static ix_status set_method(ix_comp_step *s, json_t *v, locator *loc, ix_diag *d)
{
    if (json_is_string(v))
        return one_method(s, json_string_value(v), loc, d, &s->method);
    size_t n = json_is_array(v) ? json_array_size(v) : 0;
    if (s->kind != IX_STEP_AGGREGATE || n == 0 || n >= IX_COMP_MAX_LEVELS - 1)
        return fail_at(loc, "method", d,
                       "\"method\" must be a name%s", s->kind == IX_STEP_AGGREGATE
                           ? ", or a list of one name per level (levels 2 to the top)" : "");
    for (size_t i = 0; i < n; i++) {
        json_t *e = json_array_get(v, i);
        if (!json_is_string(e))
            return fail_at(loc, "method", d, "entry %zu of \"method\" must be a name", i + 1);
        ix_status st = one_method(s, json_string_value(e), loc, d, &s->level_method[i + 2]);
        if (st)
            return st;
    }
    s->method = s->level_method[2];
    s->nlevel_methods = n;
    return IX_OK;
}

static int get_number(json_t *v, double *out)
{
    if (!json_is_number(v))
        return -1;
    *out = json_number_value(v);
    return isfinite(*out) ? 0 : -1;
}

static int get_pair(json_t *v, double out[2])
{
    if (!json_is_array(v) || json_array_size(v) != 2)
        return -1;
    return get_number(json_array_get(v, 0), &out[0]) || get_number(json_array_get(v, 1), &out[1]);
}

/* One parameter of a step; unknown names are errors. */
static ix_status set_param(ix_comp_step *s, const char *key, json_t *v, locator *loc, int *penalty,
                           size_t *np, ix_diag *d)
{
    ix_comp_step_kind k = s->kind;
    double x;
    if (strcmp(key, "method") == 0 && k != IX_STEP_TREAT)
        return set_method(s, v, loc, d);
    if (strcmp(key, "group") == 0 && k == IX_STEP_IMPUTE && json_is_string(v)) {
        snprintf(s->group, sizeof s->group, "%s", json_string_value(v));
        return IX_OK;
    }
    if (strcmp(key, "dat_thresh") == 0 && (k == IX_STEP_SCREEN || k == IX_STEP_AGGREGATE)) {
        if (get_number(v, &x) || x < 0 || x > 1)
            return fail_at(loc, key, d, "\"dat_thresh\" must be a number from 0 to 1");
        s->dat_thresh = x;
        return IX_OK;
    }
    if (strcmp(key, "winmax") == 0 && k == IX_STEP_TREAT) {
        if (!json_is_integer(v) || json_integer_value(v) < 0 || json_integer_value(v) > 1000000)
            return fail_at(loc, key, d, "\"winmax\" must be a whole number >= 0");
        s->winmax = (int)json_integer_value(v);
        return IX_OK;
    }
    if ((strcmp(key, "skew_thresh") == 0 || strcmp(key, "kurt_thresh") == 0) && k == IX_STEP_TREAT) {
        if (get_number(v, &x))
            return fail_at(loc, key, d, "\"%s\" must be a number", key);
        *(key[0] == 's' ? &s->skew_thresh : &s->kurt_thresh) = x;
        return IX_OK;
    }
    if (strcmp(key, "range") == 0 && k == IX_STEP_NORMALISE) {
        if (get_pair(v, s->range) || !(s->range[0] < s->range[1]))
            return fail_at(loc, key, d, "\"range\" must be [lower, upper] with lower < upper");
        return IX_OK;
    }
    if (strcmp(key, "m_sd") == 0 && k == IX_STEP_NORMALISE) {
        if (get_pair(v, s->m_sd) || !(s->m_sd[1] > 0))
            return fail_at(loc, key, d, "\"m_sd\" must be [mean, sd] with sd > 0");
        return IX_OK;
    }
    if (strcmp(key, "cap_max") == 0 && k == IX_STEP_NORMALISE && json_is_boolean(v)) {
        s->cap_max = json_is_true(v);
        return IX_OK;
    }
    if (strcmp(key, "penalty") == 0 && k == IX_STEP_AGGREGATE && json_is_string(v)) {
        static const char *const names[] = {"neg", "pos", "POS", "NEG"};
        for (int i = 0; i < 4; i++)
            if (strcmp(json_string_value(v), names[i]) == 0)
                *penalty = i + 1;
        if (!*penalty)
            return fail_at(loc, key, d, "\"penalty\" must be \"neg\" or \"pos\" "
                                        "(mazziotta_pareto), or \"POS\" or \"NEG\" (mpi_compind, "
                                        "Compind's names), not \"%s\"", json_string_value(v));
        return IX_OK;
    }
    if (strcmp(key, "p") == 0 && k == IX_STEP_AGGREGATE) {
        size_t n = json_is_array(v) ? json_array_size(v) : 1;
        if (n == 0 || n >= IX_COMP_MAX_LEVELS - 1)
            return fail_at(loc, key, d, "\"p\" must be a number or a list of one per level");
        for (size_t i = 0; i < n; i++) {
            json_t *e = json_is_array(v) ? json_array_get(v, i) : v;
            if (json_is_null(e) && json_is_array(v)) {
                x = NAN; /* a level whose method takes no p */
            } else if (get_number(e, &x) || x == 0) {
                return fail_at(loc, key, d, "\"p\" must be a non-zero number (p = 0 is the "
                                            "geometric mean: use \"gmean\")");
            }
            if (json_is_array(v))
                s->level_p[i + 2] = x;
            else
                s->p = x;
        }
        *np = json_is_array(v) ? n : 0;
        return IX_OK;
    }
    return fail_at(loc, key, d, "unknown or ill-typed parameter \"%s\" for step \"%s\"", key,
                   ix_comp_step_name(k));
}

/* Checks what only the whole step shows: p per level against the methods,
 * and which penalty names go with the method (indeks' "neg"/"pos" for
 * mazziotta_pareto, Compind's "POS"/"NEG" for mpi_compind). */
static ix_status finish_aggregate(ix_comp_step *s, int penalty, size_t np, locator *loc,
                                  ix_diag *d)
{
    if (np && np != (s->nlevel_methods ? s->nlevel_methods : 0))
        return fail_at(loc, "p", d, "a list of \"p\" needs a list of \"method\" of the same "
                                    "length (one per level)");
    if (s->nlevel_methods && !np)
        for (size_t i = 0; i < s->nlevel_methods; i++)
            s->level_p[i + 2] = s->p;
    int mpi = 0, compind = 0;
    for (int lev = 2; lev < IX_COMP_MAX_LEVELS; lev++) {
        int m = ix_comp_step_level_method(s, lev);
        mpi |= m == IX_COMP_AGG_MPI;
        compind |= m == IX_COMP_AGG_MPI_COMPIND;
    }
    if (penalty && ((penalty <= 2 && !mpi) || (penalty > 2 && !compind)))
        return fail_at(loc, "penalty", d, "\"penalty\" is \"neg\" or \"pos\" with "
                                          "mazziotta_pareto, and \"POS\" or \"NEG\" with "
                                          "mpi_compind (Compind's names: \"POS\" subtracts)");
    s->penalty_pos = penalty == 2 || penalty == 4;
    return IX_OK;
}

static ix_status parse_step(json_t *obj, locator *loc, ix_comp_step *s, ix_diag *d)
{
    if (!json_is_object(obj) || json_object_size(obj) != 1) {
        long line, col;
        locate(loc, "", 0, &line, &col);
        return ix_diag_set(d, IX_ERR_MODEL, loc->source, line, col, NULL,
                           "each step must be an object with one key, e.g. {\"normalise\": {...}}");
    }
    const char *name = NULL;
    json_t *params = NULL;
    json_object_foreach(obj, name, params) break;
    ix_comp_step_kind kind;
    if (parse_kind(name, &kind))
        return fail_at(loc, name, d,
                       "unknown recipe step \"%s\" (expected denominate, impute, screen, treat, "
                       "normalise or aggregate)",
                       name);
    ix_comp_step_default(s, kind);
    locate(loc, name, 1, &s->line, &s->column);
    if (!json_is_object(params))
        return fail_at(loc, name, d, "the parameters of \"%s\" must be an object", name);
    const char *key;
    json_t *v;
    int penalty = 0;
    size_t np = 0;
    json_object_foreach(params, key, v)
    {
        ix_status st = set_param(s, key, v, loc, &penalty, &np, d);
        if (st)
            return st;
    }
    if (kind == IX_STEP_AGGREGATE) {
        ix_status st = finish_aggregate(s, penalty, np, loc, d);
        if (st)
            return st;
    }
    if (kind == IX_STEP_IMPUTE && (s->method == IX_IMPUTE_MEAN_GRP || s->method == IX_IMPUTE_MEDIAN_GRP) &&
        !s->group[0])
        return ix_diag_set(d, IX_ERR_MODEL, loc->source, s->line, s->column, name,
                           "impute by group needs \"group\": the Group column of IDATA");
    return IX_OK;
}

ix_status ix_comp_recipe_parse(const char *json, size_t len, const char *source,
                               ix_comp_recipe *out, ix_diag *d)
{
    ix_status st = IX_OK;
    json_error_t err;
    memset(out, 0, sizeof *out);
    snprintf(out->source, sizeof out->source, "%s", source ? source : "recipe");
    json_t *root = json_loadb(json, len, JSON_REJECT_DUPLICATES, &err);
    if (!root)
        return ix_diag_set(d, IX_ERR_PARSE, out->source, err.line, err.column, NULL,
                           "invalid JSON: %s", err.text);
    locator loc = {json, len, 0, out->source};
    json_t *steps = json_is_object(root) ? json_object_get(root, "steps") : root;
    if (!json_is_array(steps)) {
        st = ix_diag_set(d, IX_ERR_MODEL, out->source, 1, 1, NULL,
                         "a recipe is a list of steps, or an object with \"steps\": [...]");
        goto out;
    }
    if (json_array_size(steps) > IX_COMP_MAX_STEPS) {
        st = ix_diag_set(d, IX_ERR_MODEL, out->source, 1, 1, NULL, "a recipe has at most %d steps",
                         IX_COMP_MAX_STEPS);
        goto out;
    }
    for (size_t i = 0; i < json_array_size(steps); i++) {
        if ((st = parse_step(json_array_get(steps, i), &loc, &out->steps[i], d)))
            goto out;
        out->nsteps++;
    }
out:
    json_decref(root);
    return st;
}
