/* The 14 GUSA indicators per municipality and year (issue 16), computed
 * from the facts of the cases active in the year (gusa_indicators.h). A
 * value is NA (NaN) when the municipality has fewer than
 * IX_GUSA_MIN_CASES cases in the year, or when fewer than that many cases
 * (families, for G13 and G14) make up the indicator's denominator: a share
 * of three cases would point at families. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "indeks/gusa_indicators.h"

static const ix_gusa_indicator_def defs[IX_GUSA_NINDICATORS] = {
    {"G01", "Dage fra bekymring til indsats", "TRAPPE", "dage", -1,
     "Median over sagerne af dagene fra den første observerede bekymring til den første "
     "indsats' start.",
     "Sæt hurtigere ind: aftal den første indsats på det første møde."},
    {"G02", "Lukkede sager, der blev på trin 0-2", "TRAPPE", "andel", 1,
     "Andelen af sagerne lukket i året, hvis indsatser aldrig kom over trin 2 på "
     "indsatstrappen.",
     "Brug de mindst indgribende indsatser først, og følg dem tæt, før der trappes op."},
    {"G03", "Skridt ned ad trappen", "TRAPPE", "andel", 1,
     "Skift til et lavere trin som andel af alle skift af trin mellem sagernes indsatser.",
     "Vurdér ved hver opfølgning, om familien kan klare sig med en mindre indgribende indsats."},
    {"G04", "Mål fulgt op til tiden", "TRAPPE", "andel", 1,
     "Andelen af målene med en passeret opfølgningsdato, der blev fulgt op senest 14 dage "
     "efter datoen.",
     "Følg op på målene til den aftalte tid, og sæt datoen i mødekalenderen."},
    {"G05", "Centre pr. sag", "TVAERS", "antal", 1,
     "Gennemsnitligt antal forskellige centre blandt sagernes fagpersoner.",
     "Invitér de centre, der kender familien, fx jobcentret og § 85-støtten, ind om bordet."},
    {"G06", "Sager med netværk", "TVAERS", "andel", 1,
     "Andelen af sagerne med mindst én deltager fra familiens netværk.",
     "Invitér netværket tidligere."},
    {"G07", "Invitationer taget imod inden 7 dage", "TVAERS", "andel", 1,
     "Andelen af invitationerne, der blev taget imod senest 7 dage efter de blev sendt.",
     "Ring til den inviterede, når invitationen sendes, så den ikke ligger."},
    {"G08", "Sager åbnet af familien", "ETIK", "andel", 1,
     "Andelen af sagerne, som en forælder med forældremyndighed eller den unge selv åbnede.",
     "Fortæl familierne, at de selv kan åbne en dialog med MitID."},
    {"G09", "Møder med forældre til stede", "ETIK", "andel", 1,
     "Andelen af møderne, hvor mindst én med forældremyndighed deltog.",
     "Hold møderne, når og hvor forældrene kan komme."},
    {"G10", "Familien følte sig hørt", "ETIK", "score 1-5", 1,
     "Gennemsnit af svarene på \"Blev I hørt?\" (1-5) efter møderne.",
     "Giv familien ordet først på møderne, og skriv deres ord i referatet."},
    {"G11", "Enighed om aftalerne", "ETIK", "score 1-5", 1,
     "Gennemsnit af svarene på \"Er I enige i aftalerne?\" (1-5) efter møderne.",
     "Læs aftalerne op til sidst på mødet, og ret dem til, til familien er enig."},
    {"G12", "Egne ressourcer brugt", "ETIK", "score 1-5", 1,
     "Gennemsnit af svarene på \"Blev jeres egne ressourcer brugt?\" (1-5) efter møderne.",
     "Start med familiens og netværkets ressourcer, før bekymringerne."},
    {"G13", "Udgiftsandel for de 20 % dyreste familier", NULL, "andel", -1,
     "Andelen af årets sagers udgifter (indsatsernes kr.), der går til de 20 % af familierne "
     "med de største udgifter.",
     "Se på de dyreste forløb: kunne en tidligere, mindre indsats have hjulpet?"},
    {"G14", "Gini for udgift pr. familie", NULL, "gini", -1,
     "Gini-koefficienten (0 lige, 1 alt hos én) for indsatsernes udgift pr. familie.",
     "Se på de dyreste forløb: kunne en tidligere, mindre indsats have hjulpet?"},
};

size_t ix_gusa_indicator_count(void)
{
    return IX_GUSA_NINDICATORS;
}

const ix_gusa_indicator_def *ix_gusa_indicator_at(size_t i)
{
    return i < IX_GUSA_NINDICATORS ? &defs[i] : NULL;
}

const char *ix_gusa_domain_name(const char *code)
{
    if (!code)
        return NULL;
    if (strcmp(code, "TRAPPE") == 0)
        return "Indsatstrappen";
    if (strcmp(code, "TVAERS") == 0)
        return "På tværs af centre";
    if (strcmp(code, "ETIK") == 0)
        return "Etisk regnskab";
    return NULL;
}

void ix_gusa_facts_free(ix_gusa_facts *f)
{
    if (!f)
        return;
    free(f->cases);
    free(f);
}

static long year_day(int year, const char *month_day)
{
    char iso[16];
    long days = 0;
    snprintf(iso, sizeof iso, "%04d-%s", year < 0 ? 0 : year % 10000, month_day);
    return ix_gusa_date_days(iso, &days) == 0 ? days : 0;
}

int ix_gusa_case_active(const ix_gusa_fact_case *c, int year)
{
    return c->opened <= year_day(year, "12-31") &&
           (c->closed < 0 || c->closed >= year_day(year, "01-01"));
}

struct ix_gusa_indicators {
    size_t n;
    int *codes;
    long *cases;
    double (*values)[IX_GUSA_NINDICATORS];
};

/* Sums over one municipality's active cases. */
typedef struct {
    long cases, closed_in_year, closed_low, with_changes, changes, downs, with_goals, goals_due,
        goals_on_time, centres, network, with_inv, inv, inv7, by_family, with_meetings, meetings,
        meetings_custody, with_feedback;
    long feedback[3][5];
    double *lag;
    size_t nlag;
} tally;

