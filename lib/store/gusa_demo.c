/* GUSA's demo data: synthetic families (SYNTETISKE DATA), none of them real,
 * spread over the 98 municipalities: at least DEMO_FLOOR in each (so every
 * municipality shows all the indicators of issue 16, not only the large
 * ones), the rest in proportion to their population (kommuner.h, FOLK1A
 * 2020K1). Each family has a case opened within the last three years,
 * participants from several centres (some invited, accepting within days or
 * weeks), now and then someone from the family's network, resources,
 * concerns, a goal followed up on time or late, a path up the intervention
 * ladder (and sometimes a step back down) with legal bases and costs,
 * meetings that the parents mostly attend, and feedback. A fixed seed gives the
 * same rows (splitmix64). Written straight into the tables in one
 * transaction, with one audit row for the whole run. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gusa_internal.h"
#include "indeks/kommuner.h"

typedef struct {
    unsigned long long s;
} rng;

static unsigned long long next(rng *r)
{
    unsigned long long z = (r->s += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

/* 0 .. n-1 */
static long pick(rng *r, long n)
{
    return n <= 1 ? 0 : (long)(next(r) % (unsigned long long)n);
}

static const char demo_iss[] = "https://demo.mitid.invalid/SYNTETISKE-DATA";
static const char staff_iss[] = "https://demo.medarbejder.invalid/SYNTETISKE-DATA";

/* Ladder steps with a legal basis each and a yearly cost range (kr.). */
static const struct {
    const char *basis, *text;
    long cost_min, cost_max;
} steps[7] = {
    {"Ingen", "Familiens og netværkets egne ressourcer", 0, 0},
    {"BL § 32", "Ekstra støtte i dagtilbud eller skole", 2000, 15000},
    {"SEL § 85", "Socialpædagogisk bistand til en forælder", 20000, 90000},
    {"BL § 30", "Familiebehandling i hjemmet", 60000, 180000},
    {"BL § 43", "Netværksanbringelse", 150000, 300000},
    {"BL § 43", "Anbringelse i plejefamilie", 300000, 550000},
    {"BL § 47", "Anbringelse på døgninstitution", 700000, 1300000},
};

static const char *const info[] = {"helbred", "sociale_forhold", "skole", "beskaeftigelse",
                                   "misbrug", "oekonomi"};
static const char *const owners[] = {"child", "family", "network"};
static const char *const outcomes[] = {"maal_naaet", "delvist_naaet", "ikke_naaet", "fraflyttet"};

#define DEMO_FLOOR 30 /* families per municipality before the rest go by population */

static void day(long days, char buf[11])
{
    ix_gusa_date_format(days, buf);
}

#define Q(sql, ...)                                                                   \
    do {                                                                              \
        ix__val v_[] = {__VA_ARGS__};                                                 \
        if (!st)                                                                      \
            st = ix__gusa_query(s, sql, v_, sizeof v_ / sizeof v_[0], NULL, d);       \
    } while (0)
#define INS(id, sql, ...)                                                             \
    do {                                                                              \
        ix__val v_[] = {__VA_ARGS__};                                                 \
        if (!st)                                                                      \
            st = ix__gusa_insert(s, sql, v_, sizeof v_ / sizeof v_[0], &(id), d);     \
    } while (0)

static const char sql_person[] =
    "INSERT INTO person (iss, sub, name, email, kommune, created_at) VALUES ($1, $2, $3, NULL, $4, "
    "$5) RETURNING id";
static const char sql_child[] =
    "INSERT INTO child (name, born, kommune, person_id) VALUES ($1, $2, $3, $4) RETURNING id";
static const char sql_custody[] = "INSERT INTO custody (child_id, person_id) VALUES ($1, $2)";
static const char sql_staff[] =
    "INSERT INTO staff (iss, sub, name, email, role, centre, created_at) VALUES ($1, $2, $3, NULL, "
    "$4, $5, $6) RETURNING id";
static const char sql_case[] =
    "INSERT INTO gusa_case (kommune, child_id, opener_kind, opener_id, title, reason, status, "
    "outcome, opened_at, closed_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id";
static const char sql_part[] =
    "INSERT INTO participant (case_id, kind, ref, role, centre, added_at) VALUES ($1, $2, $3, $4, "
    "$5, $6) RETURNING id";
static const char sql_resource[] =
    "INSERT INTO resource (case_id, author, created_at, owner, text) VALUES ($1, $2, $3, $4, $5)";
