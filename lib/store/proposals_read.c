/* Reading proposals (proposals_store.h): the public list and page, and the
 * accepted ones an export applies. Public reads name organisations only;
 * they are not audited (no personal data), the export is. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gusa_internal.h"
#include "indeks/proposals_store.h"

/* The columns every view is read from, in this order. */
#define VIEW_COLUMNS                                                                             \
    "p.id, p.kind, p.icode, p.name, p.definition, p.unit, p.direction, p.domain, p.source, "   \
    "p.frequency, p.recommendation, p.why, p.organisation_id, o.name, p.created_at, p.status, " \
    "p.decided_at, (SELECT o2.name FROM stakeholder s2 JOIN organisation o2 ON o2.id = "         \
    "s2.organisation_id WHERE s2.id = p.decided_by), p.reason, p.edition, (SELECT count(*) "    \
    "FROM proposal_support u WHERE u.proposal_id = p.id) "                                      \
    "FROM proposal p JOIN organisation o ON o.id = p.organisation_id"

static char *keep(ix_prop_view *v, size_t *k, const char *cell)
{
    if (!cell || *k >= sizeof v->strings_ / sizeof *v->strings_)
        return NULL;
    size_t n = strlen(cell) + 1;
    char *p = malloc(n);
    if (p) {
        memcpy(p, cell, n);
        v->strings_[(*k)++] = p;
    }
    return p;
}

/* Fills v from row i of r; 0 when out of memory. */
static int view_from_row(ix_prop_view *v, const ix__gusa_rows *r, size_t i)
{
    memset(v, 0, sizeof *v);
    size_t k = 0;
    const char **p[] = {&v->p.icode,     &v->p.name,   &v->p.definition, &v->p.unit,
                        &v->p.direction, &v->p.domain, &v->p.source,     &v->p.frequency,
                        &v->p.recommendation, &v->p.why};
    v->id = ix__gusa_int(r, i, 0);
    v->p.kind = ix_prop_kind_parse(ix__gusa_cell(r, i, 1));
    for (size_t c = 0; c < sizeof p / sizeof *p; c++) {
        const char *cell = ix__gusa_cell(r, i, 2 + c);
        *p[c] = keep(v, &k, cell);
        if (cell && !*p[c])
            return 0;
    }
    v->org_id = ix__gusa_int(r, i, 12);
    char **q[] = {&v->org, &v->created, &v->status, &v->decided_at, &v->decided_by, &v->reason,
                  &v->edition};
    for (size_t c = 0; c < sizeof q / sizeof *q; c++) {
        const char *cell = ix__gusa_cell(r, i, 13 + c);
        *q[c] = keep(v, &k, cell);
        if (cell && !*q[c])
            return 0;
    }
    v->nsupport = (size_t)ix__gusa_int(r, i, 20);
    return 1;
}

static void notes_free(ix_prop_note *n, size_t count)
{
    for (size_t i = 0; n && i < count; i++) {
        free(n[i].org);
        free(n[i].text);
        free(n[i].at);
    }
    free(n);
}

static void view_clear(ix_prop_view *v)
{
    for (size_t i = 0; i < sizeof v->strings_ / sizeof *v->strings_; i++)
        free(v->strings_[i]);
    if (v->support)
        notes_free(v->support, v->nsupport);
    notes_free(v->comments, v->ncomments);
    memset(v, 0, sizeof *v);
}

void ix_prop_list_free(ix_prop_list *l)
{
    if (!l)
        return;
    for (size_t i = 0; i < l->n; i++)
        view_clear(&l->items[i]);
    free(l->items);
    free(l);
}

void ix_prop_view_free(ix_prop_view *v)
{
    if (!v)
        return;
    view_clear(v);
    free(v);
}

