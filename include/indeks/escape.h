/* Escaping text for the place it goes, in one place: CSV fields, HTML text
 * and attribute values, XML (SVG) and JSON strings; and the HTML writer
 * ix_html_printf whose %s escapes, so that markup built from data is safe
 * without remembering to escape each value.
 *
 * Every function writes to a sink (to escape into memory, pass
 * ix_buf_sink(&buf); the caller owns the buffer) and allocates nothing the
 * caller must free. Text is bytes: UTF-8 (æøå, –, ·) passes through
 * unchanged and is never validated here. A NULL text is written as "". */
#ifndef INDEKS_ESCAPE_H
#define INDEKS_ESCAPE_H

#include "indeks/sink.h"

/* ---- CSV ------------------------------------------------------------------------ */

/* 1 when text must be quoted as a CSV field with separator sep: it holds
 * sep, a double quote, CR or LF. Otherwise the field is written as is. */
int ix_csv_needs_quotes(const char *text, char sep);
/* Writes text as one CSV field: plain when it needs no quotes, else inside
 * double quotes with each " doubled (RFC 4180). sep is ',' or ';' (Danish
 * locale, where ',' is the decimal mark and needs no quotes). */
void ix_csv_field(ix_sink *s, const char *text, char sep);

/* ---- HTML and XML --------------------------------------------------------------- */

/* Writes text for HTML content and double- or single-quoted attribute
 * values: & < > " ' become &amp; &lt; &gt; &quot; &#39; (&#39;, not &apos;,
 * which HTML 4 lacks). The control characters U+0000-U+001F other than TAB
 * and LF become a space (CR included: it is not text people wrote on
 * purpose, and XML 1.0 forbids the rest); DEL and everything from 0x80 up
 * pass through. */
void ix_html_text(ix_sink *s, const char *text);
/* Writes text for XML 1.0 (the SVG maps): exactly ix_html_text's rule, so a
 * map inlined in a page and a map in a file carry the same bytes. */
void ix_xml_text(ix_sink *s, const char *text);
/* Writes html unchanged: markup the program built itself (an inline SVG, a
 * literal with a '%' in it). The one explicit way to bypass escaping. */
void ix_html_raw(ix_sink *s, const char *html);

/* The HTML writer: writes fmt with its conversions filled in, like printf,
 * where fmt is trusted markup (a literal) and every %s and %c argument is
 * escaped with ix_html_text. Numbers (%d %ld %zu %03d %g %.2f ...) are
 * formatted by the C library exactly as printf would: they hold no
 * character HTML treats specially. Raw markup goes in with ix_html_raw,
 * never through %s. %n, and wide %lc/%ls, write nothing and fail the sink.
 *
 * The directives are printf's own, not new ones such as %H/%R, so that gcc
 * and clang check every argument against fmt (-Wformat, an error here). */
void ix_html_printf(ix_sink *s, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

/* ---- JSON ----------------------------------------------------------------------- */

/* Writes text as a JSON string, with its double quotes: " and \ escaped as
 * \" and \\, the control characters U+0000-U+001F as \b \f \n \r \t or
 * \u00XX; everything else (including '/' and UTF-8) as is. */
void ix_json_string(ix_sink *s, const char *text);

#endif