static const char sql_concern[] =
    "INSERT INTO concern (case_id, author, created_at, observed_on, info_type, text) VALUES ($1, "
    "$2, $3, $4, $5, $6)";
static const char sql_goal[] =
    "INSERT INTO goal (case_id, author, created_at, text, indicator, follow_up_on) VALUES ($1, $2, "
    "$3, $4, $5, $6) RETURNING id";
static const char sql_followup[] =
    "INSERT INTO followup (case_id, goal_id, author, created_at, status, note) VALUES ($1, $2, $3, "
    "$4, $5, $6)";
static const char sql_action[] =
    "INSERT INTO action (case_id, author, created_at, text, ladder_step, legal_basis, start_on, "
    "end_on, cost_dkk) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)";
static const char sql_meeting[] =
    "INSERT INTO meeting (case_id, author, created_at, held_on, attendees, minutes) VALUES ($1, "
    "$2, $3, $4, $5, $6) RETURNING id";
static const char sql_invitation[] =
    "INSERT INTO invitation (case_id, token_sha256, staff_id, person_id, email, role, centre, "
    "created_by, created_at, expires_at, status, accepted_at) VALUES ($1, $2, $3, $4, NULL, $5, "
    "$6, $7, $8, $9, 'accepted', $10)";
static const char sql_feedback[] =
    "INSERT INTO feedback (case_id, meeting_id, participant, created_at, heard, agreed, "
    "resources) VALUES ($1, $2, $3, $4, $5, $6, $7)";

/* One medarbejder per centre, one myndighed and one leder per municipality
 * (ids in staff_ids[k * 7 + j]), and one revisor. */
static ix_status make_staff(ix_gusa_store *s, const char *at, long long *ids, ix_diag *d)
{
    ix_status st = IX_OK;
    for (size_t k = 0; !st && k < ix_kommune_count(); k++) {
        int code = ix_kommune_at(k)->code;
        for (int j = 0; j < 7 && !st; j++) {
            ix_gusa_centre c = j < 5 ? (ix_gusa_centre)(j + 1) : j == 5 ? IX_GUSA_CENTRE_FAMILIE_FOREBYGGELSE
                                                                        : IX_GUSA_CENTRE_SOCIAL;
            const char *role = j < 5 ? "medarbejder" : j == 5 ? "myndighed" : "leder";
            char sub[48], name[96];
            snprintf(sub, sizeof sub, "demo-staff-%d-%d", code, j);
            snprintf(name, sizeof name, "SYNTETISK %s %s %d", role, ix_gusa_centre_name(c), code);
            INS(ids[k * 7 + (size_t)j], sql_staff, IX__TEXT(staff_iss), IX__TEXT(sub),
                IX__TEXT(name), IX__TEXT(role), IX__TEXT(ix_gusa_centre_name(c)), IX__TEXT(at));
        }
    }
    long long rev = 0;
    INS(rev, sql_staff, IX__TEXT(staff_iss), IX__TEXT("demo-revisor"),
        IX__TEXT("SYNTETISK revisor"), IX__TEXT("revisor"), IX__TEXT("social"), IX__TEXT(at));
    return st;
}

/* An accepted invitation for a participant who joined after the case was
 * opened: sent on the opening day, accepted 0 to 20 days later. The token's
 * hash is a name no real token hashes to, so the link cannot be used. */
static ix_status invited(ix_gusa_store *s, rng *r, long long kase, long long coord, long opened,
                         long long staff_id, long long person_id, const char *role,
                         const char *centre, ix_diag *d)
{
    ix_status st = IX_OK;
    char token[80], sent[21], expires[11], accepted[21], day_s[11];
    snprintf(token, sizeof token, "SYNTETISK-%lld-%lld-%lld", kase, staff_id, person_id);
    day(opened, day_s);
    snprintf(sent, sizeof sent, "%sT09:30:00Z", day_s);
    day(opened + 14, expires);
    day(opened + pick(r, 21), day_s);
    snprintf(accepted, sizeof accepted, "%sT12:00:00Z", day_s);
    Q(sql_invitation, IX__INT(kase), IX__TEXT(token), staff_id ? IX__INT(staff_id) : IX__NULLV,
      person_id ? IX__INT(person_id) : IX__NULLV, IX__TEXT(role),
      centre ? IX__TEXT(centre) : IX__NULLV, IX__INT(coord), IX__TEXT(sent), IX__TEXT(expires),
      IX__TEXT(accepted));
    return st;
}

