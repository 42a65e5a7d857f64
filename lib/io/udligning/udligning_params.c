/* Reading equalisation parameters from JSON (docs/udligning.md).
 *
 * Every number is an object {"value", "source", "confirmed"} so that no
 * number reaches an output without its provenance. Strict on purpose: an
 * unknown key is an error (a misspelt "sats" silently ignored would change
 * every municipality's transfer), and so is a rate outside its range.
 * jansson keeps no positions, so a diagnostic's line is found by looking the
 * field's path up in the text (path_line). */
#include <jansson.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "indeks/udligning.h"

enum { YEAR_FIRST = 2007, YEAR_NEW = 2021, YEAR_LAST = 2030 };

typedef struct {
    const char *file;
    const char *text;
    size_t len;
    ix_diag *d;
} ctx;

static const double param_lo[] = {
#define IX_UDL_PARAM_LO(id, path, group, lo, hi) lo,
    IX_UDL_PARAM_MAP(IX_UDL_PARAM_LO)
#undef IX_UDL_PARAM_LO
};
static const double param_hi[] = {
#define IX_UDL_PARAM_HI(id, path, group, lo, hi) hi,
    IX_UDL_PARAM_MAP(IX_UDL_PARAM_HI)
#undef IX_UDL_PARAM_HI
};

/* Position of "key": at or after from, or len when absent. */
static size_t find_key(const ctx *c, const char *key, size_t keylen, size_t from)
{
    for (size_t i = from; i + keylen + 2 <= c->len; i++)
        if (c->text[i] == '"' && memcmp(c->text + i + 1, key, keylen) == 0 &&
            c->text[i + 1 + keylen] == '"')
            return i;
    return c->len;
}

/* The line of a field path such as "aldersgrupper[1].enhedsbeloeb", found by
 * looking its keys up in order; 0 when not found. */
static long path_line(const ctx *c, const char *path)
{
    size_t pos = 0, skip = 0;
    const char *p = path;
    while (p && *p) {
        size_t keylen = strcspn(p, ".[");
        for (size_t i = 0; i <= skip && pos < c->len; i++)
            pos = find_key(c, p, keylen, i ? pos + 1 : pos);
        if (pos >= c->len)
            return 0;
        p += keylen;
        skip = 0;
        if (*p == '[')
            skip = (size_t)strtoul(p + 1, NULL, 10);
        p = strchr(p, '.');
        p = p ? p + 1 : NULL;
    }
    long line = 1;
    for (size_t i = 0; i < pos; i++)
        line += c->text[i] == '\n';
    return line;
}

