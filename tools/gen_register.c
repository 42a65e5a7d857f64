/* gen_register: a SYNTHETIC person-level population register, for testing
 * and benchmarking `indeks aggregate`. Not Danish statistics: every row says
 * so in its last column (datakilde = SYNTETISK).
 *
 *   gen_register [--persons N] [--seed S] [-o FILE[.gz]] [--gzip]
 *
 * Defaults: 5,900,000 persons, seed 2021, standard output. A name ending in
 * .gz (or --gzip) writes gzip (needs zlib in the build).
 *
 * What is realistic and what is not:
 * - municipalities: drawn in proportion to the real 1 January 2020
 *   populations of the embedded table (include/indeks/kommuner.h);
 * - ages: drawn from an approximate Danish age pyramid (persons per 5-year
 *   band, rounded thousands, shaped like FOLK1A 2020; the rounding is ours);
 * - employment, education, housing, psychiatric contact, living alone,
 *   parents' education and low income: plausible national rates by age,
 *   scaled per municipality by two factors drawn from the seed (a social
 *   burden factor and a social-housing factor), so municipalities differ.
 *   These rates are invented, not taken from any register.
 *
 * Columns: person_id, kommunekode, alder, koen (1 man, 2 woman),
 * beskaeftiget (0/1; empty under 16), beskaeftiget_t3 (the same three years
 * earlier; empty under 19 or when not resident then), hfaudd (highest
 * education 1 grundskole .. 7 ph.d.; empty under 15), indvandret_alder (age
 * at immigration; empty for the Danish-born), boligtype (1 owner, 2 social
 * family housing, 3 cheap private rental, 4 other private rental,
 * 5 co-operative, 6 lived-in summer house, 7 other), psykiatri_10aar (0/1),
 * enlig (0/1), forsoerger_kort_udd (0/1, children under 18; empty otherwise),
 * lavindkomst_3af4 (0/1), indkomst and disp_indkomst (kroner), familie_id,
 * postnr, socio13 (a socio-economic status code), then the columns of
 * criteria 9-13 and 16 of LBK 63/2021 and the populations the products
 * need: udviklingshaemmet_handicap (0/1), indvandrer_efterkommer (0/1; 1 for
 * every immigrant and some Danish-born descendants), grundniveau (0/1, in
 * work at basic skill level; empty when not employed), enlig_forsoerger,
 * enlig_forsoerger_t1, enlig_forsoerger_t2 (0/1: a child of a single
 * provider now, one and two years earlier; empty from age 18),
 * flyttet_3_gange (0/1, under 18), arbejdsstyrke (0/1, in the labour force,
 * 16-65), erhvervserfaring_aar (years of work experience, from 16), and
 * datakilde. familie_id, postnr, socio13, indkomst and disp_indkomst are
 * read by no rule: like a real extract, most columns are passed over. The
 * newer columns are drawn from a second stream (seed + 1), so the older
 * columns are the same as before they were added. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "indeks/demo.h"
#include "indeks/kommuner.h"

#ifdef IX_HAVE_AGG_ZLIB
#include <zlib.h>
#endif

/* Persons per 5-year band, thousands: 0-4, 5-9, ..., 100-104 (approximate). */
static const double age_bands[21] = {305, 310, 340, 335, 385, 405, 350, 330, 370, 405, 415,
                                     385, 345, 330, 330, 240, 150, 80,  35,  9,   1};

typedef struct {
    FILE *f;
    void *gz;
    char buf[1 << 16];
    size_t len;
    int failed;
} out_t;

static void flush_out(out_t *o)
{
    if (o->len == 0 || o->failed)
        return;
#ifdef IX_HAVE_AGG_ZLIB
    if (o->gz) {
        if (gzwrite(o->gz, o->buf, (unsigned)o->len) != (int)o->len)
            o->failed = 1;
        o->len = 0;
        return;
    }
#endif
    if (fwrite(o->buf, 1, o->len, o->f) != o->len)
        o->failed = 1;
    o->len = 0;
}

static void put(out_t *o, const char *s, size_t n)
{
    if (o->len + n > sizeof o->buf)
        flush_out(o);
    memcpy(o->buf + o->len, s, n);
    o->len += n;
}

/* Writes v (>= 0) then sep. */
static void put_int(out_t *o, long v, char sep)
{
    char tmp[24];
    size_t n = sizeof tmp;
    tmp[--n] = sep;
    do {
        tmp[--n] = (char)('0' + v % 10);
        v /= 10;
    } while (v > 0);
    put(o, tmp + n, sizeof tmp - n);
}

static void put_empty(out_t *o) { put(o, ",", 1); }

