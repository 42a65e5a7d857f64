/* The frame of the HTML reports (see include/indeks/report.h): one file
 * that opens anywhere without a network. The CSS and the script are inline
 * and small; the script only re-orders the rows of tables marked sortable,
 * using each cell's data-v (an exact number) or its text, so the page is
 * complete without it. Markup is written with ix_html_printf (escape.h),
 * whose %s escapes: everything from data is escaped by default. */
#include "html_report.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "indeks/escape.h"
#include "indeks/map.h"
#include "indeks/number.h"

void ix_report_options_init(ix_report_options *o)
{
    memset(o, 0, sizeof *o);
    o->danish = 1;
}

void ix__html_num(ix_sink *s, double v, int decimals, const ix_report_options *o)
{
    char buf[64];
    if (isnan(v)) {
        ix_html_printf(s, "–"); /* en dash */
        return;
    }
    ix_format_fixed(v, decimals, o->danish ? ',' : '.', 1, buf, sizeof buf);
    ix_html_printf(s, "%s", buf);
}

void ix__html_num_td(ix_sink *s, double v, int decimals, const ix_report_options *o)
{
    ix__html_num_td_class(s, v, decimals, o, NULL);
}

void ix__html_num_td_class(ix_sink *s, double v, int decimals, const ix_report_options *o,
                           const char *cls)
{
    char buf[64] = "";
    if (!isnan(v))
        ix_format_exact(v, '.', buf, sizeof buf);
    ix_html_printf(s, "<td class=\"n%s%s\" data-v=\"%s\">", cls ? " " : "", cls ? cls : "", buf);
    ix__html_num(s, v, decimals, o);
    ix_html_printf(s, "</td>");
}

static const char css[] =
    ":root{--ink:#1d2329;--muted:#5b6670;--line:#d5dade;--bg:#f6f7f8;--accent:#2b5d8a}\n"
    "*{box-sizing:border-box}\n"
    "body{margin:0;font:15px/1.45 \"DejaVu Sans\",\"Segoe UI\",Arial,sans-serif;color:var(--ink);"
    "background:#fff}\n"
    "header{background:var(--accent);color:#fff;padding:18px 28px 12px}\n"
    "figure.chart{max-width:440px;margin:12px 0}figure.chart svg{width:100%;height:auto}\n"
    "header h1{margin:0 0 4px;font-size:24px;font-weight:600}\n"
    "header p{margin:0;opacity:.9}\n"
    "nav{padding:6px 28px;background:var(--bg);border-bottom:1px solid var(--line)}\n"
    "nav a{margin-right:18px;color:var(--accent);text-decoration:none}\n"
    "main{padding:8px 28px 28px}\n"
    "h2{font-size:19px;margin:22px 0 8px;border-bottom:1px solid var(--line);padding-bottom:3px}\n"
    "h3{font-size:16px;margin:14px 0 6px}\n"
    ".notes{background:#fff6e0;border:1px solid #e8c77a;padding:8px 14px;margin:14px 0}\n"
    ".notes h2{border:0;margin:4px 0;font-size:16px}\n"
    ".notes ul{margin:4px 0;padding-left:20px}\n"
    ".top{display:grid;grid-template-columns:minmax(0,1fr) minmax(0,1fr);gap:24px;"
    "align-items:start}\n"
    "@media (max-width:900px){.top{grid-template-columns:minmax(0,1fr)}}\n"
    "#map svg{width:100%;height:auto;display:block}\n"
    ".scroll{max-height:1180px;overflow:auto;border:1px solid var(--line)}\n"
    "table{border-collapse:collapse;font-size:13.5px;width:100%}\n"
    "th,td{padding:3px 7px;border-bottom:1px solid var(--line);text-align:left;"
    "vertical-align:top}\n"
    "thead th{position:sticky;top:0;background:var(--bg);z-index:1}\n"
    "th button{font:inherit;font-weight:600;border:0;background:none;padding:0;cursor:pointer;"
    "color:inherit;text-align:inherit}\n"
    "th[aria-sort=ascending] button::after{content:\" \\25B2\"}\n"
    "th[aria-sort=descending] button::after{content:\" \\25BC\"}\n"
    "td.n,th.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}\n"
    "tbody tr:hover{background:#eef3f8}\n"
    "tr.sum td{font-weight:600;border-top:2px solid var(--line)}\n"
    "details.profile{border:1px solid var(--line);margin:6px 0;padding:4px 10px}\n"
    "details.profile[open]{padding-bottom:10px}\n"
    "summary{cursor:pointer;font-weight:600}\n"
    "summary span{font-weight:400;color:var(--muted)}\n"
    ".muted{color:var(--muted)}\n"
    ".pos{color:#b2182b}.neg{color:#2166ac}\n"
    ".ix-legend ul{list-style:none;margin:8px 0;padding:0;display:flex;flex-wrap:wrap;"
    "gap:4px 16px;font-size:14px}\n"
    ".ix-legend-title{font-weight:600;margin:8px 0 2px}\n"
    ".ix-swatch{display:inline-block;width:20px;height:13px;vertical-align:-2px}\n"
    "span.ix-swatch{border:1px solid #636363}\n"
    ".ix-missing{background:repeating-linear-gradient(45deg,#d9d9d9 0 3px,#fff 3px 5px)}\n"
    ".ix-count{color:var(--muted)}\n"
    ".credit{font-size:12px;color:var(--muted);margin:4px 0}\n"
    "@media (max-width:700px){header,nav,main,footer{padding-left:12px;padding-right:12px}"
    "table{display:block;overflow-x:auto;max-width:100%}nav a{display:inline-block;"
    "margin:2px 12px 2px 0}}\n"
    "main,header{overflow-wrap:anywhere}\n"
    "footer{padding:14px 28px;color:var(--muted);border-top:1px solid var(--line);font-size:13px}\n"
    "@media print{.scroll{max-height:none;overflow:visible}nav,th button::after{display:none}"
    "details.profile{break-inside:avoid}}\n";

