/* The frame every GUSA case operation shares (lib/store/gusa_case_frame.c):
 * the case as the access decisions see it, loaded once per request, and the
 * shape of an operation: enter (begin, load, decide), finish (audit, commit)
 * or deny/abandon. Internal to lib/store (the ix__gc_ prefix). */
#ifndef INDEKS_STORE_GUSA_CASE_INTERNAL_H
#define INDEKS_STORE_GUSA_CASE_INTERNAL_H

#include "gusa_internal.h"

typedef struct {
    int found;
    ix_gusa_case_view v;
    long long kommune, child_id;
    char today[11];
    char subjects[256];
    ix__gusa_rows head, parts, cust, cons;
    ix_gusa_participant *p;
    long long *custody;
    ix_gusa_consent *c;
    long long *recipients; /* all consents' recipients, one after another */
} ix__gc_case;

extern const char ix__gc_purpose_case[];
void ix__gc_case_free(ix__gc_case *c);
size_t ix__gc_count_ids(const char *list);
ix_gusa_actor_kind ix__gc_kind_parse(const char *k);
const char *ix__gc_kind_name(ix_gusa_actor_kind k);
ix_status ix__gc_case_load(ix_gusa_store *s, long long id, ix__gc_case *c, ix_diag *d);
ix_status ix__gc_deny(ix_gusa_store *s, const ix_gusa_actor *a, ix__gc_case *c, long long case_id, const char *action, const char *object, int http, const char *field, const char *message, ix_gusa_err *e);
ix_status ix__gc_enter(ix_gusa_store *s, const ix_gusa_actor *a, long long case_id, int write, const char *object, ix__gc_case *c, ix_gusa_err *e);
ix_status ix__gc_finish(ix_gusa_store *s, const ix_gusa_actor *a, ix__gc_case *c, int write, const char *object, ix_status st, ix_gusa_err *e);
ix_status ix__gc_abandon(ix_gusa_store *s, ix__gc_case *c, ix_status st);
long long ix__gc_my_participant(const ix__gc_case *c, const ix_gusa_actor *a);
ix_status ix__gc_row_in_case(ix_gusa_store *s, const char *sql, long long id, long long case_id, int *yes, ix_diag *d);
ix_status ix__gc_check(ix_status st, ix_gusa_err *e);
void ix__gc_jstr(ix_sink *j, const char *t);

#endif
