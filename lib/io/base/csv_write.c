/* CSV fields (see include/indeks/csv_write.h). */
#include "indeks/csv_write.h"

#include <math.h>
#include <string.h>

#include "indeks/number.h"

void ix_csv_write_field(ix_sink *s, const char *text, char separator)
{
    int quote = text[strcspn(text, "\"\r\n")] != '\0' || strchr(text, separator) != NULL;
    if (!quote) {
        ix_sink_puts(s, text);
        return;
    }
    ix_sink_put(s, "\"", 1);
    for (const char *p = text; *p; p++) {
        if (*p == '"')
            ix_sink_put(s, "\"", 1);
        ix_sink_put(s, p, 1);
    }
    ix_sink_put(s, "\"", 1);
}

void ix_csv_write_number(ix_sink *s, double v, char decimal)
{
    char num[64];
    if (isnan(v))
        return;
    ix_format_exact(v, decimal, num, sizeof num);
    ix_sink_puts(s, num);
}
