/* Treat (COINr's Treat with its defaults: f1 = winsorise, f2 = log_CT,
 * f_pass = check_SkewKurt).
 *
 * An indicator passes when |skewness| < skew_thresh OR kurtosis <
 * kurt_thresh (e1071 type 2, see stats.c). A failing indicator is
 * winsorised one extreme at a time: if the skewness is >= 0 every value
 * equal to the maximum is set to the largest remaining value, else every
 * value equal to the minimum to the smallest remaining one. The count of
 * winsorised points is COINr's nwin: the size of the last high group plus
 * the size of the last low group, which is cumulative because points
 * already winsorised sit at the new extreme and are moved again with it.
 * Winsorising stops when the indicator passes or nwin >= winmax. If it
 * still fails, the winsorised values are dropped and log_CT is applied to
 * the original values instead (COINr's combine_treat = FALSE):
 * log(x − min + 0.01·(max − min)).
 *
 * When winsorising leaves the indicator constant (skewness undefined: 19
 * zeros and one 7), COINr's winsorise fails inside and Treat catches it and
 * keeps the untreated indicator; so do we, and report it. With fewer than 4
 * values (kurtosis undefined) the same happens in COINr (the indicator is
 * returned untreated with a warning); we leave it untreated and report it. */
#include "composite/internal.h"

#include <math.h>
#include <string.h>

static int passes(const double *x, size_t n, double st, double kt, double *sk, double *ku)
{
    *sk = ix_comp_skew(x, n);
    *ku = ix_comp_kurt(x, n);
    if (isnan(*sk) || isnan(*ku))
        return 1; /* constant column: nothing to treat */
    return fabs(*sk) < st || *ku < kt;
}

/* Moves every value equal to the extreme to the next value inward; returns
 * how many moved (0 when all values are equal). */
static int winsorise_once(double *x, size_t n, int high)
{
    double ext = NAN, next = NAN;
    for (size_t i = 0; i < n; i++)
        if (!isnan(x[i]) && (isnan(ext) || (high ? x[i] > ext : x[i] < ext)))
            ext = x[i];
    for (size_t i = 0; i < n; i++)
        if (!isnan(x[i]) && x[i] != ext && (isnan(next) || (high ? x[i] > next : x[i] < next)))
            next = x[i];
    if (isnan(next))
        return 0;
    int moved = 0;
    for (size_t i = 0; i < n; i++)
        if (x[i] == ext) {
            x[i] = next;
            moved++;
        }
    return moved;
}

static void log_ct(double *x, size_t n)
{
    double mn = INFINITY, mx = -INFINITY;
    for (size_t i = 0; i < n; i++)
        if (!isnan(x[i])) {
            mn = x[i] < mn ? x[i] : mn;
            mx = x[i] > mx ? x[i] : mx;
        }
    for (size_t i = 0; i < n; i++)
        if (!isnan(x[i]))
            x[i] = log(x[i] - mn + 0.01 * (mx - mn));
}

void ix__comp_treat_column(double *x, size_t n, int winmax, double skew_thresh,
                           double kurt_thresh, double *scratch, ix_comp_treatment *out)
{
    memset(out, 0, sizeof *out);
    size_t have = 0;
    for (size_t i = 0; i < n; i++)
        have += !isnan(x[i]);
    if (have < 4) {
        out->kind = IX_TREAT_SKIPPED;
        out->skew = out->kurt = NAN;
        return;
    }
    if (passes(x, n, skew_thresh, kurt_thresh, &out->skew, &out->kurt))
        return;
    double *w = scratch;
    memcpy(w, x, n * sizeof *w);
    int nhi = 0, nlo = 0, pass = 0;
    while (!pass && nhi + nlo < winmax) {
        int high = ix_comp_skew(w, n) >= 0;
        int moved = winsorise_once(w, n, high);
        if (!moved)
            break;
        if (high)
            nhi = moved;
        else
            nlo = moved;
        out->high = high;
        pass = passes(w, n, skew_thresh, kurt_thresh, &out->skew, &out->kurt);
        if (isnan(out->skew) || isnan(out->kurt)) {
            /* constant now: COINr's check_SkewKurt gives NA and winsorise
             * stops with an error, caught by Treat: keep x untreated */
            out->kind = IX_TREAT_UNTREATED;
            out->nwin = nhi + nlo;
            out->skew = ix_comp_skew(x, n);
            out->kurt = ix_comp_kurt(x, n);
            return;
        }
    }
    out->nwin = nhi + nlo;
    if (pass) {
        memcpy(x, w, n * sizeof *w);
        out->kind = IX_TREAT_WINSOR;
        return;
    }
    log_ct(x, n);
    out->kind = IX_TREAT_LOG;
    passes(x, n, skew_thresh, kurt_thresh, &out->skew, &out->kurt);
}

ix_status ix__comp_treat(ix_comp_plan *p, const ix_comp_step *s, ix_diag *d)
{
    (void)d;
    for (size_t i = 0; i < p->ni; i++)
        ix__comp_treat_column(ix__col(p, i), p->nu, s->winmax, s->skew_thresh, s->kurt_thresh,
                              p->scratch, &p->treat[i]);
    return IX_OK;
}
