/* Proposals: kinds, checks and how accepted ones change an IMETA
 * (proposals.h). The draft is built as a list of rows of owned strings and
 * turned into a table at the end, so a refused proposal leaves nothing. */
#include "indeks/proposals.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "indeks/gusa.h"

static const char *const kind_names[] = {NULL, "ny", "aendring", "fjern", "anbefaling"};
static const char *const kind_labels[] = {NULL, "Ny indikator", "Ændring af en indikator",
                                          "Fjern en indikator", "Anbefaling til en indikator"};

const char *ix_prop_kind_name(ix_prop_kind k)
{
    return k > IX_PROP_NONE && k <= IX_PROP_RECOMMENDATION ? kind_names[k] : NULL;
}

const char *ix_prop_kind_label(ix_prop_kind k)
{
    return k > IX_PROP_NONE && k <= IX_PROP_RECOMMENDATION ? kind_labels[k] : NULL;
}

ix_prop_kind ix_prop_kind_parse(const char *name)
{
    for (int k = IX_PROP_NEW; name && k <= IX_PROP_RECOMMENDATION; k++)
        if (strcmp(name, kind_names[k]) == 0)
            return (ix_prop_kind)k;
    return IX_PROP_NONE;
}

/* ---- checks ------------------------------------------------------------------------ */

static int given(const char *s)
{
    return s && *s;
}

static ix_status check_code(const char *code, ix_diag *d)
{
    size_t n = code ? strlen(code) : 0;
    int ok = n > 0 && n <= IX_PROP_CODE_MAX &&
             ((code[0] >= 'A' && code[0] <= 'Z') || (code[0] >= 'a' && code[0] <= 'z'));
    for (size_t i = 0; ok && i < n; i++) {
        char c = code[i];
        ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
             c == '_';
    }
    if (!ok)
        return ix_diag_set(d, IX_ERR_INPUT, NULL, 0, 0, "icode",
                           "the indicator code must be 1 to %d letters (A-Z), digits or _, "
                           "starting with a letter",
                           IX_PROP_CODE_MAX);
    return IX_OK;
}

/* A one-line text: no newline or tab, at most IX_PROP_SHORT_MAX characters. */
static ix_status check_short(const char *v, const char *field, ix_diag *d)
{
    if (!given(v))
        return IX_OK;
    ix_status st = ix_gusa_check_text(v, IX_PROP_SHORT_MAX, field, d);
    if (!st && strpbrk(v, "\n\t"))
        return ix_diag_set(d, IX_ERR_INPUT, NULL, 0, 0, field,
                           "%s must be one line (no line break or tab)", field);
    return st;
}

static ix_status check_long(const char *v, const char *field, ix_diag *d)
{
    return given(v) ? ix_gusa_check_text(v, IX_PROP_TEXT_MAX, field, d) : IX_OK;
}

static ix_status need(const char *v, const char *field, const char *what, ix_diag *d)
{
    if (given(v))
        return IX_OK;
    return ix_diag_set(d, IX_ERR_INPUT, NULL, 0, 0, field, "%s needs %s (%s)", what, field,
                       "the field is empty");
}

static ix_status check_texts(const ix_prop_in *p, ix_diag *d)
{
    ix_status st = check_short(p->name, "name", d);
    if (!st)
        st = check_short(p->unit, "unit", d);
    if (!st)
        st = check_short(p->source, "source", d);
    if (!st)
        st = check_short(p->frequency, "frequency", d);
    if (!st)
        st = check_long(p->definition, "definition", d);
    if (!st)
        st = check_long(p->recommendation, "recommendation", d);
    if (!st)
        st = check_long(p->why, "why", d);
    if (!st && given(p->direction) && strcmp(p->direction, "1") != 0 &&
        strcmp(p->direction, "-1") != 0)
        st = ix_diag_set(d, IX_ERR_INPUT, NULL, 0, 0, "direction",
                         "direction must be 1 (higher is better) or -1 (lower is better)");
    if (!st && given(p->domain))
        st = check_code(p->domain, d) ? ix_diag_set(d, IX_ERR_INPUT, NULL, 0, 0, "domain",
                                                    "the domain must be a domain's code "
                                                    "(letters, digits or _)")
                                      : IX_OK;
    return st;
}

static ix_status check_new(const ix_prop_in *p, ix_diag *d)
{
    static const char *const what = "a new indicator";
    ix_status st = need(p->name, "name", what, d);
    if (!st)
        st = need(p->definition, "definition", what, d);
    if (!st)
        st = need(p->unit, "unit", what, d);
    if (!st)
        st = need(p->direction, "direction", what, d);
    if (!st)
        st = need(p->domain, "domain", what, d);
    if (!st)
        st = need(p->source, "source", what, d);
    if (!st)
        st = need(p->frequency, "frequency", what, d);
    return st;
}

ix_status ix_prop_validate(const ix_prop_in *p, ix_diag *d)
{
    if (!p || !ix_prop_kind_name(p->kind))
        return ix_diag_set(d, IX_ERR_INPUT, NULL, 0, 0, "kind",
                           "kind must be ny, aendring, fjern or anbefaling");
    ix_status st = check_code(p->icode, d);
    if (!st)
        st = need(p->why, "why", "every proposal", d);
    if (!st)
        st = check_texts(p, d);
    if (st)
        return st;
    if (p->kind == IX_PROP_NEW)
        return check_new(p, d);
    if (p->kind == IX_PROP_RECOMMENDATION)
        return need(p->recommendation, "recommendation", "a recommendation", d);
    if (p->kind == IX_PROP_CHANGE &&
        !(given(p->name) || given(p->definition) || given(p->unit) || given(p->direction) ||
          given(p->domain) || given(p->source) || given(p->frequency) ||
          given(p->recommendation)))
        return ix_diag_set(d, IX_ERR_INPUT, NULL, 0, 0, "name",
                           "a change needs at least one field to change (name, definition, "
                           "unit, direction, domain, source, frequency or recommendation)");
    return IX_OK;
}