static double share(long num, long den, long units)
{
    return units < IX_GUSA_MIN_CASES || den <= 0 ? NAN : (double)num / (double)den;
}

static int by_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double median(double *v, size_t n)
{
    if (n < IX_GUSA_MIN_CASES)
        return NAN;
    qsort(v, n, sizeof *v, by_double);
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

static double mean_score(const long counts[5], long units)
{
    long n = 0, sum = 0;
    for (int s = 0; s < 5; s++) {
        n += counts[s];
        sum += counts[s] * (s + 1);
    }
    return units < IX_GUSA_MIN_CASES || n == 0 ? NAN : (double)sum / (double)n;
}

static int popcount(unsigned x)
{
    int n = 0;
    for (; x; x &= x - 1)
        n++;
    return n;
}

static void add_case(tally *t, const ix_gusa_fact_case *c, long jan1, long dec31)
{
    t->cases++;
    if (c->closed >= jan1 && c->closed <= dec31) {
        t->closed_in_year++;
        t->closed_low += c->max_step <= 2;
    }
    if (c->first_concern >= 0 && c->first_action >= 0) {
        long lag = c->first_action - c->first_concern;
        t->lag[t->nlag++] = lag > 0 ? (double)lag : 0;
    }
    t->with_changes += c->step_changes > 0;
    t->changes += c->step_changes;
    t->downs += c->steps_down;
    t->with_goals += c->goals_due > 0;
    t->goals_due += c->goals_due;
    t->goals_on_time += c->goals_on_time;
    t->centres += popcount(c->centres);
    t->network += c->network != 0;
    t->with_inv += c->invitations > 0;
    t->inv += c->invitations;
    t->inv7 += c->invitations_7d;
    t->by_family += c->opened_by_family != 0;
    t->with_meetings += c->meetings > 0;
    t->meetings += c->meetings;
    t->meetings_custody += c->meetings_custody;
    long fb = 0;
    for (int q = 0; q < 3; q++)
        for (int s = 0; s < 5; s++) {
            t->feedback[q][s] += c->feedback[q][s];
            fb += c->feedback[q][s];
        }
    t->with_feedback += fb > 0;
}

static int by_family(const void *a, const void *b)
{
    long long x = ((const double *)a)[0], y = ((const double *)b)[0];
    return (x > y) - (x < y);
}

/* G13 and G14 from the families of the municipality's active cases. */
static ix_status concentration(const ix_gusa_facts *f, int year, int kommune, double *top20,
                               double *gini, ix_diag *d)
{
    *top20 = *gini = NAN;
    double(*fam)[2] = malloc((f->n ? f->n : 1) * sizeof *fam);
    if (!fam)
        return ix_diag_set(d, IX_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    size_t n = 0;
    for (size_t i = 0; i < f->n; i++) {
        const ix_gusa_fact_case *c = &f->cases[i];
        if (c->kommune == kommune && ix_gusa_case_active(c, year)) {
            fam[n][0] = (double)c->family;
            fam[n++][1] = c->cost;
        }
    }
    qsort(fam, n, sizeof *fam, by_family);
    double *cost = malloc((n ? n : 1) * sizeof *cost);
    if (!cost) {
        free(fam);
        return ix_diag_set(d, IX_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    }
    size_t nf = 0;
    for (size_t i = 0; i < n; i++) {
        if (i == 0 || fam[i][0] != fam[i - 1][0])
            cost[nf++] = 0;
        cost[nf - 1] += fam[i][1];
    }
    ix_lorenz l;
    ix_diag ignore;
    ix_diag_clear(&ignore);
    if (nf >= IX_GUSA_MIN_CASES && ix_lorenz_compute(cost, nf, &l, &ignore) == IX_OK) {
        *top20 = l.top20;
        *gini = l.gini;
    }
    free(cost);
    free(fam);
    return IX_OK;
}

static ix_status compute_one(const ix_gusa_facts *f, int year, int kommune, long *ncases,
                             double *v, ix_diag *d)
{
    long jan1 = year_day(year, "01-01"), dec31 = year_day(year, "12-31");
    tally t;
    memset(&t, 0, sizeof t);
    t.lag = malloc((f->n ? f->n : 1) * sizeof *t.lag);
    if (!t.lag)
        return ix_diag_set(d, IX_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    for (size_t i = 0; i < f->n; i++)
        if (f->cases[i].kommune == kommune && ix_gusa_case_active(&f->cases[i], year))
            add_case(&t, &f->cases[i], jan1, dec31);
    *ncases = t.cases;
    for (size_t i = 0; i < IX_GUSA_NINDICATORS; i++)
        v[i] = NAN;
    ix_status st = IX_OK;
    if (t.cases >= IX_GUSA_MIN_CASES) {
        v[0] = median(t.lag, t.nlag);
        v[1] = share(t.closed_low, t.closed_in_year, t.closed_in_year);
        v[2] = share(t.downs, t.changes, t.with_changes);
        v[3] = share(t.goals_on_time, t.goals_due, t.with_goals);
        v[4] = share(t.centres, t.cases, t.cases);
        v[5] = share(t.network, t.cases, t.cases);
        v[6] = share(t.inv7, t.inv, t.with_inv);
        v[7] = share(t.by_family, t.cases, t.cases);
        v[8] = share(t.meetings_custody, t.meetings, t.with_meetings);
        for (int q = 0; q < 3; q++)
            v[9 + q] = mean_score(t.feedback[q], t.with_feedback);
        st = concentration(f, year, kommune, &v[12], &v[13], d);
    }
    free(t.lag);
    return st;
}

static int by_int(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

ix_status ix_gusa_indicators_compute(const ix_gusa_facts *f, int year, ix_gusa_indicators **out,
                                     ix_diag *d)
{
    *out = NULL;
    if (year < 1900 || year > 9999)
        return ix_diag_set(d, IX_ERR_INPUT, NULL, 0, 0, "year", "must be 1900 to 9999, not %d",
                           year);
    ix_gusa_indicators *r = calloc(1, sizeof *r);
    int *codes = malloc((f->n ? f->n : 1) * sizeof *codes);
    if (!r || !codes) {
        free(r);
        free(codes);
        return ix_diag_set(d, IX_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    }
    size_t n = 0;
    for (size_t i = 0; i < f->n; i++)
        if (ix_gusa_case_active(&f->cases[i], year))
            codes[n++] = f->cases[i].kommune;
    qsort(codes, n, sizeof *codes, by_int);
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (i == 0 || codes[i] != codes[i - 1])
            codes[k++] = codes[i];
    r->codes = codes;
    r->n = k;
    r->cases = calloc(k ? k : 1, sizeof *r->cases);
    r->values = calloc(k ? k : 1, sizeof *r->values);
    ix_status st = r->cases && r->values
                       ? IX_OK
                       : ix_diag_set(d, IX_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    for (size_t i = 0; !st && i < k; i++)
        st = compute_one(f, year, codes[i], &r->cases[i], r->values[i], d);
    if (st) {
        ix_gusa_indicators_free(r);
        return st;
    }
    *out = r;
    return IX_OK;
}

void ix_gusa_indicators_free(ix_gusa_indicators *r)
{
    if (!r)
        return;
    free(r->codes);
    free(r->cases);
    free(r->values);
    free(r);
}

size_t ix_gusa_indicators_kommuner(const ix_gusa_indicators *r, const int **codes)
{
    *codes = r->codes;
    return r->n;
}

static long find(const ix_gusa_indicators *r, int kommune)
{
    const int *hit = bsearch(&kommune, r->codes, r->n, sizeof *r->codes, by_int);
    return hit ? (long)(hit - r->codes) : -1;
}

double ix_gusa_indicator_value(const ix_gusa_indicators *r, int kommune, size_t i)
{
    long k = find(r, kommune);
    return k < 0 || i >= IX_GUSA_NINDICATORS ? NAN : r->values[k][i];
}

long ix_gusa_indicator_cases(const ix_gusa_indicators *r, int kommune)
{
    long k = find(r, kommune);
    return k < 0 ? 0 : r->cases[k];
}

void ix_gusa_feedback_counts(const ix_gusa_facts *f, int year, int kommune, long counts[3][5])
{
    memset(counts, 0, 3 * sizeof counts[0]);
    for (size_t i = 0; i < f->n; i++) {
        const ix_gusa_fact_case *c = &f->cases[i];
        if ((kommune && c->kommune != kommune) || !ix_gusa_case_active(c, year))
            continue;
        for (int q = 0; q < 3; q++)
            for (int s = 0; s < 5; s++)
                counts[q][s] += c->feedback[q][s];
    }
}