static ix_status fail(const ctx *c, const char *field, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

static ix_status fail(const ctx *c, const char *field, const char *fmt, ...)
{
    char msg[sizeof c->d->message];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return ix_diag_set(c->d, IX_ERR_MODEL, c->file, field ? path_line(c, field) : 0, 0, field,
                       "%s", msg);
}

static ix_status nomem(const ctx *c)
{
    return ix_diag_set(c->d, IX_ERR_NOMEM, c->file, 0, 0, NULL, "out of memory");
}

static ix_status only_keys(const ctx *c, json_t *obj, const char *field,
                           const char *const *allowed, const char *prefix)
{
    const char *key;
    json_t *value;
    json_object_foreach(obj, key, value) {
        int known = 0;
        for (const char *const *a = allowed; a && *a; a++)
            known |= strcmp(*a, key) == 0;
        for (int id = 0; prefix && id < IX_UDL_NPARAMS; id++) {
            const char *path = ix_udl_param_path((ix_udl_param_id)id);
            size_t pl = strlen(prefix);
            known |= strncmp(path, prefix, pl) == 0 && path[pl] == '.' && strcmp(path + pl + 1, key) == 0;
        }
        char path[256];
        snprintf(path, sizeof path, "%s%s%s", field ? field : "", field ? "." : "", key);
        if (!known)
            return fail(c, path, "unknown key \"%s\"%s%s (misspelt?)", key, field ? " in " : "",
                        field ? field : "");
    }
    (void)value;
    return IX_OK;
}

static ix_status dup_text(const ctx *c, json_t *obj, const char *key, const char *field,
                          int required, char **out)
{
    json_t *v = json_object_get(obj, key);
    if (!v)
        return required ? fail(c, field, "missing required key \"%s\"", key) : IX_OK;
    if (!json_is_string(v) || json_string_length(v) == 0)
        return fail(c, field, "\"%s\" must be a non-empty text", key);
    *out = strdup(json_string_value(v));
    return *out ? IX_OK : nomem(c);
}

/* {"value": x, "source": "...", "confirmed": true|false, "note": "..."} */
static ix_status read_num(const ctx *c, json_t *v, const char *field, double lo, double hi,
                          ix_udl_num *out)
{
    static const char *const keys[] = {"value", "source", "confirmed", "note", NULL};
    if (!json_is_object(v))
        return fail(c, field, "must be an object {\"value\": ..., \"source\": \"...\", "
                              "\"confirmed\": true|false}");
    ix_status st = only_keys(c, v, field, keys, NULL);
    json_t *val = json_object_get(v, "value"), *conf = json_object_get(v, "confirmed");
    if (!st && (!val || !json_is_number(val)))
        return fail(c, field, "\"value\" must be a number");
    if (!st && (!conf || !json_is_boolean(conf)))
        return fail(c, field, "\"confirmed\" must be true or false: say whether the number is "
                              "confirmed from the law text");
    if (!st)
        st = dup_text(c, v, "source", field, 1, &out->source);
    if (st)
        return st;
    out->value = json_number_value(val);
    out->confirmed = json_is_true(conf);
    out->given = 1;
    if (!isfinite(out->value) || out->value < lo || out->value > hi)
        return fail(c, field, "%.10g is outside [%g, %g]%s", out->value, lo, hi,
                    hi == 1.0 ? ": rates and shares are fractions (0.93 for 93 %)" : "");
    return IX_OK;
}

/* The member of a dotted path ("skatteudligning.sats") in root, or NULL. */
static json_t *get_path(json_t *root, const char *path)
{
    const char *dot = strchr(path, '.');
    if (!dot)
        return json_object_get(root, path);
    char section[64];
    snprintf(section, sizeof section, "%.*s", (int)(dot - path), path);
    json_t *obj = json_object_get(root, section);
    return json_is_object(obj) ? json_object_get(obj, dot + 1) : NULL;
}

static ix_status read_params_table(const ctx *c, json_t *root, ix_udl_params *p)
{
    for (int i = 0; i < IX_UDL_NPARAMS; i++) {
        ix_udl_param_id id = (ix_udl_param_id)i;
        const char *path = ix_udl_param_path(id);
        json_t *v = get_path(root, path);
        if (!v && ix_udl_param_used(p, id))
            return fail(c, strchr(path, '.') ? path : NULL, "missing required parameter \"%s\"%s",
                        path, p->old_system ? " (scheme before 2021)" : "");
        ix_status st = v ? read_num(c, v, path, param_lo[id], param_hi[id], &p->p[id]) : IX_OK;
        if (st)
            return st;
    }
    p->grant_count = (long)p->p[IX_UDL_GRANT_COUNT].value;
    if (p->has_grant && (double)p->grant_count != p->p[IX_UDL_GRANT_COUNT].value)
        return fail(c, "tilskud_16.antal", "\"value\" must be a whole number of municipalities");
    if (!p->old_system && p->p[IX_UDL_TAX_HIGH_LIMIT].value < p->p[IX_UDL_TAX_LOW_LIMIT].value)
        return fail(c, "skatteudligning.oevre_graense", "the upper limit is below the lower one");
    return IX_OK;
}

static ix_status read_age(const ctx *c, json_t *obj, size_t i, ix_udl_age *a)
{
    static const char *const keys[] = {"kolonne", "navn", "enhedsbeloeb", "note", NULL};
    char field[64];
    snprintf(field, sizeof field, "aldersgrupper[%zu]", i);
    if (!json_is_object(obj))
        return fail(c, field, "each age group must be an object");
    ix_status st = only_keys(c, obj, field, keys, NULL);
    if (!st)
        st = dup_text(c, obj, "kolonne", field, 1, &a->column);
    if (!st)
        st = dup_text(c, obj, "navn", field, 0, &a->name);
    if (!st && !a->name && !(a->name = strdup(a->column)))
        return nomem(c);
    snprintf(field, sizeof field, "aldersgrupper[%zu].enhedsbeloeb", i);
    json_t *unit = json_object_get(obj, "enhedsbeloeb");
    if (!st && !unit)
        return fail(c, field, "missing required key \"enhedsbeloeb\"");
    return st ? st : read_num(c, unit, field, 0, 1e9, &a->unit);
}

static ix_status read_ages(const ctx *c, json_t *arr, ix_udl_params *p)
{
    if (!json_is_array(arr) || json_array_size(arr) == 0)
        return fail(c, "aldersgrupper", "\"aldersgrupper\" must be a non-empty list of age groups");
    if (!(p->ages = calloc(json_array_size(arr), sizeof *p->ages)))
        return nomem(c);
    double sum = 0;
    for (size_t i = 0; i < json_array_size(arr); i++) {
        p->nages = i + 1;
        ix_status st = read_age(c, json_array_get(arr, i), i, &p->ages[i]);
        if (st)
            return st;
        for (size_t j = 0; j < i; j++)
            /* read_age set column when it returned IX_OK (fail() is never IX_OK;
             * the analyzer does not follow variadic functions) */
            // NOLINTNEXTLINE(clang-analyzer-core.NonNullParamChecker)
            if (strcmp(p->ages[j].column, p->ages[i].column) == 0)
                return fail(c, "aldersgrupper", "two age groups use the column \"%s\"",
                            p->ages[i].column);
        sum += p->ages[i].unit.value;
    }
    return sum > 0 ? IX_OK : fail(c, "aldersgrupper", "every unit amount is 0");
}

static ix_status read_section(const ctx *c, json_t *root, const char *name,
                              const char *const *extra, json_t **out)
{
    *out = json_object_get(root, name);
    if (!*out)
        return IX_OK;
    if (!json_is_object(*out))
        return fail(c, name, "\"%s\" must be an object", name);
    return only_keys(c, *out, name, extra, name);
}

static ix_status read_capital(const ctx *c, json_t *sec, ix_udl_params *p)
{
    static const char *const keys[] = {"value", "source", "confirmed", "note", NULL};
    const char *field = "hovedstadsudligning.regionskoder";
    json_t *v = sec ? json_object_get(sec, "regionskoder") : NULL;
    if (!v)
        return fail(c, sec ? "hovedstadsudligning" : NULL,
                    "missing \"hovedstadsudligning.regionskoder\" (the capital area)");
    ix_status st = json_is_object(v) ? only_keys(c, v, field, keys, NULL)
                                     : fail(c, field, "must be an object with \"value\": [codes]");
    json_t *arr = st ? NULL : json_object_get(v, "value");
    if (!st && (!json_is_array(arr) || json_array_size(arr) == 0))
        return fail(c, field, "\"value\" must be a non-empty list of region codes (1081-1085)");
    if (!st && !json_is_boolean(json_object_get(v, "confirmed")))
        return fail(c, field, "\"confirmed\" must be true or false");
    if (!st)
        st = dup_text(c, v, "source", field, 1, &p->capital_source);
    if (!st && !(p->capital_regions = calloc(json_array_size(arr), sizeof *p->capital_regions)))
        return nomem(c);
    for (size_t i = 0; !st && i < json_array_size(arr); i++) {
        json_t *code = json_array_get(arr, i);
        if (!json_is_integer(code) || json_integer_value(code) < 1081 || json_integer_value(code) > 1085)
            return fail(c, field, "region codes are integers 1081-1085");
        p->capital_regions[p->ncapital++] = (int)json_integer_value(code);
    }
    p->capital_confirmed = st ? 0 : json_is_true(json_object_get(v, "confirmed"));
    return st;
}

static const char *const computed_figures[] = {"socio_indeks", "udgiftsbehov_pr_indb",
                                               "beskatningsgrundlag_pr_indb", "netto_pr_indb", NULL};

static ix_status pick(const ctx *c, json_t *obj, const char *key, const char *field,
                      const char *const *names, int *out)
{
    json_t *v = json_object_get(obj, key);
    const char *text = json_is_string(v) ? json_string_value(v) : "";
    for (int i = 0; names[i]; i++)
        if (strcmp(text, names[i]) == 0) {
            *out = i;
            return IX_OK;
        }
    char list[256] = "";
    for (int i = 0; names[i]; i++)
        snprintf(list + strlen(list), sizeof list - strlen(list), "%s\"%s\"", i ? ", " : "",
                 names[i]);
    return fail(c, field, "\"%s\" must be one of %s", key, list);
}

static ix_status read_figure_id(const ctx *c, json_t *obj, const char *field, ix_udl_figure *f)
{
    ix_status st = dup_text(c, obj, "id", field, 1, &f->id);
    if (!st)
        st = dup_text(c, obj, "kolonne", field, 0, &f->column);
    int known = 0;
    for (const char *const *n = computed_figures; !st && !f->column && *n; n++)
        known |= strcmp(*n, f->id) == 0;
    if (!st && !f->column && !known)
        return fail(c, field, "\"%s\" is not a computed key figure (socio_indeks, "
                              "udgiftsbehov_pr_indb, beskatningsgrundlag_pr_indb, netto_pr_indb); "
                              "name a data column with \"kolonne\"", f->id);
    json_t *per = json_object_get(obj, "pr_indb");
    if (!st && per && !json_is_boolean(per))
        return fail(c, field, "\"pr_indb\" must be true or false");
    f->per_inhabitant = per && json_is_true(per);
    return st;
}

static ix_status read_figure(const ctx *c, json_t *obj, size_t i, ix_udl_figure *f)
{
    static const char *const keys[] = {"id", "kolonne", "pr_indb", "overskrift", "retning",
                                       "vaegt", "note", NULL};
    static const char *const directions[] = {"lav", "hoej", NULL};
    static const char *const headings[] = {"demografisk_socio", "aktuel_oekonomi",
                                           "vedvarende_oekonomi", NULL};
    char field[64];
    snprintf(field, sizeof field, "tilskud_16.noegletal[%zu]", i);
    if (!json_is_object(obj))
        return fail(c, field, "each key figure must be an object");
    int heading = 0;
    ix_status st = only_keys(c, obj, field, keys, NULL);
    if (!st)
        st = read_figure_id(c, obj, field, f);
    if (!st)
        st = pick(c, obj, "overskrift", field, headings, &heading);
    if (!st)
        st = pick(c, obj, "retning", field, directions, &f->high_is_worse);
    f->heading = (ix_udl_heading)heading;
    snprintf(field, sizeof field, "tilskud_16.noegletal[%zu].vaegt", i);
    json_t *w = json_object_get(obj, "vaegt");
    if (!st && !w)
        return fail(c, field, "missing required key \"vaegt\"");
    return st ? st : read_num(c, w, field, 0, 1e6, &f->weight);
}

static ix_status read_grant(const ctx *c, json_t *root, ix_udl_params *p)
{
    static const char *const keys[] = {"fordeling", "noegletal", "note", NULL};
    static const char *const rules[] = {"lige", "indbyggere", "score", NULL};
    json_t *sec = NULL;
    ix_status st = read_section(c, root, "tilskud_16", keys, &sec);
    if (st || !sec)
        return st;
    p->has_grant = 1;
    int rule = 0;
    st = pick(c, sec, "fordeling", "tilskud_16", rules, &rule);
    p->grant_rule = (ix_udl_share_rule)rule;
    json_t *arr = json_object_get(sec, "noegletal");
    if (!st && (!json_is_array(arr) || json_array_size(arr) == 0))
        return fail(c, "tilskud_16", "\"noegletal\" must be a non-empty list of key figures");
    if (!st && !(p->figures = calloc(json_array_size(arr), sizeof *p->figures)))
        return nomem(c);
    double wsum = 0;
    for (size_t i = 0; !st && i < json_array_size(arr); i++) {
        p->nfigures = i + 1;
        st = read_figure(c, json_array_get(arr, i), i, &p->figures[i]);
        wsum += st ? 0 : p->figures[i].weight.value;
    }
    if (!st && !(wsum > 0))
        return fail(c, "tilskud_16.noegletal", "every key figure has weight 0");
    return st;
}

/* Sections that belong to one scheme only. */
static ix_status scheme_sections(const ctx *c, json_t *root, const ix_udl_params *p)
{
    static const char *const newer[] = {"udgiftsudligning", "skatteudligning",
                                        "maks_udligningsprocent", NULL};
    static const char *const older[] = {"landsudligning", "hovedstadsudligning",
                                        "hoejt_strukturelt_underskud", NULL};
    for (const char *const *s = p->old_system ? newer : older; *s; s++)
        if (json_object_get(root, *s))
            return fail(c, *s, "\"%s\" belongs to the scheme %s, but the year is %ld", *s,
                        p->old_system ? "from 2021" : "before 2021", p->year);
    return IX_OK;
}

static ix_status read_year(const ctx *c, json_t *root, ix_udl_params *p)
{
    json_t *y = json_object_get(root, "year");
    if (!y || !json_is_integer(y))
        return fail(c, y ? "year" : NULL, "\"year\" must be the grant year, an integer (e.g. 2021)");
    p->year = (long)json_integer_value(y);
    if (p->year < YEAR_FIRST || p->year > YEAR_LAST)
        return fail(c, "year", "unknown year %ld: indeks knows the equalisation rules of grant "
                               "years %d-%d (before the 2020 reform) and %d-%d",
                    p->year, YEAR_FIRST, YEAR_NEW - 1, YEAR_NEW, YEAR_LAST);
    p->old_system = p->year < YEAR_NEW;
    return IX_OK;
}

static ix_status read_root(const ctx *c, json_t *root, ix_udl_params *p)
{
    static const char *const keys[] = {
        "name", "year", "model", "note", "samlet_udgift", "socio_andel",
        "gennemsnitlig_skatteprocent", "aldersgrupper", "befolkningsnedgang", "udgiftsudligning",
        "skatteudligning", "landsudligning", "hovedstadsudligning", "hoejt_strukturelt_underskud",
        "tilskud_16", "maks_udligningsprocent", "beskatningsniveau", NULL};
    static const char *const decline_keys[] = {"kolonne", "note", NULL};
    static const char *const capital_keys[] = {"regionskoder", "note", NULL};
    static const char *const level_keys[] = {"indkomstskat", "grundskyld", "note", NULL};
    static const char *const plain[] = {"note", NULL};
    if (!json_is_object(root))
        return fail(c, NULL, "parameters are a JSON object {\"year\": ..., ...}");
    ix_status st = only_keys(c, root, NULL, keys, NULL);
    json_t *sec = NULL;
    if (!st)
        st = dup_text(c, root, "name", "name", 1, &p->name);
    if (!st)
        st = read_year(c, root, p);
    if (!st)
        st = dup_text(c, root, "model", "model", 0, &p->model);
    if (!st)
        st = scheme_sections(c, root, p);
    const char *const sections[] = {"udgiftsudligning", "skatteudligning", "landsudligning",
                                    "hoejt_strukturelt_underskud"};
    for (size_t i = 0; !st && i < sizeof sections / sizeof sections[0]; i++)
        st = read_section(c, root, sections[i], plain, &sec);
    if (!st)
        st = read_section(c, root, "befolkningsnedgang", decline_keys, &sec);
    if (!st && sec)
        st = dup_text(c, sec, "kolonne", "befolkningsnedgang", 1, &p->decline_column);
    if (!st)
        st = read_section(c, root, "maks_udligningsprocent", decline_keys, &sec);
    if (!st && sec)
        st = dup_text(c, sec, "kolonne", "maks_udligningsprocent", 1, &p->tax_pct_column);
    if (!st)
        st = read_section(c, root, "beskatningsniveau", level_keys, &sec);
    if (!st && sec)
        st = dup_text(c, sec, "indkomstskat", "beskatningsniveau", 1, &p->income_tax_column);
    if (!st && sec)
        st = dup_text(c, sec, "grundskyld", "beskatningsniveau", 1, &p->land_tax_column);
    if (!st)
        st = read_section(c, root, "hovedstadsudligning", capital_keys, &sec);
    if (!st && p->old_system)
        st = read_capital(c, sec, p);
    if (!st)
        st = read_grant(c, root, p);
    if (!st)
        st = read_params_table(c, root, p);
    if (!st)
        st = read_ages(c, json_object_get(root, "aldersgrupper"), p);
    return st;
}

ix_status ix_udl_params_parse(const char *json, size_t len, const char *source,
                              ix_udl_params **out, ix_diag *d)
{
    const char *file = source ? source : "<parameters>";
    ctx c = {file, json, len, d};
    json_error_t err;
    json_t *root = json_loadb(json, len, JSON_REJECT_DUPLICATES, &err);
    if (!root)
        return ix_diag_set(d, IX_ERR_PARSE, file, err.line, err.column, NULL,
                           "malformed JSON: %s", err.text);
    ix_udl_params *p = calloc(1, sizeof *p);
    ix_status st = p ? IX_OK : nomem(&c);
    if (!st && !(p->file = strdup(file)))
        st = nomem(&c);
    if (!st)
        st = read_root(&c, root, p);
    json_decref(root);
    if (st) {
        ix_udl_params_free(p);
        return st;
    }
    *out = p;
    return IX_OK;
}

void ix_udl_params_free(ix_udl_params *p)
{
    if (!p)
        return;
    for (int i = 0; i < IX_UDL_NPARAMS; i++)
        free(p->p[i].source);
    for (size_t a = 0; a < p->nages; a++) {
        free(p->ages[a].column);
        free(p->ages[a].name);
        free(p->ages[a].unit.source);
    }
    for (size_t i = 0; i < p->nfigures; i++) {
        free(p->figures[i].id);
        free(p->figures[i].column);
        free(p->figures[i].weight.source);
    }
    free(p->figures);
    free(p->ages);
    free(p->capital_regions);
    free(p->capital_source);
    free(p->decline_column);
    free(p->tax_pct_column);
    free(p->income_tax_column);
    free(p->land_tax_column);
    free(p->model);
    free(p->name);
    free(p->file);
    free(p);
}
