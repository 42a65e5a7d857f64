/* The web site's documents, rendered from stored editions (see store.h):
 * HTML pages with the map inline, JSON for the API, CSV for downloads.
 *
 * Writers only write: they take what the store returned and a sink, so the
 * server (server/) stays a thin layer of routing and HTTP. Every text from
 * the database is escaped for the place it goes (indeks/escape.h). Pages refer to
 * /static/app.css and /static/app.js and hold no inline script or style,
 * so a strict Content-Security-Policy applies. Pages are in Danish. */
#ifndef INDEKS_SITE_H
#define INDEKS_SITE_H

#include "indeks/diag.h"
#include "indeks/kommuner.h"
#include "indeks/sink.h"
#include "indeks/store.h"

/* The map and ranked list of an edition. all lists the editions (for the
 * switcher; may be NULL); column names the column the map shows (NULL: the
 * value column; must be the value column or a numeric extra column, see
 * ix_site_column_ok). */
ix_status ix_site_edition_page(const ix_edition_list *all, const ix_edition *e, const char *column,
                               ix_sink *s, ix_diag *d);
/* 1 when column can be shown on the map of e. */
int ix_site_column_ok(const ix_edition *e, const char *column);

/* A municipality's profile: each kind's latest edition (latest[i] may be
 * NULL), and its history across editions as a line chart. */
ix_status ix_site_kommune_page(const ix_kommune *k, const ix_history *h,
                               const ix_edition *const *latest, size_t nlatest, ix_sink *s,
                               ix_diag *d);
/* Two municipalities side by side in the latest editions. */
ix_status ix_site_compare_page(const ix_kommune *a, const ix_kommune *b,
                               const ix_edition *const *latest, size_t nlatest, ix_sink *s,
                               ix_diag *d);
/* A page for an error (404, 400, ...); title and message are plain text. */
void ix_site_error_page(int status, const char *title, const char *message, ix_sink *s);
/* A page that says the database holds no edition yet. */
void ix_site_empty_page(ix_sink *s);

/* ---- JSON (the API, /api/v1/) ----------------------------------------------- */
ix_status ix_site_json_editions(const ix_edition_list *l, ix_sink *s, ix_diag *d);
ix_status ix_site_json_edition(const ix_edition *e, ix_sink *s, ix_diag *d);
ix_status ix_site_json_kommune(const ix_kommune *k, const ix_history *h, ix_sink *s, ix_diag *d);

/* ---- CSV downloads ------------------------------------------------------------ */
/* edition_id,edition,kind,year,value,rank,of */
void ix_site_csv_history(const ix_history *h, ix_sink *s);
/* kind,edition,column,<a>,<b> */
void ix_site_csv_compare(const ix_kommune *a, const ix_kommune *b, const ix_edition *const *latest,
                         size_t nlatest, ix_sink *s);

#endif
