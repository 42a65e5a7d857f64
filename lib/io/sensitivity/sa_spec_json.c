/* Reading SA.json, the uncertain choices of a sensitivity analysis
 * (jansson):
 *
 *   {"choices": [
 *     {"step": "treat", "param": "winmax", "values": [1, 2, 3, 4, 5]},
 *     {"step": "normalise", "alternatives": [{"method": "minmax", "range": [1, 100]},
 *                                            {"method": "zscore", "m_sd": [10, 2]}]},
 *     {"weights": {"levels": [2, 3], "noise": 0.25}},
 *     {"step": "aggregate", "alternatives": [{"method": "amean"}, {"method": "gmean"}]},
 *     {"leave_out": "indicators"}]}
 *
 * Each choice may carry a "name" shown in the output. An alternative is a
 * step's parameters exactly as a recipe writes them, and is read by the
 * recipe reader. jansson keeps no positions for values, so the start of each
 * choice is found by a small scan of the text (strings and nesting), and a
 * key inside a choice by searching from that start: errors name the line
 * and column of the choice or of its offending key. */
#include <jansson.h>

#include "indeks/json_sink.h"
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "indeks/sensitivity.h"

typedef struct {
    const char *text;
    size_t len;
    const char *source;
    size_t off[IX_SA_MAX_CHOICES + 1]; /* start of each choice in the text */
    size_t noff;
} spec_text;

static size_t skip_string(const char *t, size_t len, size_t i)
{
    for (i++; i < len; i++) {
        if (t[i] == '\\')
            i++;
        else if (t[i] == '"')
            return i;
    }
    return len;
}

/* Offsets of the elements of the root object's "choices" array. */
static void find_choices(spec_text *st)
{
    const char *t = st->text;
    int depth = 0, pending = 0, in_arr = 0, expect = 0;
    for (size_t i = 0; i < st->len; i++) {
        char c = t[i];
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r')
            continue;
        if (expect && c != ']') {
            if (st->noff < IX_SA_MAX_CHOICES + 1)
                st->off[st->noff++] = i;
        }
        expect = 0;
        if (c == '"') {
            size_t end = skip_string(t, st->len, i);
            if (depth == 1 && !in_arr && end - i == 8 && memcmp(t + i, "\"choices\"", 9) == 0)
                pending = 1;
            i = end;
            continue;
        }
        if (c == ':')
            continue;
        if (c == '[' || c == '{') {
            depth++;
            if (pending && c == '[' && depth == 2) {
                in_arr = 1;
                expect = 1;
            }
            pending = 0;
        } else if (c == ']' || c == '}') {
            if (in_arr && depth == 2)
                in_arr = 0;
            depth--;
        } else if (c == ',' && in_arr && depth == 2) {
            expect = 1;
        } else {
            pending = 0;
        }
    }
}

static void line_col(const spec_text *st, size_t at, long *line, long *col)
{
    *line = 1;
    *col = 1;
    for (size_t i = 0; i < at && i < st->len; i++) {
        if (st->text[i] == '\n') {
            (*line)++;
            *col = 1;
        } else if (((unsigned char)st->text[i] & 0xC0) != 0x80)
            (*col)++;
    }
}

/* Position of "key" within choice j (or the choice itself). */
static void where(const spec_text *st, size_t j, const char *key, long *line, long *col)
{
    size_t from = j < st->noff ? st->off[j] : 0;
    size_t to = j + 1 < st->noff ? st->off[j + 1] : st->len;
    size_t at = from;
    if (key) {
        char pat[80];
        int n = snprintf(pat, sizeof pat, "\"%s\"", key);
        size_t plen = n > 0 && (size_t)n < sizeof pat ? (size_t)n : 0;
        for (size_t i = from; plen && i + plen <= to; i++)
            if (memcmp(st->text + i, pat, plen) == 0) {
                at = i;
                break;
            }
    }
    line_col(st, at, line, col);
}

#if defined(__GNUC__)
__attribute__((format(printf, 5, 6)))
#endif
static ix_status fail(const spec_text *st, size_t j, const char *key, ix_diag *d, const char *fmt,
                      ...)
{
    long line, col;
    char msg[600];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    where(st, j, key, &line, &col);
    return ix_diag_set(d, IX_ERR_MODEL, st->source, line, col, key, "%s", msg);
}

static int step_kind(const char *name, ix_comp_step_kind *k)
{
    int kind = ix_comp_step_lookup(name); /* the X-macro table of composite.h */
    if (!kind)
        return -1;
    *k = (ix_comp_step_kind)kind;
    return 0;
}

