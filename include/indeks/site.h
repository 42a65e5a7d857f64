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

#include "indeks/composite.h"
#include "indeks/diag.h"
#include "indeks/kommuner.h"
#include "indeks/sink.h"
#include "indeks/store.h"

/* How the site draws its maps (the serve options; borrowed). */
typedef struct ix_site_options {
    const char *geometry; /* NULL: the default map (ix_map_geometry_load(NULL)); "tiles";
                           * or a GeoJSON/TopoJSON file, never named in a page */
    const char *palette;  /* NULL: by the edition's direction (see ix_site_palette) */
} ix_site_options;

/* The palette an edition's map uses: o's when given; else, by the edition's
 * "direction": higher_better RdYlGn (red bad, green good), lower_better
 * RdYlGn_r, neutral (the socio-economic index: a heavier burden is neither
 * good nor bad) a sequential palette without good/bad colours. */
const char *ix_site_palette(const ix_edition *e, const ix_site_options *o);

/* The home page: each index's newest edition (featured[i] may be NULL) with
 * its map and a link to its list: the socio-economic index and Socialt
 * Indeks side by side. */
ix_status ix_site_home_page(const ix_edition_list *all, const ix_edition *const *featured,
                            size_t nfeatured, const ix_site_options *o, ix_sink *s, ix_diag *d);

/* The map and ranked list of an edition. all lists the editions (for the
 * switcher; may be NULL); column names the column the map shows (NULL: the
 * value column; must be the value column or a numeric extra column, see
 * ix_site_column_ok); year is the year shown (0: the edition's,
 * ix_edition_display_year; another must be one the edition holds, see
 * ix_site_year_ok). */
ix_status ix_site_edition_page(const ix_edition_list *all, const ix_edition *e, const char *column,
                               int year, const ix_site_options *o, ix_sink *s, ix_diag *d);
/* 1 when the edition has values for year. */
int ix_site_year_ok(const ix_edition *e, int year);
/* 1 when column can be shown on the map of e. */
int ix_site_column_ok(const ix_edition *e, const char *column);

/* A municipality's profile: each kind's latest edition (latest[i] may be
 * NULL), and its history across editions as a line chart. */
ix_status ix_site_kommune_page(const ix_kommune *k, const ix_history *h,
                               const ix_edition *const *latest, size_t nlatest,
                               const ix_site_options *o, ix_sink *s, ix_diag *d);
/* Two municipalities side by side in the latest editions: values, ranks
 * as integers, the difference, and each edition's notes. */
ix_status ix_site_compare_page(const ix_kommune *a, const ix_kommune *b,
                               const ix_edition *const *latest, size_t nlatest,
                               const ix_site_options *o, ix_sink *s, ix_diag *d);
/* Two editions compared (edition_diff.h, ix_edition_diff): rank changes and
 * indicator changes with their proposals, linked to /forslag/<id> when
 * proposals_linked (the server runs with GUSA). */
ix_status ix_site_diff_page(const ix_edition *a, const ix_edition *b, const ix_ediff *e,
                            int proposals_linked, ix_sink *s, ix_diag *d);
/* A page for an error (404, 400, ...); title and message are plain text. */
void ix_site_error_page(int status, const char *title, const char *message, ix_sink *s);
/* A page that says the database holds no edition yet. */
void ix_site_empty_page(ix_sink *s);

/* ---- JSON (the API, /api/v1/) ----------------------------------------------- */
ix_status ix_site_json_editions(const ix_edition_list *l, ix_sink *s, ix_diag *d);
/* The edition's rows of its display year (a series' other years are in
 * "years" and the municipality histories), with its "notes". */
ix_status ix_site_json_edition(const ix_edition *e, ix_sink *s, ix_diag *d);
ix_status ix_site_json_kommune(const ix_kommune *k, const ix_history *h, ix_sink *s, ix_diag *d);

/* ---- CSV downloads ------------------------------------------------------------ */
/* The edition as ix_edition_write_csv_download writes it, but of a series
 * only the rows of its display year (the `notes` column kept as it came). */
void ix_site_csv_edition(const ix_edition *e, ix_sink *s);
/* edition_id,edition,kind,year,value,rank,of */
void ix_site_csv_history(const ix_history *h, ix_sink *s);
/* kind,edition,column,<a>,<b> */
void ix_site_csv_compare(const ix_kommune *a, const ix_kommune *b, const ix_edition *const *latest,
                         size_t nlatest, ix_sink *s);

/* ---- composite indices from stored texts ---------------------------------------- */
/* Builds and runs the composite index of IMETA and IDATA (CSV texts) with the
 * recipe (JSON text; NULL or "": COINr's minimal pipeline). The caller frees
 * *m and *p. */
ix_status ix_site_comp_run(const char *imeta, const char *idata, const char *recipe,
                           ix_comp_model **m, ix_comp_plan **p, ix_diag *d);

#endif
