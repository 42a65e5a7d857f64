/* libFuzzer target: the GeoJSON reader (and the GeoJSON/TopoJSON switch),
 * then projection and simplification of whatever it accepted. */
#include <stddef.h>
#include <stdint.h>

#include "indeks/geo.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    ix_geo *g = NULL;
    ix_diag d;
    if (ix_geo_parse((const char *)data, size, "fuzz.geojson", NULL, &g, &d) == IX_OK) {
        ix_geo_project_utm32(g);
        ix_geo_simplify(g, 10.0, &d);
        double box[4];
        ix_geo_bbox(g, 400, box);
    }
    ix_geo_free(g);
    return 0;
}
