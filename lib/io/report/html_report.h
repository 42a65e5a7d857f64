/* Pieces shared by the HTML report writers (lib/io/html_report*.c): the
 * page frame with its CSS and script, and number formatting. Markup goes
 * through ix_html_printf (indeks/escape.h), whose %s escapes. Not public:
 * see include/indeks/report.h. */
#ifndef INDEKS_IO_HTML_REPORT_H
#define INDEKS_IO_HTML_REPORT_H

#include "indeks/escape.h"
#include "indeks/report.h"
#include "indeks/sink.h"

/* The text in the report's language. */
#define IX__L(o, da, en) ((o)->danish ? (da) : (en))

/* A number for people: fixed decimals, the language's decimal mark and
 * thousands grouping; NaN as a dash. */
void ix__html_num(ix_sink *s, double v, int decimals, const ix_report_options *o);
/* A table cell for a number: <td data-v="exact">formatted</td>, data-v
 * empty for NaN (the sort script puts it last). */
void ix__html_num_td(ix_sink *s, double v, int decimals, const ix_report_options *o);
/* The same with an extra class on the cell (NULL: none). */
void ix__html_num_td_class(ix_sink *s, double v, int decimals, const ix_report_options *o,
                           const char *cls);

/* The last part of a path (after the last '/' or '\\'): what the report
 * names a file by, so that no local directory gets into it. */
const char *ix__html_basename(const char *path);

/* <!DOCTYPE html> up to the opening of <main>: head with the CSS, the title
 * and subtitle, the date and the navigation. */
void ix__html_begin(ix_sink *s, const ix_report_options *o, const char *title, const char *subtitle);
/* The same with the report's own navigation: pairs of anchor and label,
 * ended by NULL (NULL: the index reports' list, map, profiles ...). */
void ix__html_begin_nav(ix_sink *s, const ix_report_options *o, const char *title,
                        const char *subtitle, const char *const *nav);
/* The notes section from "\n"-separated lines (plus o->map_note); nothing
 * when there are none. */
void ix__html_notes(ix_sink *s, const ix_report_options *o, const char *lines);
/* <section id="map"> with the inline SVG, or a line saying why there is none. */
void ix__html_map(ix_sink *s, const ix_report_options *o, const char *why_none);
/* Closes <main>, writes the footer and the sort script. */
void ix__html_end(ix_sink *s, const ix_report_options *o);

#endif
