/* Reading and writing numbers the way Danish users' files do.
 *
 * ix_parse_number accepts: optional sign, digits, one decimal mark (the one
 * given), optional exponent (e/E). It refuses with a reason: thousands
 * separators ("1.234,5", "1,234.5", "1 234"), the other decimal mark where it
 * would be misread, NaN/Inf spellings, overflow (1e400), and trailing text.
 * Leading/trailing spaces are ignored. decimal is '.' or ','. When decimal is
 * ',' a '.' decimal point is also accepted unless the text looks like a
 * thousands-grouped integer ("1.234", "12.345.678"), which is refused as
 * ambiguous. Nothing is allocated. */
#ifndef INDEKS_NUMBER_H
#define INDEKS_NUMBER_H

#include <stddef.h>

/* Returns 0 and sets *out on success; otherwise returns -1 and sets *why to a
 * static English explanation (never NULL). A value too small for a double
 * reads as 0 (or a subnormal); "-0" reads as 0. Hexadecimal is refused. */
int ix_parse_number(const char *text, char decimal, double *out, const char **why);

/* Formats v with the fewest significant digits (1 to 17) such that the
 * result reads back to exactly v, into buf (truncated to size, always
 * NUL-terminated). decimal is '.' or ','. Magnitudes in [1e-5, 1e15) are
 * written as plain digits ("0.00001", "100000000000000"); others as
 * d.ddde+XX (e.g. "1e+15", "1.5e-07"). Zero (either sign) is "0". Returns
 * the full length, as snprintf does. Non-finite values are written as "NA". */
size_t ix_format_exact(double v, char decimal, char *buf, size_t size);

/* Formats v with a fixed number of decimals (0 to 30), optional thousands
 * grouping ('.' grouping when decimal is ',', ',' grouping when decimal is
 * '.', none when group is 0). For tables people read. Rounds half away from
 * zero on v's shortest decimal form, as a person would on the digits shown in
 * the file (2.675 -> "2.68"); never writes "-0.00". Returns the full length,
 * as snprintf does; non-finite values are written as "NA". */
size_t ix_format_fixed(double v, int decimals, char decimal, int group, char *buf, size_t size);

#endif
