/* The 98 Danish municipalities (kommuner): code, name, region and population
 * on 1 January 2020. Source: Danmarks Statistik (the geographic hierarchy of
 * municipalities and regions; population from table FOLK1A, 2020K1).
 * The table is compiled in and read-only; returned pointers are static. */
#ifndef INDEKS_KOMMUNER_H
#define INDEKS_KOMMUNER_H

#include <stddef.h>

typedef struct ix_kommune {
    int code;              /* 101 København ... 860 Hjørring */
    const char *name;      /* UTF-8, Danmarks Statistik's spelling */
    const char *region;    /* "Hovedstaden", "Sjælland", ... */
    int region_code;       /* 1081..1085 */
    long population_2020;  /* FOLK1A 2020K1 */
} ix_kommune;

#define IX_KOMMUNE_SOURCE "Danmarks Statistik: kommuner og regioner (geografisk hierarki), FOLK1A 2020K1"

size_t ix_kommune_count(void);
/* i < ix_kommune_count(); ordered by code. */
const ix_kommune *ix_kommune_at(size_t i);
/* NULL when code is not one of the 98 municipalities. */
const ix_kommune *ix_kommune_find(int code);

/* Reads a municipality code written as "101", "0101", " 101 " or "101.0"
 * (as Excel may write it). Returns 0 and sets *code on success; -1 with a
 * static reason otherwise. Does not check that the code exists. */
int ix_kommune_parse_code(const char *text, int *code, const char **why);

#endif