static ix_status family(ix_gusa_store *s, rng *r, long n, size_t k, const long long *staff,
                        const char *at, long today, ix_diag *d)
{
    ix_status st = IX_OK;
    int code = ix_kommune_at(k)->code;
    const long long *ks = staff + k * 7;
    char sub[48], name[96], born[11], dbuf[11];
    /* parents: two in 70 % of families */
    int nparents = pick(r, 10) < 7 ? 2 : 1;
    long long parent[2] = {0, 0};
    for (int p = 0; p < nparents; p++) {
        snprintf(sub, sizeof sub, "demo-%ld-%c", n, 'a' + p);
        snprintf(name, sizeof name, "SYNTETISK Forælder %ld%c", n, 'A' + p);
        INS(parent[p], sql_person, IX__TEXT(demo_iss), IX__TEXT(sub), IX__TEXT(name),
            IX__INT(code), IX__TEXT(at));
    }
    /* the child, 0 to 17 years old; 15 or more: a person of its own */
    long born_days = today - 90 - pick(r, 365L * 17);
    day(born_days, born);
    int age = ix_gusa_age_on(born, at);
    long long child_person = 0, child = 0;
    snprintf(name, sizeof name, "SYNTETISK Barn %ld", n);
    if (age >= 15) {
        snprintf(sub, sizeof sub, "demo-%ld-ung", n);
        INS(child_person, sql_person, IX__TEXT(demo_iss), IX__TEXT(sub), IX__TEXT(name),
            IX__INT(code), IX__TEXT(at));
    }
    INS(child, sql_child, IX__TEXT(name), IX__TEXT(born), IX__INT(code),
        child_person ? IX__INT(child_person) : IX__NULLV);
    for (int p = 0; p < nparents; p++)
        Q(sql_custody, IX__INT(child), IX__INT(parent[p]));
    /* the path: a start step, escalating with falling odds */
    int start = (int)pick(r, 3), top = start;
    while (top < 6 && pick(r, 100) < 30 - 3 * top)
        top++;
    int by_staff = pick(r, 10) < 7;
    int centre = (int)pick(r, 5); /* the opening medarbejder's centre */
    long span = today - born_days - 60 < 365L * 3 ? today - born_days - 60 : 365L * 3;
    long opened = today - 30 - pick(r, span > 1 ? span : 1);
    int closed = opened < today - 365 && pick(r, 10) < 7;
    long closed_on = closed ? opened + 180 + pick(r, today - opened - 180 > 0 ? today - opened - 180 : 1)
                            : 0;
    char opened_at[21], closed_at[21];
    day(opened, dbuf);
    snprintf(opened_at, sizeof opened_at, "%sT09:00:00Z", dbuf);
    day(closed_on, dbuf);
    snprintf(closed_at, sizeof closed_at, "%sT15:00:00Z", dbuf);
    long long kase = 0;
    INS(kase, sql_case, IX__INT(code), IX__INT(child), IX__TEXT(by_staff ? "staff" : "person"),
        IX__INT(by_staff ? ks[centre] : parent[0]),
        IX__TEXT("SYNTETISKE DATA: dialog om trivsel"),
        IX__TEXT("SYNTETISKE DATA: familien og fagpersoner samles om barnets trivsel"),
        IX__TEXT(closed ? "closed" : "open"),
        closed ? IX__TEXT(outcomes[pick(r, 4)]) : IX__NULLV, IX__TEXT(opened_at),
        closed ? IX__TEXT(closed_at) : IX__NULLV);
    /* participants: parents, the young person, the coordinator, a job-centre
     * or § 85 worker now and then, myndighed from step 3 */
    long long part[9];
    size_t np = 0;
    long long coord = 0, myn = 0;
    for (int p = 0; p < nparents; p++)
        INS(part[np++], sql_part, IX__INT(kase), IX__TEXT("person"), IX__INT(parent[p]),
            IX__TEXT("foraelder"), IX__NULLV, IX__TEXT(opened_at));
    if (child_person)
        INS(part[np++], sql_part, IX__INT(kase), IX__TEXT("person"), IX__INT(child_person),
            IX__TEXT("ung"), IX__NULLV, IX__TEXT(opened_at));
    INS(coord, sql_part, IX__INT(kase), IX__TEXT("staff"), IX__INT(ks[centre]),
        IX__TEXT("koordinator"), IX__TEXT(ix_gusa_centre_name((ix_gusa_centre)(centre + 1))),
        IX__TEXT(opened_at));
    part[np++] = coord;
    if (pick(r, 10) < 4 && centre != 2) {
        INS(part[np++], sql_part, IX__INT(kase), IX__TEXT("staff"), IX__INT(ks[2]),
            IX__TEXT("fagperson"), IX__TEXT("arbejdsmarked"), IX__TEXT(opened_at));
        if (!st)
            st = invited(s, r, kase, coord, opened, ks[2], 0, "fagperson", "arbejdsmarked", d);
    }
    if (pick(r, 10) < 3 && centre != 3) {
        INS(part[np++], sql_part, IX__INT(kase), IX__TEXT("staff"), IX__INT(ks[3]),
            IX__TEXT("fagperson"), IX__TEXT("social"), IX__TEXT(opened_at));
        if (!st)
            st = invited(s, r, kase, coord, opened, ks[3], 0, "fagperson", "social", d);
    }
    if (pick(r, 100) < 35) { /* someone from the family's network: a grandparent, a neighbour */
        long long friend = 0;
        snprintf(sub, sizeof sub, "demo-%ld-net", n);
        snprintf(name, sizeof name, "SYNTETISK Netværk %ld", n);
        INS(friend, sql_person, IX__TEXT(demo_iss), IX__TEXT(sub), IX__TEXT(name),
            IX__INT(code), IX__TEXT(at));
        INS(part[np++], sql_part, IX__INT(kase), IX__TEXT("person"), IX__INT(friend),
            IX__TEXT("netvaerk"), IX__NULLV, IX__TEXT(opened_at));
        if (!st)
            st = invited(s, r, kase, coord, opened, 0, friend, "netvaerk", NULL, d);
    }
    if (top >= 3) {
        INS(myn, sql_part, IX__INT(kase), IX__TEXT("staff"), IX__INT(ks[5]), IX__TEXT("myndighed"),
            IX__TEXT("familie-forebyggelse"), IX__TEXT(opened_at));
        part[np++] = myn;
    }
    /* resources first, then concerns */
    for (long i = 0, nr = 1 + pick(r, 2); i < nr; i++)
        Q(sql_resource, IX__INT(kase), IX__INT(part[0]), IX__TEXT(opened_at),
          IX__TEXT(owners[pick(r, 3)]), IX__TEXT("SYNTETISKE DATA: en ressource hos familien"));
    for (long i = 0, nc = 1 + pick(r, 3); i < nc; i++) {
        day(opened - pick(r, 60), dbuf);
        Q(sql_concern, IX__INT(kase), IX__INT(coord), IX__TEXT(opened_at), IX__TEXT(dbuf),
          IX__TEXT(info[pick(r, 6)]), IX__TEXT("SYNTETISKE DATA: en bekymring"));
    }
    long long goal = 0;
    day(opened + 90, dbuf);
    INS(goal, sql_goal, IX__INT(kase), IX__INT(coord), IX__TEXT(opened_at),
        IX__TEXT("SYNTETISKE DATA: barnet kommer i skole hver dag"),
        IX__TEXT("fremmøde i procent"), IX__TEXT(dbuf));
    long followed = opened + 90 - 10 + pick(r, 51); /* 10 days early to 40 days late */
    if (followed < today) {
        static const char *const fs[] = {"naaet", "delvist", "ikke_naaet"};
        char when[21];
        day(followed, dbuf);
        snprintf(when, sizeof when, "%sT10:00:00Z", dbuf);
        Q(sql_followup, IX__INT(kase), IX__INT(goal), IX__INT(coord), IX__TEXT(when),
          IX__TEXT(fs[pick(r, 3)]), IX__TEXT("SYNTETISKE DATA: opfølgning"));
    }
    long t = opened;
    for (int step = start; step <= top && !st; step++) {
        long len = 60 + pick(r, 300);
        char from[11], to[11];
        day(t, from);
        day(t + len, to);
        long cost = steps[step].cost_min + pick(r, steps[step].cost_max - steps[step].cost_min + 1);
        cost = cost * len / 365;
        Q(sql_action, IX__INT(kase), IX__INT(step >= 3 ? myn : coord), IX__TEXT(opened_at),
          IX__TEXT(steps[step].text), IX__INT(step), IX__TEXT(steps[step].basis), IX__TEXT(from),
          IX__TEXT(to), IX__INT(cost));
        t += len;
    }
    if (top > start && top >= 2 && pick(r, 10) < 6 && !st) { /* back down a step or two */
        int down = top - 1 - (int)pick(r, 2);
        char from[11], to[11];
        day(t, from);
        day(t + 120, to);
        Q(sql_action, IX__INT(kase), IX__INT(down >= 3 ? myn : coord), IX__TEXT(opened_at),
          IX__TEXT(steps[down].text), IX__INT(down), IX__TEXT(steps[down].basis), IX__TEXT(from),
          IX__TEXT(to), IX__INT(steps[down].cost_min * 120 / 365));
    }
    for (long m = 0, nm = 1 + pick(r, 3); m < nm && !st; m++) {
        /* the parents come to 85 % of the meetings, everyone else always */
        char attendees[9 * 21 + 1] = "";
        int came[9];
        size_t k2 = 0;
        for (size_t i = 0; i < np; i++) {
            came[i] = i >= (size_t)nparents || pick(r, 100) < 85;
            if (came[i])
                k2 += (size_t)snprintf(attendees + k2, sizeof attendees - k2, "%s%lld",
                                       k2 ? "," : "", part[i]);
        }
        if (!k2)
            continue;
        long long meeting = 0;
        day(opened + 14 + m * 60, dbuf);
        INS(meeting, sql_meeting, IX__INT(kase), IX__INT(coord), IX__TEXT(opened_at),
            IX__TEXT(dbuf), IX__TEXT(attendees), IX__TEXT("SYNTETISKE DATA: referat"));
        for (size_t i = 0; i < np; i++)
            if (came[i] && pick(r, 10) < 8)
                Q(sql_feedback, IX__INT(kase), IX__INT(meeting), IX__INT(part[i]),
                  IX__TEXT(opened_at), IX__INT(3 + pick(r, 3)), IX__INT(2 + pick(r, 4)),
                  IX__INT(1 + pick(r, 5)));
    }
    return st;
}