static ix_status parse_weights(const spec_text *st, size_t j, json_t *w, ix_sa_choice *c, ix_diag *d)
{
    const char *key;
    json_t *v;
    if (!json_is_object(w))
        return fail(st, j, "weights", d, "\"weights\" must be an object: {\"levels\": [2], \"noise\": 0.25}");
    json_object_foreach(w, key, v)
    {
        if (strcmp(key, "levels") == 0) {
            if (!json_is_array(v) || json_array_size(v) == 0)
                return fail(st, j, "levels", d, "\"levels\" must be a non-empty list of levels, e.g. [1, 2]");
            for (size_t i = 0; i < json_array_size(v); i++) {
                json_t *l = json_array_get(v, i);
                if (!json_is_integer(l) || json_integer_value(l) < 1 || json_integer_value(l) > 31)
                    return fail(st, j, "levels", d, "each level must be a whole number from 1 to 31");
                c->levels |= 1u << json_integer_value(l);
            }
        } else if (strcmp(key, "noise") == 0) {
            if (!json_is_number(v) || !(json_number_value(v) > 0) || json_number_value(v) > 1)
                return fail(st, j, "noise", d,
                            "\"noise\" must be a number above 0 and at most 1 (0.25 = ±25 %%)");
            c->noise = json_number_value(v);
        } else
            return fail(st, j, key, d, "unknown key \"%s\" in \"weights\" (expected levels, noise)", key);
    }
    if (!c->levels || !(c->noise > 0))
        return fail(st, j, "weights", d, "\"weights\" needs both \"levels\" and \"noise\"");
    return IX_OK;
}

static ix_status parse_values(const spec_text *st, size_t j, json_t *vals, ix_sa_choice *c, ix_diag *d)
{
    const char *p = c->param;
    int ok_param = (c->step == IX_STEP_TREAT && (strcmp(p, "winmax") == 0 || strcmp(p, "skew_thresh") == 0 ||
                                                 strcmp(p, "kurt_thresh") == 0)) ||
                   ((c->step == IX_STEP_SCREEN || c->step == IX_STEP_AGGREGATE) && strcmp(p, "dat_thresh") == 0);
    if (!ok_param)
        return fail(st, j, "param", d,
                    "step \"%s\" has no parameter \"%s\" to vary (treat: winmax, skew_thresh, "
                    "kurt_thresh; screen and aggregate: dat_thresh; use \"alternatives\" for others)",
                    ix_comp_step_name(c->step), p);
    if (!json_is_array(vals) || json_array_size(vals) == 0 || json_array_size(vals) > IX_SA_MAX_VALUES)
        return fail(st, j, "values", d, "\"values\" must be a list of 1 to %d numbers", IX_SA_MAX_VALUES);
    for (size_t i = 0; i < json_array_size(vals); i++) {
        json_t *v = json_array_get(vals, i);
        double x = json_is_number(v) ? json_number_value(v) : NAN;
        if (!isfinite(x))
            return fail(st, j, "values", d, "value %zu of \"%s\" is not a number", i + 1, p);
        if (strcmp(p, "winmax") == 0 && (!json_is_integer(v) || x < 0 || x > 1000000))
            return fail(st, j, "values", d, "\"winmax\" values must be whole numbers >= 0");
        if (strcmp(p, "dat_thresh") == 0 && (x < 0 || x > 1))
            return fail(st, j, "values", d, "\"dat_thresh\" values must be from 0 to 1");
        c->values[c->nvalues++] = x;
    }
    return IX_OK;
}

