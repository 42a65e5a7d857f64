/* Internal: the compiled-in municipality table (lib/core/base/kommuner_data.c). */
#ifndef IX_KOMMUNER_DATA_H
#define IX_KOMMUNER_DATA_H

#include "indeks/kommuner.h"

#define IX__KOMMUNE_COUNT 98
extern const ix_kommune ix__kommuner[IX__KOMMUNE_COUNT];

#endif
