/* cmd_robots.c - vacancyctl robots: explain a robots.txt verdict.
 *
 * Runs the crawler's own matcher, so an operator sees exactly why a page is
 * or is not fetched. */
#include "cli.h"
#include "common/common.h"
#include "crawler/crawler.h"

#include <string.h>

/* Larger files are refused; of smaller ones the matcher reads the first
 * CRAWLER_ROBOTS_MAX_BYTES, as the crawler does. */
#define ROBOTS_FILE_MAX (64u * 1024u * 1024u)

static const char usage[] =
    "usage: vacancyctl robots FILE AGENT URL...\n"
    "\n"
    "Print, for each URL, 'allowed' or 'disallowed' under the robots.txt in FILE\n"
    "('-' reads standard input) for the crawler product token AGENT (e.g.\n"
    "vacancy-harvester), with the rule that decided and its line:\n"
    "\n"
    "  disallowed  /private/x  (Disallow: /private, line 7)\n"
    "\n"
    "URL is an absolute URL or a path starting with '/'. The file is read as\n"
    "RFC 9309 says: the first 512 KiB, groups merged per agent, the longest\n"
    "matching rule deciding and Allow winning a tie.\n";

static void explain(const char *url, const crawler_robots_verdict *v)
{
    printf("%-10s  %s  (", v->allowed ? "allowed" : "disallowed", url);
    switch (v->kind) {
    case CRAWLER_RULE_ALLOW: printf("Allow: %s, line %zu)\n", v->pattern, v->line); break;
    case CRAWLER_RULE_DISALLOW: printf("Disallow: %s, line %zu)\n", v->pattern, v->line); break;
    case CRAWLER_RULE_STATUS: printf("robots.txt status %d)\n", v->status); break;
    case CRAWLER_RULE_NONE: printf("no rule matched)\n"); break;
    }
}

static int read_input(const char *path, common_buf *body)
{
    if (strcmp(path, "-"))
        return common_read_file(path, ROBOTS_FILE_MAX, body);
    char chunk[8192];
    size_t n;
    while ((n = fread(chunk, 1, sizeof(chunk), stdin)) > 0)
        if (common_buf_append(body, chunk, n))
            return COMMON_ENOMEM;
    return ferror(stdin) ? common_error(COMMON_EIO, "standard input: read error") : 0;
}

int cmd_robots(int argc, char **argv)
{
    if (cli_wants_help(argc, argv, usage))
        return CLI_EXIT_OK;
    int first = argc > 1 && !strcmp(argv[1], "--") ? 2 : 1;
    if (argc - first < 3)
        return cli_usage(usage);
    common_buf body = COMMON_BUF_INIT;
    crawler_robots *r = NULL;
    if (read_input(argv[first], &body) || crawler_robots_parse(&r, body.data ? body.data : "", body.len)) {
        common_buf_free(&body);
        return cli_fail(argv[first]);
    }
    for (int i = first + 2; i < argc; i++) {
        crawler_robots_verdict v;
        crawler_robots_check(r, argv[first + 1], argv[i], &v);
        explain(argv[i], &v);
    }
    crawler_robots_free(r);
    common_buf_free(&body);
    return fflush(stdout) ? cli_fail("standard output") : CLI_EXIT_OK;
}