ix_status ix_gusa_demo(ix_gusa_store *s, long families, unsigned long seed, ix_diag *d)
{
    if (families < 1 || families > 1000000)
        return ix_diag_set(d, IX_ERR_INPUT, NULL, 0, 0, "families", "must be 1 to 1,000,000");
    size_t nk = ix_kommune_count();
    long long *staff = calloc(nk * 7, sizeof *staff);
    double *cum = calloc(nk, sizeof *cum);
    if (!staff || !cum) {
        free(staff);
        free(cum);
        return ix_diag_set(d, IX_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    }
    double total = 0;
    for (size_t k = 0; k < nk; k++)
        cum[k] = total += (double)ix_kommune_at(k)->population_2020;
    char at[21], today_s[11];
    ix__gusa_now(s, at);
    ix__gusa_today(s, today_s);
    long today = 0;
    ix_gusa_date_days(today_s, &today);
    rng r = {seed};
    /* at most 3/5 of the families go to the floor (a small demo is spread thin) */
    long floor = families * 3 / 5 / (long)nk < DEMO_FLOOR ? families * 3 / 5 / (long)nk : DEMO_FLOOR;
    long long have = 0;
    ix_status st = ix__gusa_begin(s, d);
    if (!st)
        st = ix__gusa_scalar(s, "SELECT count(*) FROM staff WHERE sub = 'demo-revisor'", NULL, 0,
                             &have, d);
    if (!st && have)
        st = ix_diag_set(d, IX_ERR_INPUT, NULL, 0, 0, "families",
                         "this database already holds the demo: use a new one");
    if (!st)
        st = make_staff(s, at, staff, d);
    for (long n = 1; !st && n <= families; n++) {
        double u = (double)(next(&r) >> 11) / 9007199254740992.0 * total;
        size_t lo = 0, hi = nk - 1;
        if (n <= (long)(floor * nk)) { /* the floor first: one each, round after round */
            st = family(s, &r, n, (size_t)(n - 1) % nk, staff, at, today, d);
            continue;
        }
        while (lo < hi) { /* the first municipality whose cumulative population exceeds u */
            size_t mid = (lo + hi) / 2;
            if (cum[mid] > u)
                hi = mid;
            else
                lo = mid + 1;
        }
        st = family(s, &r, n, lo, staff, at, today, d);
    }
    char purpose[96];
    snprintf(purpose, sizeof purpose, "SYNTETISKE DATA: demo, %ld families, seed %lu", families,
             seed);
    if (!st)
        st = ix__gusa_audit(s, NULL, "write", "demo", 0, "", purpose, "ok", d);
    if (!st)
        st = ix__gusa_commit(s, d);
    if (st)
        ix__gusa_rollback(s);
    free(staff);
    free(cum);
    return st;
}
