/* CSV fields (see include/indeks/csv_write.h). */
#include "indeks/csv_write.h"

#include <math.h>
#include <string.h>

#include "indeks/escape.h"
#include "indeks/number.h"

void ix_csv_write_field(ix_sink *s, const char *text, char separator)
{
    ix_csv_field(s, text, separator); /* the rule lives in escape.c */
}

void ix_csv_write_number(ix_sink *s, double v, char decimal)
{
    char num[64];
    if (isnan(v))
        return;
    ix_format_exact(v, decimal, num, sizeof num);
    ix_sink_puts(s, num);
}
