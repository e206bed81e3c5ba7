/* cmd_parse.c - vacancyctl parse: what the parser makes of a page, a feed,
 * a listing page or one pay / location / date string, as JSON. */
#include "cli.h"
#include "common/common.h"
#include "parser/parser.h"

#include <getopt.h>
#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static const char usage[] =
    "usage: vacancyctl parse [options] FILE\n"
    "       vacancyctl parse --feed FILE\n"
    "       vacancyctl parse --listing FILE --url URL --advert PATTERN [--next PATTERN]\n"
    "       vacancyctl parse --pay TEXT | --location TEXT | --date TEXT\n"
    "\n"
    "Print as JSON the vacancy record parsed from a saved advert page, the\n"
    "URLs (with lastmod) of an RSS / Atom feed or sitemap (gzip too), the\n"
    "advert links and next page of a listing page, or what one string means.\n"
    "\n"
    "  --url URL             the page's URL (site id, resolving links)\n"
    "  --content-type TYPE   the Content-Type header it was served with\n"
    "  --feed                FILE is a feed or sitemap\n"
    "  --listing             FILE is a listing page; needs --url and --advert\n"
    "  --advert PATTERN      advert URLs, '*' matching any run of characters\n"
    "  --next PATTERN        listing-page URLs that may be the next page\n"
    "  --pay TEXT            pay text, e.g. '£25k-£30k'\n"
    "  --location TEXT       location text, e.g. 'Wednesbury WS10'\n"
    "  --date TEXT           a date, e.g. '10:00 pm on Sunday 2nd July 2023'\n"
    "  --scales FILE         pay-scale table (scale,point,min,max) to load too\n"
    "  --data-dir DIR        reference data (default: $VACANCY_DATA_DIR)\n";

typedef struct {
    const char *url, *content_type, *pay, *location, *date, *data_dir, *scales;
    const char *advert, *next;
    bool feed, listing;
} options;

static json_t *str(const char *s) { return s ? json_string(s) : json_null(); }
static json_t *num(double d) { return isnan(d) ? json_null() : json_real(d); }

static json_t *date_json(const vacancy_date *d)
{
    char buf[VACANCY_DATE_MAX];
    vacancy_date_format(d, buf);
    return *buf ? json_string(buf) : json_null();
}

static json_t *pay_json(const vacancy_pay *p)
{
    static const struct { unsigned bit; const char *name; } names[] = {
        {VACANCY_PAY_COMPETITIVE, "competitive"}, {VACANCY_PAY_NEGOTIABLE, "negotiable"},
        {VACANCY_PAY_PRO_RATA, "pro-rata"},       {VACANCY_PAY_OTE, "ote"},
        {VACANCY_PAY_BENEFITS, "benefits"},       {VACANCY_PAY_IMPLAUSIBLE, "implausible"},
        {VACANCY_PAY_SCALE, "scale"}};
    json_t *flags = json_array();
    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
        if (p->flags & names[i].bit)
            json_array_append_new(flags, json_string(names[i].name));
    return json_pack("{s:o,s:o,s:o,s:s,s:s,s:o,s:o,s:o,s:o}", "raw", str(p->raw), "min",
                     num(p->min), "max", num(p->max), "currency", p->currency, "period",
                     vacancy_period_name(p->period), "annual_min", num(p->annual_min),
                     "annual_max", num(p->annual_max), "scale", str(p->scale), "flags", flags);
}

static json_t *location_json(const vacancy_location *l)
{
    return json_pack("{s:o,s:o,s:o,s:o,s:o,s:o,s:o,s:o,s:b,s:b,s:b,s:o}", "raw", str(l->raw),
                     "postcode", str(l->postcode), "lad_code", str(l->lad_code), "lad_name",
                     str(l->lad_name), "region_code", str(l->region_code), "region_name",
                     str(l->region_name), "itl_code", str(l->itl_code), "country",
                     str(l->country), "remote", !!(l->flags & VACANCY_LOC_REMOTE), "hybrid",
                     !!(l->flags & VACANCY_LOC_HYBRID), "multiple",
                     !!(l->flags & VACANCY_LOC_MULTIPLE), "resolved_by", str(l->resolved_by));
}

static json_t *vacancy_json(const vacancy *v)
{
    json_t *from = json_pack(
        "{s:s,s:s,s:s,s:s,s:s,s:s,s:s}", "title", vacancy_origin_name(v->from.title), "employer",
        vacancy_origin_name(v->from.employer), "description",
        vacancy_origin_name(v->from.description), "pay", vacancy_origin_name(v->from.pay),
        "location", vacancy_origin_name(v->from.location), "dates",
        vacancy_origin_name(v->from.dates), "terms", vacancy_origin_name(v->from.terms));
    return json_pack("{s:o,s:o,s:o,s:o,s:o,s:o,s:o,s:o,s:o,s:o,s:o,s:o,s:s,s:s,s:o}", "url",
                     str(v->url), "canonical_url", str(v->canonical_url), "site_id",
                     str(v->site_id), "title", str(v->title), "employer", str(v->employer),
                     "industry", str(v->industry), "employment_type", str(v->employment_type),
                     "pay", pay_json(&v->pay), "location", location_json(&v->location),
                     "date_posted", date_json(&v->date_posted), "closing_date",
                     date_json(&v->closing_date), "description", str(v->description), "hours",
                     vacancy_hours_name(v->hours), "contract", vacancy_contract_name(v->contract),
                     "from", from);
}

