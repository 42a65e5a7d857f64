/* The ethical account (etisk regnskab) of GUSA as a yearly HTML report
 * (issue 16, lib/io/report/html_report_gusa.c): the ETIK indicators with
 * their trend, what families said (counts of feedback scores, never text),
 * the 80/20 picture (Lorenz curve, top shares, Gini), the ladder and the
 * work across centres, and the municipality beside the ten with the
 * nearest socio-economic index. Danish, printable, self-contained like the
 * other reports (report.h). Ownership: every argument is borrowed. */
#ifndef INDEKS_REPORT_GUSA_H
#define INDEKS_REPORT_GUSA_H

#include "indeks/gusa_indicators.h"
#include "indeks/report.h"

typedef struct ix_report_gusa_spec {
    int year;      /* the account's year */
    int kommune;   /* 0: the whole country */
    int synthetic; /* the database is `indeks gusa demo`'s: SYNTETISKE DATA */
} ix_report_gusa_spec;

/* IX_ERR_INPUT when no case is active in the year (in the municipality). */
ix_status ix_report_gusa_html(const ix_gusa_facts *f, const ix_report_gusa_spec *spec,
                              const ix_report_options *o, ix_sink *s, ix_diag *d);

#endif