static ix_status oom(ix_diag *d)
{
    return ix_diag_set(d, IX_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
}

/* sql: "SELECT " VIEW_COLUMNS " ..." (a literal: the statement cache keys
 * on it). */
static ix_status list_query(ix_gusa_store *s, const char *sql, const ix__val *v, size_t nv,
                            ix_prop_list **out, ix_diag *d)
{
    *out = NULL;
    ix__gusa_rows r = {0};
    ix_status st = ix__gusa_query(s, sql, v, nv, &r, d);
    ix_prop_list *l = st ? NULL : calloc(1, sizeof *l);
    if (!st && !l)
        st = oom(d);
    if (!st && r.nrows && !(l->items = calloc(r.nrows, sizeof *l->items)))
        st = oom(d);
    for (size_t i = 0; !st && i < r.nrows; i++) {
        int ok = view_from_row(&l->items[i], &r, i);
        l->n = i + 1; /* a half-filled view is freed with the others */
        if (!ok)
            st = oom(d);
    }
    ix__gusa_rows_free(&r);
    if (st) {
        ix_prop_list_free(l);
        return st;
    }
    *out = l;
    return IX_OK;
}

ix_status ix_prop_list_load(ix_gusa_store *s, ix_prop_list **out, ix_diag *d)
{
    return list_query(s, "SELECT " VIEW_COLUMNS " ORDER BY p.id DESC", NULL, 0, out, d);
}

/* Support (text NULL) or comments of proposal id, oldest first. */
static ix_status notes_load(ix_gusa_store *s, long long id, int comments, ix_prop_note **out,
                            size_t *n, ix_diag *d)
{
    *out = NULL;
    *n = 0;
    ix__gusa_rows r = {0};
    ix__val v[] = {IX__INT(id)};
    ix_status st = ix__gusa_query(
        s,
        comments ? "SELECT o.name, c.text, c.created_at FROM proposal_comment c JOIN organisation "
                   "o ON o.id = c.organisation_id WHERE c.proposal_id = $1 ORDER BY c.id"
                 : "SELECT o.name, NULL, u.created_at FROM proposal_support u JOIN organisation "
                   "o ON o.id = u.organisation_id WHERE u.proposal_id = $1 ORDER BY "
                   "u.created_at, o.name",
        v, 1, &r, d);
    if (!st && r.nrows && !(*out = calloc(r.nrows, sizeof **out)))
        st = oom(d);
    for (size_t i = 0; !st && i < r.nrows; i++) {
        ix_prop_note *t = &(*out)[i];
        const char *cells[3] = {ix__gusa_cell(&r, i, 0), ix__gusa_cell(&r, i, 1),
                                ix__gusa_cell(&r, i, 2)};
        char **dst[3] = {&t->org, &t->text, &t->at};
        for (int c = 0; c < 3; c++)
            if (cells[c] && !(*dst[c] = strdup(cells[c])))
                st = oom(d);
        *n = i + 1;
    }
    ix__gusa_rows_free(&r);
    return st;
}

ix_status ix_prop_get(ix_gusa_store *s, long long id, ix_prop_view **out, ix_diag *d)
{
    *out = NULL;
    ix__val v[] = {IX__INT(id)};
    ix_prop_list *l = NULL;
    ix_status st = list_query(s, "SELECT " VIEW_COLUMNS " WHERE p.id = $1", v, 1, &l, d);
    if (!st && l->n == 0)
        st = ix_diag_set(d, IX_ERR_NOTFOUND, NULL, 0, 0, NULL, "no proposal has id %lld", id);
    ix_prop_view *view = st ? NULL : malloc(sizeof *view);
    if (!st && !view)
        st = oom(d);
    if (!st) {
        *view = l->items[0];
        l->n = 0; /* moved */
        st = notes_load(s, id, 0, &view->support, &view->nsupport, d);
        if (!st)
            st = notes_load(s, id, 1, &view->comments, &view->ncomments, d);
        if (st)
            ix_prop_view_free(view);
        else
            *out = view;
    }
    ix_prop_list_free(l);
    return st;
}

ix_status ix_prop_accepted_for(ix_gusa_store *s, const char *edition, ix_prop_list **views,
                               ix_prop_accepted **out, size_t *n, ix_diag *d)
{
    *out = NULL;
    *n = 0;
    ix__val v[] = {IX__TEXT(edition)};
    ix_status st = list_query(s,
                              "SELECT " VIEW_COLUMNS " WHERE p.status = 'accepteret' AND "
                              "(p.edition IS NULL OR p.edition = $1) ORDER BY p.decided_at, "
                              "p.id",
                              v, 1, views, d);
    if (st)
        return st;
    if ((*views)->n && !(*out = calloc((*views)->n, sizeof **out))) {
        ix_prop_list_free(*views);
        *views = NULL;
        return oom(d);
    }
    for (size_t i = 0; i < (*views)->n; i++) {
        (*out)[i].id = (*views)->items[i].id;
        (*out)[i].p = (*views)->items[i].p;
    }
    *n = (*views)->n;
    return IX_OK;
}

ix_status ix_prop_removed_in(ix_gusa_store *s, const char *edition, ix_prop_list **out,
                             ix_diag *d)
{
    ix__val v[] = {IX__TEXT(edition)};
    return list_query(s,
                      "SELECT " VIEW_COLUMNS " WHERE p.kind = 'fjern' AND p.status = 'accepteret' "
                      "AND p.edition = $1 ORDER BY p.id",
                      v, 1, out, d);
}

ix_status ix_prop_mark_applied(ix_gusa_store *s, const char *edition, const long long *ids,
                               size_t n, ix_diag *d)
{
    ix_status st = ix__gusa_begin(s, d);
    for (size_t i = 0; !st && i < n; i++) {
        ix__val v[] = {IX__TEXT(edition), IX__INT(ids[i])};
        st = ix__gusa_query(s, "UPDATE proposal SET edition = $1 WHERE id = $2", v, 2, NULL, d);
    }
    char object[160];
    snprintf(object, sizeof object, "proposals:edition:%.120s", edition);
    if (!st)
        st = ix__gusa_audit(s, NULL, "export", object, 0, "", "forslag", "ok", d);
    if (!st)
        st = ix__gusa_commit(s, d);
    if (st)
        ix__gusa_rollback(s);
    return st;
}
