/* GUSA's charts as SVG (gusa_charts.h). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "indeks/escape.h"
#include "indeks/gusa_charts.h"
#include "indeks/kommuner.h"

#define X0 60.0
#define Y0 20.0
#define SIDE 300.0

static void head(ix_sink *s, const char *title, const char *desc)
{
    ix_html_raw(s, "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 400 370\" "
                    "role=\"img\" class=\"chart\" font-family=\"sans-serif\" font-size=\"12\"><title>");
    ix_xml_text(s, title);
    ix_html_raw(s, "</title><desc>");
    ix_xml_text(s, desc);
    ix_html_raw(s, "</desc>");
}

static void axes(ix_sink *s, const char *x_label, const char *y_label)
{
    ix_html_printf(s, "<rect x=\"%g\" y=\"%g\" width=\"%g\" height=\"%g\" fill=\"#fff\" "
                      "stroke=\"#5b6670\"/>",
                   X0, Y0, SIDE, SIDE);
    ix_html_printf(s, "<text x=\"%g\" y=\"360\" text-anchor=\"middle\" fill=\"#1d2329\">", X0 + SIDE / 2);
    ix_xml_text(s, x_label);
    ix_html_printf(s, "</text><text x=\"14\" y=\"%g\" text-anchor=\"middle\" fill=\"#1d2329\" "
                      "transform=\"rotate(-90 14 %g)\">",
                   Y0 + SIDE / 2, Y0 + SIDE / 2);
    ix_xml_text(s, y_label);
    ix_html_raw(s, "</text>");
}

void ix_gusa_lorenz_svg(ix_sink *s, const ix_lorenz *l, const char *title)
{
    char desc[256];
    snprintf(desc, sizeof desc,
             "Lorenzkurve: de 20 %% af familierne med de største udgifter har %.0f %% af "
             "udgifterne; Gini %.2f. Den lige linje er lige fordeling.",
             100 * l->top20, l->gini);
    head(s, title, desc);
    axes(s, "Andel af familierne (færrest udgifter først)", "Andel af udgifterne");
    for (int k = 0; k <= 10; k += 5) {
        ix_html_printf(s, "<text x=\"%g\" y=\"336\" text-anchor=\"middle\" fill=\"#5b6670\">%d %%</text>",
                       X0 + SIDE * k / 10, k * 10);
        ix_html_printf(s, "<text x=\"54\" y=\"%g\" text-anchor=\"end\" fill=\"#5b6670\">%d %%</text>",
                       Y0 + SIDE - SIDE * k / 10 + 4, k * 10);
    }
    ix_html_printf(s, "<line x1=\"%g\" y1=\"%g\" x2=\"%g\" y2=\"%g\" stroke=\"#9aa5ae\" "
                      "stroke-dasharray=\"4 3\"/>",
                   X0, Y0 + SIDE, X0 + SIDE, Y0);
    ix_html_raw(s, "<polyline class=\"lorenz\" fill=\"none\" stroke=\"#2b5d8a\" stroke-width=\"2.5\" points=\"");
    for (int k = 0; k <= 10; k++)
        ix_sink_printf(s, "%s%.1f,%.1f", k ? " " : "", X0 + SIDE * k / 10,
                       Y0 + SIDE - SIDE * l->curve[k]);
    ix_html_raw(s, "\"/></svg>");
}

static int is_peer(const int *peers, size_t n, int code)
{
    for (size_t i = 0; i < n; i++)
        if (peers[i] == code)
            return 1;
    return 0;
}

/* A rounded range [lo, hi] around the values, never empty. */
static void range(const ix_gusa_scatter_point *p, size_t n, int use_x, double *lo, double *hi)
{
    *lo = INFINITY;
    *hi = -INFINITY;
    for (size_t i = 0; i < n; i++) {
        double v = use_x ? p[i].x : p[i].y;
        if (isnan(p[i].x) || isnan(p[i].y))
            continue;
        *lo = fmin(*lo, v);
        *hi = fmax(*hi, v);
    }
    if (!isfinite(*lo)) {
        *lo = 0;
        *hi = 1;
    }
    double pad = (*hi - *lo) * 0.05;
    if (pad == 0)
        pad = fabs(*lo) > 0 ? fabs(*lo) * 0.05 : 1;
    *lo -= pad;
    *hi += pad;
}

static void tick_labels(ix_sink *s, double xlo, double xhi, double ylo, double yhi)
{
    char a[32], b[32];
    snprintf(a, sizeof a, "%.3g", xlo);
    snprintf(b, sizeof b, "%.3g", xhi);
    ix_html_printf(s, "<text x=\"%g\" y=\"336\" fill=\"#5b6670\">%s</text>", X0, a);
    ix_html_printf(s, "<text x=\"%g\" y=\"336\" text-anchor=\"end\" fill=\"#5b6670\">%s</text>",
                   X0 + SIDE, b);
    snprintf(a, sizeof a, "%.3g", ylo);
    snprintf(b, sizeof b, "%.3g", yhi);
    ix_html_printf(s, "<text x=\"54\" y=\"%g\" text-anchor=\"end\" fill=\"#5b6670\">%s</text>",
                   Y0 + SIDE, a);
    ix_html_printf(s, "<text x=\"54\" y=\"%g\" text-anchor=\"end\" fill=\"#5b6670\">%s</text>",
                   Y0 + 10, b);
}

void ix_gusa_scatter_svg(ix_sink *s, const ix_gusa_scatter_point *p, size_t n, int kommune,
                         const char *x_label, const char *y_label, const char *title)
{
    int peers[10];
    size_t np = kommune ? ix_gusa_peers(p, n, kommune, peers) : 0;
    const ix_kommune *k = kommune ? ix_kommune_find(kommune) : NULL;
    char desc[256];
    snprintf(desc, sizeof desc,
             "Hver prik er en kommune. %s%s%s",
             k ? k->name : "", k ? " er den store prik; de ringede er de 10 kommuner med det "
                                   "nærmeste socioøkonomiske indeks." : "",
             "");
    head(s, title, desc);
    axes(s, x_label, y_label);
    double xlo, xhi, ylo, yhi;
    range(p, n, 1, &xlo, &xhi);
    range(p, n, 0, &ylo, &yhi);
    tick_labels(s, xlo, xhi, ylo, yhi);
    for (int pass = 0; pass < 3; pass++) /* others, then peers, then the municipality on top */
        for (size_t i = 0; i < n; i++) {
            if (isnan(p[i].x) || isnan(p[i].y))
                continue;
            int me = p[i].kommune == kommune, peer = is_peer(peers, np, p[i].kommune);
            if ((pass == 0 && (me || peer)) || (pass == 1 && !peer) || (pass == 2 && !me))
                continue;
            double cx = X0 + SIDE * (p[i].x - xlo) / (xhi - xlo);
            double cy = Y0 + SIDE - SIDE * (p[i].y - ylo) / (yhi - ylo);
            const ix_kommune *km = ix_kommune_find(p[i].kommune);
            ix_html_printf(s, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"%g\" data-kommune=\"%d\" ", cx, cy,
                           me ? 7.0 : peer ? 5.0 : 3.5, p[i].kommune);
            ix_html_raw(s, me ? "fill=\"#c0392b\" class=\"me\"><title>"
                              : peer ? "fill=\"#f4d03f\" stroke=\"#1d2329\" class=\"peer\"><title>"
                                     : "fill=\"#2b5d8a\" fill-opacity=\"0.6\"><title>");
            ix_xml_text(s, km ? km->name : "");
            ix_html_raw(s, "</title></circle>");
        }
    ix_html_raw(s, "</svg>");
}