/* Sorts tables marked sortable by the clicked column: numbers by data-v,
 * missing last; text in Danish collation. No '<' in it (inline script). */
static const char script[] =
    "(function(){\n"
    "function key(c){var v=c.getAttribute('data-v');"
    "return v===null?null:(v===''?NaN:parseFloat(v));}\n"
    "function cmp(a,b,i,dir){var x=key(a.cells[i]),y=key(b.cells[i]);\n"
    " if(x===null||y===null)return dir*a.cells[i].textContent.localeCompare(b.cells[i].textContent,'da');\n"
    " if(isNaN(x))return isNaN(y)?0:1; if(isNaN(y))return -1; return dir*(x-y);}\n"
    "var ts=document.querySelectorAll('table.sortable');\n"
    "Array.prototype.forEach.call(ts,function(t){\n"
    " var ths=t.tHead.rows[0].cells;\n"
    " Array.prototype.forEach.call(ths,function(th,i){\n"
    "  var b=document.createElement('button');b.type='button';\n"
    "  while(th.firstChild)b.appendChild(th.firstChild);th.appendChild(b);\n"
    "  b.addEventListener('click',function(){\n"
    "   var dir=th.getAttribute('aria-sort')==='ascending'?-1:1;\n"
    "   Array.prototype.forEach.call(ths,function(h){h.removeAttribute('aria-sort');});\n"
    "   th.setAttribute('aria-sort',dir===1?'ascending':'descending');\n"
    "   var body=t.tBodies[0],rows=Array.prototype.slice.call(body.rows);\n"
    "   rows.sort(function(a,b){return cmp(a,b,i,dir);});\n"
    "   rows.forEach(function(r){body.appendChild(r);});\n"
    "  });\n"
    " });\n"
    "});\n"
    "})();\n";

const char *ix__html_basename(const char *path)
{
    if (!path)
        return "";
    const char *base = path;
    for (const char *p = path; *p; p++)
        if (*p == '/' || *p == '\\')
            base = p + 1;
    return base;
}

void ix__html_begin(ix_sink *s, const ix_report_options *o, const char *title, const char *subtitle)
{
    ix__html_begin_nav(s, o, title, subtitle, NULL);
}

void ix__html_begin_nav(ix_sink *s, const ix_report_options *o, const char *title,
                        const char *subtitle, const char *const *nav)
{
    ix_html_printf(s, "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n"
                      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                      "<meta name=\"generator\" content=\"indeks%s%s\">\n<title>%s</title>\n<style>\n",
                   o->danish ? "da" : "en", o->version ? " " : "", o->version, title);
    ix_html_raw(s, css); /* a constant; its '%'s are CSS */
    ix_html_printf(s, "</style>\n</head>\n<body>\n<header>\n<h1>%s</h1>\n<p>%s", title, subtitle);
    if (o->date)
        ix_html_printf(s, "%s<time datetime=\"%s\">%s</time>", IX__L(o, " · Dato: ", " · Date: "),
                       o->date, o->date);
    ix_html_printf(s, "</p>\n</header>\n<nav>");
    if (nav) {
        for (size_t i = 0; nav[i] && nav[i + 1]; i += 2)
            ix_html_printf(s, "<a href=\"#%s\">%s</a>", nav[i], nav[i + 1]);
        ix_html_printf(s, "</nav>\n<main>\n");
        return;
    }
    ix_html_printf(s, "<a href=\"#ranking\">%s</a><a href=\"#map\">%s</a><a href=\"#profiles\">%s</a>"
                      "<a href=\"#model\">%s</a><a href=\"#sources\">%s</a>",
                   IX__L(o, "Liste", "List"), IX__L(o, "Kort", "Map"),
                   IX__L(o, "Profiler", "Profiles"), "Model",
                   IX__L(o, "Kilder", "Sources"));
    ix_html_printf(s, "</nav>\n<main>\n");
}

