/* The official published socio-economic index 1996-2024, embedded (see
 * series_official.h). */
#include <string.h>

#include "indeks/csv.h"
#include "indeks/series_official.h"

const char *ix__embedded(const char *name, size_t *len);

static const char official_name[] = "data/real/socioindeks_noegletal_1996_2024.csv";

const char *ix_series_official_source(int danish)
{
    return danish ? "Kilde: De Kommunale Nøgletal (noegletal.dk), Indenrigs- og "
                    "Sundhedsministeriet, eksport af 30. marts 2024. Tallene er de offentliggjorte "
                    "(1,00 = landsgennemsnittet); år t er indekset for tilskudsåret t."
                  : "Source: De Kommunale Nøgletal (noegletal.dk), the Interior Ministry, export "
                    "of 30 March 2024. The values are the published ones (1.00 = the national "
                    "average); year t is the index used for grant year t.";
}

const char *ix_series_official_text(size_t *len)
{
    return ix__embedded(official_name, len);
}

ix_status ix_series_official_table(ix_table **out, ix_diag *d)
{
    size_t len = 0;
    const char *text = ix__embedded(official_name, &len);
    if (!text)
        return ix_diag_set(d, IX_ERR_IO, NULL, 0, 0, NULL, "%s is not embedded in this build",
                           official_name);
    /* The file's leading '#' lines name its source; the CSV starts after them. */
    const char *body = text;
    while (body < text + len && *body == '#') {
        const char *nl = memchr(body, '\n', len - (size_t)(body - text));
        body = nl ? nl + 1 : text + len;
    }
    return ix_csv_parse(body, len - (size_t)(body - text), "socioindeks_noegletal_1996_2024.csv",
                        out, d);
}