static ix_status parse_alts(const spec_text *st, size_t j, json_t *alts, ix_sa_choice *c, ix_diag *d)
{
    if (!json_is_array(alts) || json_array_size(alts) == 0 || json_array_size(alts) > IX_SA_MAX_ALTS)
        return fail(st, j, "alternatives", d,
                    "\"alternatives\" must be a list of 1 to %d objects of step parameters",
                    IX_SA_MAX_ALTS);
    for (size_t i = 0; i < json_array_size(alts); i++) {
        json_t *a = json_array_get(alts, i);
        if (!json_is_object(a))
            return fail(st, j, "alternatives", d, "alternative %zu must be an object, e.g. {\"method\": \"minmax\"}",
                        i + 1);
        /* Read by the recipe reader, as the one-step recipe [{"step": {...}}]. */
        json_t *step = json_pack("[{sO}]", ix_comp_step_name(c->step), a);
        char *text = step ? ix_json_dumps(step, JSON_COMPACT) : NULL;
        json_decref(step);
        if (!text)
            return ix_diag_set(d, IX_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
        ix_comp_recipe r;
        ix_diag inner;
        ix_diag_clear(&inner);
        ix_status s = ix_comp_recipe_parse(text, strlen(text), "alternative", &r, &inner);
        free(text);
        if (s)
            return fail(st, j, "alternatives", d, "alternative %zu: %s%s%s", i + 1,
                        inner.field[0] ? inner.field : "", inner.field[0] ? ": " : "", inner.message);
        c->alts[c->nalts++] = r.steps[0];
    }
    return IX_OK;
}

static ix_status parse_choice(const spec_text *st, size_t j, json_t *o, ix_sa_choice *c, ix_diag *d)
{
    static const char *keys[] = {"step", "param", "values", "alternatives", "weights", "leave_out", "name"};
    const char *key;
    json_t *v;
    memset(c, 0, sizeof *c);
    where(st, j, NULL, &c->line, &c->column);
    if (!json_is_object(o))
        return fail(st, j, NULL, d, "choice %zu must be an object", j + 1);
    json_object_foreach(o, key, v)
    {
        size_t k = 0;
        while (k < sizeof keys / sizeof keys[0] && strcmp(key, keys[k]) != 0)
            k++;
        if (k == sizeof keys / sizeof keys[0])
            return fail(st, j, key, d,
                        "unknown key \"%s\" in a choice (expected step with param and values or "
                        "alternatives, weights, leave_out, name)",
                        key);
    }
    json_t *name = json_object_get(o, "name"), *w = json_object_get(o, "weights");
    json_t *lo = json_object_get(o, "leave_out"), *step = json_object_get(o, "step");
    json_t *param = json_object_get(o, "param"), *vals = json_object_get(o, "values");
    json_t *alts = json_object_get(o, "alternatives");
    if (name && (!json_is_string(name) || json_string_length(name) == 0 || json_string_length(name) >= 64))
        return fail(st, j, "name", d, "\"name\" must be a text of 1 to 63 bytes");
    if ((w != NULL) + (lo != NULL) + (step != NULL) != 1)
        return fail(st, j, NULL, d,
                    "choice %zu must have exactly one of \"step\", \"weights\" or \"leave_out\"", j + 1);
    ix_status s = IX_OK;
    if (w) {
        if (param || vals || alts)
            return fail(st, j, "weights", d, "a \"weights\" choice takes no param, values or alternatives");
        c->kind = IX_SA_WEIGHTS;
        snprintf(c->label, sizeof c->label, "weights");
        s = parse_weights(st, j, w, c, d);
    } else if (lo) {
        if (!json_is_string(lo) || strcmp(json_string_value(lo), "indicators") != 0)
            return fail(st, j, "leave_out", d, "\"leave_out\" must be \"indicators\" (each indicator left out in turn)");
        if (param || vals || alts)
            return fail(st, j, "leave_out", d, "a \"leave_out\" choice takes no param, values or alternatives");
        c->kind = IX_SA_LEAVE_OUT;
        snprintf(c->label, sizeof c->label, "leave_out");
    } else {
        if (!json_is_string(step) || step_kind(json_string_value(step), &c->step))
            return fail(st, j, "step", d,
                        "\"step\" must name a recipe step: denominate, impute, screen, treat, "
                        "normalise or aggregate");
        if ((alts != NULL) == (param != NULL || vals != NULL))
            return fail(st, j, "step", d,
                        "a step choice has either \"param\" with \"values\", or \"alternatives\"");
        if (alts) {
            c->kind = IX_SA_ALTERNATIVES;
            snprintf(c->label, sizeof c->label, "%s", ix_comp_step_name(c->step));
            s = parse_alts(st, j, alts, c, d);
        } else {
            if (!json_is_string(param) || !vals)
                return fail(st, j, param ? "param" : "values", d,
                            "a parameter choice needs \"param\" (a name) and \"values\" (a list)");
            snprintf(c->param, sizeof c->param, "%s", json_string_value(param));
            c->kind = IX_SA_PARAM;
            snprintf(c->label, sizeof c->label, "%s.%.30s", ix_comp_step_name(c->step), c->param);
            s = parse_values(st, j, vals, c, d);
        }
    }
    if (!s && name)
        snprintf(c->label, sizeof c->label, "%s", json_string_value(name));
    return s;
}

ix_status ix_sa_spec_parse(const char *json, size_t len, const char *source, ix_sa_spec *out,
                           ix_diag *d)
{
    ix_status s = IX_OK;
    json_error_t err;
    memset(out, 0, sizeof *out);
    snprintf(out->source, sizeof out->source, "%s", source ? source : "SA.json");
    spec_text st = {json, len, out->source, {0}, 0};
    json_t *root = json_loadb(json, len, JSON_REJECT_DUPLICATES, &err);
    if (!root)
        return ix_diag_set(d, IX_ERR_PARSE, out->source, err.line, err.column, NULL,
                           "invalid JSON: %s", err.text);
    find_choices(&st);
    const char *key;
    json_t *v;
    if (!json_is_object(root)) {
        s = ix_diag_set(d, IX_ERR_MODEL, out->source, 1, 1, NULL,
                        "SA.json is an object: {\"choices\": [...]}");
        goto out;
    }
    json_object_foreach(root, key, v)
    {
        if (strcmp(key, "choices") != 0 && strcmp(key, "comment") != 0) {
            st.noff = 0;
            s = fail(&st, 0, key, d, "unknown key \"%s\" (expected \"choices\")", key);
            goto out;
        }
    }
    json_t *choices = json_object_get(root, "choices");
    if (!json_is_array(choices) || json_array_size(choices) == 0 ||
        json_array_size(choices) > IX_SA_MAX_CHOICES) {
        st.noff = 0;
        s = fail(&st, 0, "choices", d, "\"choices\" must be a list of 1 to %d choices",
                 IX_SA_MAX_CHOICES);
        goto out;
    }
    for (size_t j = 0; j < json_array_size(choices); j++) {
        if ((s = parse_choice(&st, j, json_array_get(choices, j), &out->choices[j], d)))
            goto out;
        out->nchoices++;
    }
out:
    json_decref(root);
    return s;
}