static int print(json_t *j)
{
    if (!j)
        return cli_fail("out of memory");
    int rc = json_dumpf(j, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    fputc('\n', stdout);
    json_decref(j);
    return rc ? CLI_EXIT_FAIL : CLI_EXIT_OK;
}

static int read_input(const char *path, common_buf *b)
{
    /* Read one byte past the limit so an oversized file is the parser's error. */
    return common_read_file(path, PARSER_MAX_BODY + 1, b);
}

static int run_feed(const char *path)
{
    common_buf b = COMMON_BUF_INIT;
    parser_feed_list list;
    if (read_input(path, &b))
        return cli_fail(path);
    int rc = parser_feed(b.data ? b.data : "", b.len, &list);
    common_buf_free(&b);
    if (rc)
        return cli_fail(path);
    json_t *items = json_array();
    for (size_t i = 0; i < list.n; i++)
        json_array_append_new(items, json_pack("{s:s,s:o,s:o}", "url", list.items[i].url,
                                               "lastmod", date_json(&list.items[i].lastmod),
                                               "title", str(list.items[i].title)));
    json_t *j = json_pack("{s:s,s:I,s:o}", "kind", parser_feed_kind_name(list.kind), "count",
                          (json_int_t)list.n, "items", items);
    parser_feed_free(&list);
    return print(j);
}

static int run_listing(const char *path, const options *o)
{
    if (!o->url || !o->advert)
        return cli_usage(usage);
    common_buf b = COMMON_BUF_INIT;
    parser_listing l;
    parser_listing_rules rules = {o->advert, o->next};
    if (read_input(path, &b))
        return cli_fail(path);
    int rc = parser_listing_page(b.data ? b.data : "", b.len, o->url, &rules, &l);
    common_buf_free(&b);
    if (rc)
        return cli_fail(path);
    json_t *adverts = json_array();
    for (size_t i = 0; i < l.n; i++)
        json_array_append_new(adverts, json_string(l.adverts[i]));
    json_t *j = json_pack("{s:I,s:o,s:o}", "count", (json_int_t)l.n, "adverts", adverts, "next",
                          str(l.next));
    parser_listing_free(&l);
    return print(j);
}

/* Pay, location, date or a page: all need the reference tables but dates. */
static int run_parser(const char *path, const options *o)
{
    vacancy v;
    vacancy_init(&v);
    if (o->date) {
        if (parser_date_text(o->date, &v.date_posted))
            return cli_fail("date");
        return print(json_pack("{s:s,s:o}", "text", o->date, "date", date_json(&v.date_posted)));
    }
    parser *p;
    if (parser_open(&p, o->data_dir))
        return cli_fail("loading reference data");
    if (o->scales && parser_load_scales(p, o->scales)) {
        parser_close(p);
        return cli_fail(o->scales);
    }
    int rc = 0;
    json_t *j = NULL;
    if (o->pay) {
        rc = parser_pay_text(p, o->pay, &v.pay);
        j = pay_json(&v.pay);
    } else if (o->location) {
        rc = parser_location_text(p, o->location, &v.location);
        j = location_json(&v.location);
    } else {
        common_buf b = COMMON_BUF_INIT;
        char header[256];
        snprintf(header, sizeof(header), "Content-Type: %s", o->content_type ? o->content_type : "");
        const char *headers[] = {header, NULL};
        rc = read_input(path, &b);
        if (!rc)
            rc = parser_page(p, b.data ? b.data : "", b.len, o->url,
                             o->content_type ? headers : NULL, &v);
        if (!rc)
            j = vacancy_json(&v);
        common_buf_free(&b);
    }
    parser_close(p);
    vacancy_free(&v);
    if (rc && rc != COMMON_ENOTFOUND) {
        json_decref(j);
        return cli_fail(path ? path : "parse");
    }
    if (!j)
        return cli_fail(path); /* a page with no advert */
    if (rc) /* a string that means nothing: say so, print what was kept */
        fprintf(stderr, "warning: %s\n", common_last_error());
    return print(j);
}

int cmd_parse(int argc, char **argv)
{
    if (cli_wants_help(argc, argv, usage))
        return CLI_EXIT_OK;
    static const struct option longopts[] = {
        {"url", required_argument, NULL, 'u'},     {"content-type", required_argument, NULL, 'c'},
        {"feed", no_argument, NULL, 'f'},          {"listing", no_argument, NULL, 'l'},
        {"advert", required_argument, NULL, 'a'},  {"next", required_argument, NULL, 'n'},
        {"pay", required_argument, NULL, 'p'},     {"location", required_argument, NULL, 'L'},
        {"date", required_argument, NULL, 'd'},    {"scales", required_argument, NULL, 's'},
        {"data-dir", required_argument, NULL, 'D'}, {NULL, 0, NULL, 0}};
    options o = {0};
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
        switch (c) {
        case 'u': o.url = optarg; break;
        case 'c': o.content_type = optarg; break;
        case 'f': o.feed = true; break;
        case 'l': o.listing = true; break;
        case 'a': o.advert = optarg; break;
        case 'n': o.next = optarg; break;
        case 'p': o.pay = optarg; break;
        case 'L': o.location = optarg; break;
        case 'd': o.date = optarg; break;
        case 's': o.scales = optarg; break;
        case 'D': o.data_dir = optarg; break;
        default: return cli_usage(usage);
        }
    }
    bool text = o.pay || o.location || o.date;
    int nfiles = argc - optind;
    if ((o.pay != NULL) + (o.location != NULL) + (o.date != NULL) > 1 ||
        (text && (nfiles || o.feed || o.listing)) || (!text && nfiles != 1) ||
        (o.feed && o.listing))
        return cli_usage(usage);
    const char *path = nfiles ? argv[optind] : NULL;
    if (o.feed)
        return run_feed(path);
    if (o.listing)
        return run_listing(path, &o);
    return run_parser(path, &o);
}