void ix__html_notes(ix_sink *s, const ix_report_options *o, const char *lines)
{
    int any = (lines && lines[0]) || (o->map_note && o->map_note[0]);
    if (!any)
        return;
    ix_html_printf(s, "<section id=\"notes\" class=\"notes\">\n<h2>%s</h2>\n<ul>\n",
                   IX__L(o, "Bemærk", "Notes"));
    for (const char *line = lines; line && *line;) {
        const char *nl = strchr(line, '\n');
        size_t n = nl ? (size_t)(nl - line) : strlen(line);
        if (n)
            ix_html_printf(s, "<li>%.*s</li>\n", (int)n, line);
        line = nl ? nl + 1 : NULL;
    }
    if (o->map_note && o->map_note[0])
        ix_html_printf(s, "<li>%s</li>\n", o->map_note);
    ix_html_printf(s, "</ul>\n</section>\n");
}

void ix__html_map(ix_sink *s, const ix_report_options *o, const char *why_none)
{
    ix_html_printf(s, "<section id=\"map\">\n<h2>%s</h2>\n", IX__L(o, "Kort", "Map"));
    const char *svg = o->map_svg;
    if (!svg) {
        ix_html_printf(s, "<p class=\"muted\">%s</p>\n</section>\n",
                       why_none ? why_none : IX__L(o, "Intet kort.", "No map."));
        return;
    }
    if (strncmp(svg, "<?xml", 5) == 0) {
        const char *end = strstr(svg, "?>");
        svg = end ? end + 2 : svg;
        while (*svg == '\n' || *svg == '\r')
            svg++;
    }
    /* The SVG's <svg> element carries role and a label for screen readers. */
    if (strncmp(svg, "<svg ", 5) == 0) {
        ix_html_printf(s, "<svg role=\"img\" aria-label=\"%s\" ",
                       IX__L(o, "Kort over kommunerne", "Map of the municipalities"));
        svg += 5;
    }
    ix_html_raw(s, svg); /* written by ix_svg_map_write, which escapes */
    if (o->map_legend)
        ix_html_raw(s, o->map_legend); /* written by ix_map_legend_html, which escapes */
    if (o->map_credit && o->map_credit[0])
        ix_html_printf(s, "<p class=\"credit\">%s</p>\n", o->map_credit);
    ix_html_printf(s, "</section>\n");
}

void ix__html_end(ix_sink *s, const ix_report_options *o)
{
    ix_html_printf(s, "</main>\n<footer>%s", IX__L(o, "Lavet med indeks", "Made with indeks"));
    if (o->version)
        ix_html_printf(s, " %s", o->version);
    if (o->date)
        ix_html_printf(s, "%s%s", IX__L(o, " den ", " on "), o->date);
    ix_html_printf(s, IX__L(o, ". Filen er selvstændig: den kan sendes og åbnes uden net. "
                             "Klik på en kolonneoverskrift for at sortere listen.",
                          ". The file is self-contained: it can be mailed and opened offline. "
                          "Click a column heading to sort the list."));
    ix_html_printf(s, "</footer>\n<script>\n");
    ix_html_raw(s, script); /* a constant without '<' */
    ix_html_printf(s, "</script>\n</body>\n</html>\n");
}

ix_status ix_report_map(ix_geo *geo, const int *codes, const double *values, size_t n,
                        const ix_report_map_spec *spec, size_t *unmatched, ix_buf *svg,
                        ix_buf *legend, char *credit, size_t credit_size, ix_diag *d)
{
    ix_map *map = NULL;
    ix_map_options mo;
    ix_map_options_init(&mo);
    size_t miss = 0;
    ix_status st = ix_map_new(geo, &map, d); /* owns geo from here */
    if (!st && spec->classes)
        st = ix_class_spec_parse(spec->classes, &mo.classes, d);
    for (size_t i = 0; !st && i < n; i++)
        miss += ix_map_set_value(map, codes[i], values[i]) != 0;
    if (!st) {
        mo.legend_title = spec->legend_title;
        mo.decimal = spec->danish ? ',' : '.';
        mo.danish = spec->danish;
        mo.simplify_px = 0.4;
        mo.palette = spec->palette;
        mo.direction = spec->direction;
        mo.credit = spec->credit;
        mo.no_legend = legend != NULL;
        st = ix_map_prepare(map, &mo, d);
    }
    if (!st) {
        ix_sink s = ix_buf_sink(svg);
        st = ix_svg_map_write(map, &s, d);
    }
    if (!st && legend) {
        ix_sink s = ix_buf_sink(legend);
        st = ix_map_legend_html(map, &s, d);
    }
    if (!st && credit)
        ix_map_credit_line(map, credit, credit_size);
    if (unmatched)
        *unmatched = miss;
    ix_map_free(map);
    return st;
}

ix_status ix_report_map_svg(ix_geo *geo, const int *codes, const double *values, size_t n,
                            const char *classes, const char *legend_title, int danish,
                            size_t *unmatched, ix_buf *svg, ix_diag *d)
{
    ix_report_map_spec spec = {classes, legend_title, NULL, NULL, danish, 0};
    return ix_report_map(geo, codes, values, n, &spec, unmatched, svg, NULL, NULL, 0, d);
}
