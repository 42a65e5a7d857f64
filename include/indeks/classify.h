/* Dividing values into classes for a choropleth map.
 *
 * Specs (text, as users write them on the command line):
 *   quantile:K      K classes with (as near as ties allow) equal counts
 *   equal:K         K classes of equal width from the minimum to the maximum
 *   jenks:K         Fisher-Jenks natural breaks: the K intervals of the sorted
 *                   values with the least total within-class sum of squares
 *                   (exact, by dynamic programming; ties never split)
 *   breaks:a,b,...  the given inner breaks, increasing: len+1 classes
 *   diverging:C[:K] K classes (default 7) symmetric around the centre C, of a
 *                   round width covering the values furthest from C
 * Classes are intervals closed on the right: a value v is in the first class
 * whose upper bound is >= v (the last class takes everything above).
 * K is 2 to IX_CLASS_MAX. NaN values are missing and belong to no class.
 * Nothing here allocates beyond a call; no state is kept. */
#ifndef INDEKS_CLASSIFY_H
#define INDEKS_CLASSIFY_H

#include <stddef.h>

#include "indeks/diag.h"

#define IX_CLASS_MAX 11

typedef enum {
    IX_CLASS_QUANTILE = 0,
    IX_CLASS_EQUAL,
    IX_CLASS_JENKS,
    IX_CLASS_BREAKS,
    IX_CLASS_DIVERGING
} ix_class_method;

typedef struct ix_class_spec {
    ix_class_method method;
    int k;                            /* number of classes */
    double center;                    /* diverging only */
    double breaks[IX_CLASS_MAX - 1];  /* breaks only: inner breaks, k-1 of them */
} ix_class_spec;

typedef struct ix_classes {
    int k;
    double bound[IX_CLASS_MAX + 1]; /* class i is (bound[i], bound[i+1]]; bound[0] is the
                                       lowest value (or the lower edge for diverging) */
    size_t count[IX_CLASS_MAX];     /* values in each class */
    size_t missing;                 /* NaN values */
    int diverging;                  /* classes are symmetric around center */
    int open_ends;                  /* breaks: the first class is "<= a", the last "> z" */
    double center;
} ix_classes;

/* Parses a spec; errors (IX_ERR_USAGE, field "classes") say what is
 * accepted. */
ix_status ix_class_spec_parse(const char *text, ix_class_spec *out, ix_diag *d);

/* Computes the classes of n values. Errors (IX_ERR_INPUT): no values, more
 * classes than distinct values (quantile, equal, jenks), quantiles that
 * coincide because of ties, all values equal to the diverging centre. */
ix_status ix_classify(const ix_class_spec *spec, const double *values, size_t n, ix_classes *out,
                      ix_diag *d);

/* The class of v (0..k-1), or -1 for NaN. */
int ix_class_of(const ix_classes *c, double v);

/* Fisher-Jenks on n sorted values (ties allowed), k >= 1 classes and at
 * least k distinct values: writes the k upper bounds (each a data value,
 * the last the maximum) and returns the minimal total within-class sum of
 * squared deviations, or -1 when out of memory or the input does not fit. */
double ix_jenks(const double *sorted, size_t n, int k, double *upper);

#endif