static int chance(ix_rng *r, double p) { return ix_rng_uniform(r) < p; }

/* Index drawn from cumulative weights cum[0..n) (cum[n-1] the total). */
static size_t draw(ix_rng *r, const double *cum, size_t n)
{
    double u = ix_rng_uniform(r) * cum[n - 1];
    size_t lo = 0, hi = n - 1;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (cum[mid] > u)
            hi = mid;
        else
            lo = mid + 1;
    }
    return lo;
}

static double clamp01(double p) { return p < 0 ? 0 : p > 1 ? 1 : p; }

static int usage(void)
{
    fputs("usage: gen_register [--persons N] [--seed S] [-o FILE[.gz]] [--gzip]\n"
          "A SYNTHETIC person register (see the comment in tools/gen_register.c).\n",
          stderr);
    return 2;
}

static int parse_ulong(const char *text, unsigned long long *out)
{
    char *end = NULL;
    errno = 0;
    unsigned long long v = strtoull(text, &end, 10);
    if (errno || end == text || *end || text[0] == '-')
        return -1;
    *out = v;
    return 0;
}

int main(int argc, char **argv)
{
    unsigned long long persons = 5900000, seed = 2021;
    const char *path = NULL;
    int gzip = 0;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--persons") == 0 && i + 1 < argc) {
            if (parse_ulong(argv[++i], &persons) || persons > 100000000ULL)
                return usage();
        } else if (strcmp(argv[i], "--seed") == 0 && i + 1 < argc) {
            if (parse_ulong(argv[++i], &seed))
                return usage();
        } else if (strcmp(argv[i], "-o") == 0 && i + 1 < argc) {
            path = argv[++i];
        } else if (strcmp(argv[i], "--gzip") == 0) {
            gzip = 1;
        } else {
            return usage();
        }
    }
    if (path && strlen(path) > 3 && strcmp(path + strlen(path) - 3, ".gz") == 0)
        gzip = 1;
    out_t *o = calloc(1, sizeof *o);
    if (!o)
        return 1;
    if (gzip) {
#ifdef IX_HAVE_AGG_ZLIB
        o->gz = path ? gzopen(path, "wb6") : gzdopen(1, "wb6");
        if (!o->gz) {
            fprintf(stderr, "gen_register: cannot write %s\n", path ? path : "<stdout>");
            free(o);
            return 1;
        }
#else
        fputs("gen_register: gzip output needs zlib, which this build lacks\n", stderr);
        free(o);
        return 2;
#endif
    } else {
        o->f = path ? fopen(path, "wb") : stdout;
        if (!o->f) {
            fprintf(stderr, "gen_register: cannot write %s: %s\n", path, strerror(errno));
            free(o);
            return 1;
        }
    }
    size_t nk = ix_kommune_count();
    double kcum[128] = {0}, acum[21], burden[128] = {0}, social[128] = {0};
    ix_rng r, r2;
    ix_rng_seed(&r, seed);
    ix_rng_seed(&r2, seed + 1);
    double sum = 0;
    for (size_t k = 0; k < nk && k < 128; k++) {
        sum += (double)ix_kommune_at(k)->population_2020;
        kcum[k] = sum;
        burden[k] = exp(0.25 * ix_rng_normal(&r));      /* about 0.6 .. 1.6 */
        social[k] = exp(0.6 * ix_rng_normal(&r));       /* about 0.3 .. 3 */
    }
    sum = 0;
    for (size_t b = 0; b < 21; b++)
        acum[b] = sum += age_bands[b];
    static const char header[] =
        "person_id,kommunekode,alder,koen,beskaeftiget,beskaeftiget_t3,hfaudd,indvandret_alder,"
        "boligtype,psykiatri_10aar,enlig,forsoerger_kort_udd,lavindkomst_3af4,indkomst,"
        "disp_indkomst,familie_id,postnr,socio13,udviklingshaemmet_handicap,"
        "indvandrer_efterkommer,grundniveau,enlig_forsoerger,enlig_forsoerger_t1,"
        "enlig_forsoerger_t2,flyttet_3_gange,arbejdsstyrke,erhvervserfaring_aar,datakilde\n";
    put(o, header, sizeof header - 1);
    for (unsigned long long i = 0; i < persons; i++) {
        size_t k = draw(&r, kcum, nk);
        double f = burden[k];
        int age = (int)(5 * draw(&r, acum, 21) + (size_t)(ix_rng_uniform(&r) * 5));
        put_int(o, (long)(i + 1), ',');
        put_int(o, ix_kommune_at(k)->code, ',');
        put_int(o, age, ',');
        put_int(o, 1 + (long)chance(&r, 0.503), ',');
        /* employment now and three years earlier */
        double pe = age < 20 ? 0.45 : age < 60 ? clamp01(0.80 - 0.15 * (f - 1)) : age < 65 ? 0.60
                  : age < 75 ? 0.12 : 0.01;
        int emp = age >= 16 && chance(&r, pe);
        if (age < 16)
            put_empty(o);
        else
            put_int(o, emp, ',');
        if (age < 19 || chance(&r, 0.04))
            put_empty(o);
        else
            put_int(o, chance(&r, 0.85) ? emp : chance(&r, pe), ',');
        /* education */
        if (age < 15) {
            put_empty(o);
        } else {
            double w[7] = {0.20 * f, 0.10, 0.32 / f, 0.05, 0.18 / f, 0.13 / f, 0.01};
            if (age < 25)
                w[3] = w[4] = w[5] = w[6] = 0.01, w[2] = 0.10;
            double c[7], s = 0;
            for (int j = 0; j < 7; j++)
                c[j] = s += w[j];
            put_int(o, 1 + (long)draw(&r, c, 7), ',');
        }
        int immigrant = chance(&r, 0.09);
        if (immigrant)
            put_int(o, (long)(ix_rng_uniform(&r) * (age < 60 ? age + 1 : 60)), ',');
        else
            put_empty(o);
        /* housing */
        {
            double w[7] = {0.52 / f, 0.20 * social[k], 0.06 * f, 0.12, 0.07, 0.005, 0.025};
            double c[7], s = 0;
            for (int j = 0; j < 7; j++)
                c[j] = s += w[j];
            put_int(o, 1 + (long)draw(&r, c, 7), ',');
        }
        put_int(o, age >= 10 && chance(&r, 0.045 * f), ',');
        put_int(o, age >= 18 && chance(&r, age >= 65 ? 0.40 * f : 0.25), ',');
        if (age < 18)
            put_int(o, chance(&r, clamp01(0.12 * f * f)), ',');
        else
            put_empty(o);
        put_int(o, chance(&r, clamp01(0.07 * f * f)), ',');
        long income = age < 16 ? 0 : (long)(300000.0 * exp(0.5 * ix_rng_normal(&r)) * (emp ? 1.2 : 0.6));
        put_int(o, income, ',');
        put_int(o, (long)((double)income * (0.55 + 0.1 * ix_rng_uniform(&r))), ',');
        put_int(o, 100000000L + (long)(i / 2) * 7 % 899999999L, ',');
        put_int(o, 1000 + (long)(ix_rng_uniform(&r) * 8999), ',');
        put_int(o, age < 15 ? 0 : emp ? 110 + 10 * (long)(ix_rng_uniform(&r) * 4) : 210 + (long)(ix_rng_uniform(&r) * 100), ',');
        /* criteria 9-13, 16 and the populations: the second stream */
        put_int(o, age <= 65 && chance(&r2, clamp01(0.012 * f)), ',');
        put_int(o, immigrant || chance(&r2, 0.03 * f), ',');
        if (emp)
            put_int(o, chance(&r2, clamp01(0.16 * f)), ',');
        else
            put_empty(o);
        if (age < 18) {
            int single = chance(&r2, clamp01(0.20 * f));
            put_int(o, single, ',');
            put_int(o, chance(&r2, 0.9) ? single : chance(&r2, 0.2), ',');
            put_int(o, chance(&r2, 0.85) ? single : chance(&r2, 0.2), ',');
            put_int(o, chance(&r2, clamp01(0.03 * f * f)), ',');
        } else {
            put_empty(o);
            put_empty(o);
            put_empty(o);
            put_empty(o);
        }
        if (age < 16 || age > 65)
            put_empty(o);
        else
            put_int(o, emp || chance(&r2, clamp01(0.25 * f)), ',');
        if (age < 16)
            put_empty(o);
        else {
            double years = (age - 16) * (emp ? 0.85 : 0.45) * exp(0.3 * ix_rng_normal(&r2));
            put_int(o, (long)(years < age - 16 ? years : age - 16), ',');
        }
        put(o, "SYNTETISK\n", 10);
    }
    flush_out(o);
    int failed = o->failed;
#ifdef IX_HAVE_AGG_ZLIB
    if (o->gz && gzclose(o->gz) != Z_OK)
        failed = 1;
#endif
    if (o->f && (fflush(o->f) != 0 || (path && fclose(o->f) != 0)))
        failed = 1;
    free(o);
    if (failed) {
        fprintf(stderr, "gen_register: writing failed\n");
        return 1;
    }
    return 0;
}
