/* GUSA's access decisions (docs/gusa.md, "Access rules"): pure functions
 * over a case's participants, custody, consents and the date. Deny by
 * default: every function says yes only for the cases it lists. */
#include <string.h>

#include "indeks/gusa.h"

const ix_gusa_participant *ix_gusa_find_participant(const ix_gusa_case_view *c,
                                                    const ix_gusa_actor *a)
{
    if (!c || !a || a->kind == IX_GUSA_ACTOR_NONE || a->id <= 0)
        return NULL;
    for (size_t i = 0; i < c->nparticipants; i++)
        if (c->participants[i].kind == a->kind && c->participants[i].ref == a->id)
            return &c->participants[i];
    return NULL;
}

int ix_gusa_is_custody_holder(const ix_gusa_case_view *c, const ix_gusa_actor *a)
{
    if (!c || !a || a->kind != IX_GUSA_ACTOR_PERSON || a->id <= 0)
        return 0;
    for (size_t i = 0; i < c->ncustody; i++)
        if (c->custody[i] == a->id)
            return 1;
    return 0;
}

static int person_is_young(const ix_gusa_case_view *c, long long person)
{
    return person > 0 && c->child_person == person &&
           ix_gusa_age_on(c->child_born, c->today) >= 15;
}

int ix_gusa_is_young_person(const ix_gusa_case_view *c, const ix_gusa_actor *a)
{
    return c && a && a->kind == IX_GUSA_ACTOR_PERSON && person_is_young(c, a->id);
}

static int is_staff_role(const ix_gusa_actor *a, ix_gusa_staff_role r)
{
    return a->kind == IX_GUSA_ACTOR_STAFF && a->role == r;
}

int ix_gusa_may_see_case(const ix_gusa_case_view *c, const ix_gusa_actor *a)
{
    if (!a || a->kind == IX_GUSA_ACTOR_NONE)
        return 404;
    if (is_staff_role(a, IX_GUSA_STAFF_LEDER) || is_staff_role(a, IX_GUSA_STAFF_REVISOR))
        return 403;
    if (ix_gusa_find_participant(c, a))
        return 200;
    return a->kind == IX_GUSA_ACTOR_STAFF ? 403 : 404;
}

static int granted_by_holder(const ix_gusa_case_view *c, long long grantor)
{
    for (size_t i = 0; i < c->ncustody; i++)
        if (c->custody[i] == grantor)
            return 1;
    return person_is_young(c, grantor);
}

int ix_gusa_concern_visible(const ix_gusa_case_view *c, const ix_gusa_actor *a,
                            long long author_participant, ix_gusa_info_type info_type)
{
    const ix_gusa_participant *p = ix_gusa_find_participant(c, a);
    if (!p || ix_gusa_may_see_case(c, a) != 200)
        return 0;
    if (p->id == author_participant || p->role == IX_GUSA_PART_KOORDINATOR)
        return 1;
    if (ix_gusa_is_custody_holder(c, a) || ix_gusa_is_young_person(c, a))
        return 1;
    long today;
    if (info_type <= IX_GUSA_INFO_NONE || info_type >= IX_GUSA_INFO_COUNT ||
        ix_gusa_date_days(c->today, &today) != 0)
        return 0;
    for (size_t i = 0; i < c->nconsents; i++) {
        const ix_gusa_consent *k = &c->consents[i];
        long to;
        if (k->revoked || !(k->info_mask & (1u << info_type)) ||
            ix_gusa_date_days(k->valid_to, &to) != 0 || to < today ||
            !granted_by_holder(c, k->grantor))
            continue;
        for (size_t j = 0; j < k->nrecipients; j++)
            if (k->recipients[j] == p->id)
                return 1;
    }
    return 0;
}

int ix_gusa_may_grant_consent(const ix_gusa_case_view *c, const ix_gusa_actor *a)
{
    if (ix_gusa_may_see_case(c, a) != 200)
        return 403;
    return ix_gusa_is_custody_holder(c, a) || ix_gusa_is_young_person(c, a) ? 200 : 403;
}

int ix_gusa_may_add_action(const ix_gusa_case_view *c, const ix_gusa_actor *a, long ladder_step)
{
    if (ix_gusa_may_see_case(c, a) != 200)
        return 403;
    if (c->closed)
        return 409;
    if (ladder_step >= 3 && !is_staff_role(a, IX_GUSA_STAFF_MYNDIGHED))
        return 403;
    return 200;
}

int ix_gusa_may_close(const ix_gusa_case_view *c, const ix_gusa_actor *a)
{
    const ix_gusa_participant *p = ix_gusa_find_participant(c, a);
    if (!p || ix_gusa_may_see_case(c, a) != 200)
        return 403;
    if (p->role != IX_GUSA_PART_KOORDINATOR && !is_staff_role(a, IX_GUSA_STAFF_MYNDIGHED))
        return 403;
    return c->closed ? 409 : 200;
}

int ix_gusa_may_open_case(const ix_gusa_actor *a, int holds_custody)
{
    if (!a)
        return 403;
    if (is_staff_role(a, IX_GUSA_STAFF_MEDARBEJDER))
        return 200;
    if (a->kind == IX_GUSA_ACTOR_PERSON && holds_custody)
        return 200;
    return 403;
}

int ix_gusa_may_read_stats(const ix_gusa_actor *a)
{
    return a && (is_staff_role(a, IX_GUSA_STAFF_LEDER) || is_staff_role(a, IX_GUSA_STAFF_REVISOR))
               ? 200
               : 403;
}

int ix_gusa_may_read_audit(const ix_gusa_actor *a)
{
    return a && is_staff_role(a, IX_GUSA_STAFF_REVISOR) ? 200 : 403;
}

int ix_gusa_may_invite(const ix_gusa_case_view *c, const ix_gusa_actor *a)
{
    const ix_gusa_participant *p = ix_gusa_find_participant(c, a);
    if (!p || ix_gusa_may_see_case(c, a) != 200)
        return 403;
    if (p->role != IX_GUSA_PART_KOORDINATOR && p->role != IX_GUSA_PART_MYNDIGHED &&
        !ix_gusa_is_custody_holder(c, a))
        return 403;
    return c->closed ? 409 : 200;
}
