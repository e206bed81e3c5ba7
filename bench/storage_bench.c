/* storage_bench.c - storage write rate, counts latency, deduplication.
 *
 * Loads N synthetic vacancies (default 200,000; the figures in the README
 * are for --vacancies 5000000) into a fresh schema through the real writer,
 * first seen over a year, with skewed occupations, places and sources the
 * way real adverts are skewed, and with injected duplicates: cross-posts
 * of an earlier advert on another board (exact) and lightly edited copies
 * (near). Prints the write rate, how many injected duplicates were
 * clustered, then p50 / p95 latency of a set of counts queries, and the
 * MinHash thresholds' recall and false matches measured on text pairs.
 *
 * Needs $DATABASE_URL (or --db). Leaves its schema for inspection; drop it
 * with DROP SCHEMA vh_bench CASCADE. */
#include "bench.h"
#include "storage/storage.h"

#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define BENCH_DEFAULT_N 200000
#define BENCH_DAYS 365        /* first sightings spread over a year */
#define BENCH_SOCS 412        /* SOC 2020 unit groups */
#define BENCH_LADS 361        /* local authority districts */
#define BENCH_REGIONS 12
#define BENCH_SOURCES 3
#define BENCH_VOCAB 3000      /* words descriptions are made of */
#define BENCH_WORDS_MIN 60
#define BENCH_WORDS_SPAN 120
#define BENCH_EXACT_PCT 8     /* adverts that are a cross-post of an earlier one */
#define BENCH_NEAR_PCT 4      /* adverts that are an edited copy on another board */
#define BENCH_RECENT 1024     /* earlier adverts a duplicate may copy */
#define BENCH_QUERY_RUNS 100  /* runs of each counts query: enough for a p95 that is not the maximum */
#define BENCH_PAIRS 2000      /* text pairs per similarity measurement */
#define TEXT_MAX 4096


/* Zipf-like skew: index i has weight 1/(i+1). Inverse of the harmonic CDF
 * approximated by exp(u * ln(n+1)) - 1. */
static int skewed(int n)
{
    double u = (double)(bench_random() % 1000000) / 1e6;
    int i = (int)(exp(u * log((double)n + 1)) - 1);
    return i < n ? i : n - 1;
}

static char vocab[BENCH_VOCAB][12];

static void make_vocab(void)
{
    for (int i = 0; i < BENCH_VOCAB; i++) {
        int len = 3 + (int)(bench_random() % 8);
        for (int j = 0; j < len; j++)
            vocab[i][j] = (char)('a' + bench_random() % 26);
        vocab[i][len] = '\0';
    }
}

static void make_text(char *out, int words)
{
    size_t len = 0;
    for (int i = 0; i < words && len < TEXT_MAX - 16; i++)
        len += (size_t)snprintf(out + len, TEXT_MAX - len, "%s%s", i ? " " : "",
                                vocab[skewed(BENCH_VOCAB)]);
}

/* Change about pct% of the words: replace, insert or delete. */
static void edit_text(const char *in, char *out, int pct)
{
    char words[TEXT_MAX], *save = NULL;
    size_t len = 0;
    snprintf(words, sizeof(words), "%s", in);
    out[0] = '\0';
    for (char *w = strtok_r(words, " ", &save); w; w = strtok_r(NULL, " ", &save)) {
        int r = (int)(bench_random() % 300), hit = (int)(bench_random() % 100) < pct;
        const char *put = hit && r < 100 ? vocab[bench_random() % BENCH_VOCAB] : w;
        if (hit && r >= 200)
            continue; /* deleted */
        if (len < TEXT_MAX - 32)
            len += (size_t)snprintf(out + len, TEXT_MAX - len, "%s%s", len ? " " : "", put);
        if (hit && r >= 100 && r < 200 && len < TEXT_MAX - 32) /* inserted */
            len += (size_t)snprintf(out + len, TEXT_MAX - len, " %s", vocab[bench_random() % BENCH_VOCAB]);
    }
}

typedef struct {
    int soc, lad, source;
    unsigned employer, title;
    double pay;
    char text[TEXT_MAX];
} advert;

static void fill(vacancy *v, const advert *a, unsigned long id)
{
    static const char *sources[BENCH_SOURCES] = {"board-a", "board-b", "feed-c"};
    char buf[64];
    vacancy_init(v);
    vacancy_set(&v->source, sources[a->source]);
    snprintf(buf, sizeof(buf), "%lu", id);
    vacancy_set(&v->site_id, buf);
    snprintf(buf, sizeof(buf), "Job title %u of %d", a->title, a->soc);
    vacancy_set(&v->title, buf);
    snprintf(buf, sizeof(buf), "Employer %u", a->employer);
    vacancy_set(&v->employer, buf);
    vacancy_set(&v->description, a->text);
    snprintf(buf, sizeof(buf), "E%08d", 6000000 + a->lad);
    vacancy_set(&v->location.lad_code, buf);
    snprintf(buf, sizeof(buf), "E%08d", 12000000 + a->lad % BENCH_REGIONS);
    vacancy_set(&v->location.region_code, buf);
    snprintf(buf, sizeof(buf), "TL%03d", a->lad / 2);
    vacancy_set(&v->location.itl_code, buf);
    v->pay.annual_min = a->pay;
    v->pay.annual_max = a->pay + 4000;
    snprintf(v->code.soc2020, sizeof(v->code.soc2020), "%04u", (unsigned)(1111 + a->soc * 20) % 10000);
    v->code.confidence = 80;
    v->code.method = "combined";
}

static void new_advert(advert *a)
{
    a->soc = skewed(BENCH_SOCS);
    a->lad = skewed(BENCH_LADS);
    a->source = skewed(BENCH_SOURCES);
    a->employer = (unsigned)(bench_random() % 200000);
    a->title = (unsigned)(bench_random() % 50);
    a->pay = 18000 + (double)(bench_random() % 60) * 1000;
    make_text(a->text, BENCH_WORDS_MIN + (int)(bench_random() % BENCH_WORDS_SPAN));
}

typedef struct {
    long n, exact, near;
    double seconds;
} load_result;

static int load(storage *s, long n, size_t batch, load_result *res)
{
    static advert recent[BENCH_RECENT];
    storage_writer *w = NULL;
    storage_writer_options o = {0};
    time_t now = time(NULL);
    advert a;
    vacancy v;
    double t0;
    int rc;

    memset(res, 0, sizeof(*res));
    o.batch_rows = batch;
    if ((rc = storage_writer_new(&w, s, &o)) < 0)
        return rc;
    t0 = bench_now();
    for (long i = 0; i < n; i++) {
        int kind = (int)(bench_random() % 100);
        if (i > BENCH_RECENT && kind < BENCH_EXACT_PCT + BENCH_NEAR_PCT) {
            const advert *orig = &recent[bench_random() % BENCH_RECENT];
            a = *orig;
            a.source = (orig->source + 1 + (int)(bench_random() % (BENCH_SOURCES - 1))) % BENCH_SOURCES;
            if (kind < BENCH_EXACT_PCT) {
                res->exact++;
            } else {
                edit_text(orig->text, a.text, 3);
                a.title = (a.title + 1) % 50; /* retitled, so only the text can tell */
                res->near++;
            }
        } else {
            new_advert(&a);
            recent[i % BENCH_RECENT] = a;
        }
        fill(&v, &a, (unsigned long)i);
        rc = storage_writer_add(w, &v, now - (time_t)((double)(n - i) / (double)n *
                                                      BENCH_DAYS * 86400));
        vacancy_free(&v);
        if (rc < 0)
            break;
        if (i % 500000 == 0 && i) {
            fprintf(stderr, "  %ld written, %.0f/s\n", i, (double)i / (bench_now() - t0));
        }
    }
    if (storage_writer_free(w) < 0 && rc == 0)
        rc = -1;
    res->n = n;
    res->seconds = bench_now() - t0;
    return rc;
}

typedef struct {
    const char *name;
    storage_counts_query q;
} bench_query;

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* The p-th percentile of n sorted values, by nearest rank: the smallest
 * value with at least p% of the values at or below it. */
static double percentile(const double *sorted, size_t n, int p)
{
    size_t rank = (n * (size_t)p + 99) / 100;
    return sorted[rank ? rank - 1 : 0];
}

static void print_latency(const char *name, const double *sorted, size_t n)
{
    printf("  %-48s %7.1f %7.1f %7.1f\n", name, percentile(sorted, n, 50),
           percentile(sorted, n, 95), sorted[n - 1]);
}

static int run_queries(storage *s)
{
    time_t now = time(NULL);
    bench_query qs[] = {
        {"--by soc4,region --since 30d", {STORAGE_BY_SOC4 | STORAGE_BY_REGION, now - 30 * 86400, 0, STORAGE_PER_ALL, 0, NULL, NULL}},
        {"--by soc4,region --since 30d --live", {STORAGE_BY_SOC4 | STORAGE_BY_REGION, now - 30 * 86400, 0, STORAGE_PER_ALL, STORAGE_MEASURE_LIVE, NULL, NULL}},
        {"--by soc2 --per month --since 365d", {STORAGE_BY_SOC2, now - 365 * 86400, 0, STORAGE_PER_MONTH, 0, NULL, NULL}},
        {"--by region,source --per week --since 90d", {STORAGE_BY_REGION | STORAGE_BY_SOURCE, now - 90 * 86400, 0, STORAGE_PER_WEEK, 0, NULL, NULL}},
        {"--by lad --since 7d --soc 2", {STORAGE_BY_LAD, now - 7 * 86400, 0, STORAGE_PER_ALL, 0, "2", NULL}},
        {"--by soc4 --per day --since 30d --area E12000001", {STORAGE_BY_SOC4, now - 30 * 86400, 0, STORAGE_PER_DAY, 0, NULL, "E12000001"}},
        {"--by soc1 --since 1d --live", {STORAGE_BY_SOC1, now - 86400, 0, STORAGE_PER_ALL, STORAGE_MEASURE_LIVE, NULL, NULL}},
    };
    size_t nq = sizeof(qs) / sizeof(qs[0]);
    double *all = calloc(nq * BENCH_QUERY_RUNS, sizeof(double)), times[BENCH_QUERY_RUNS];
    FILE *null = fopen("/dev/null", "w");
    int rc = 0;

    if (!all || !null) {
        free(all);
        if (null)
            fclose(null);
        return common_error(COMMON_EIO, "bench: cannot open /dev/null");
    }
    printf("\ncounts latency (%d runs each, ms):  p50     p95     max\n", BENCH_QUERY_RUNS);
    for (size_t i = 0; i < nq && rc == 0; i++) {
        for (int r = 0; r < BENCH_QUERY_RUNS && rc == 0; r++) {
            double t0 = bench_now();
            rc = storage_counts(s, &qs[i].q, STORAGE_FORMAT_CSV, null);
            times[r] = all[i * BENCH_QUERY_RUNS + r] = (bench_now() - t0) * 1000;
        }
        qsort(times, BENCH_QUERY_RUNS, sizeof(double), cmp_double);
        print_latency(qs[i].name, times, BENCH_QUERY_RUNS);
    }
    qsort(all, nq * BENCH_QUERY_RUNS, sizeof(double), cmp_double);
    if (rc == 0)
        print_latency("all queries", all, nq * BENCH_QUERY_RUNS);
    free(all);
    fclose(null);
    return rc;
}

/* Whether the writer would find b a near duplicate of a; *band: whether
 * they share an LSH band at all (are compared). */
static bool near_pair(const char *a, const char *b, bool *band)
{
    uint32_t sa[STORAGE_MINHASH_N], sb[STORAGE_MINHASH_N];
    int32_t ba[STORAGE_MINHASH_BANDS], bb[STORAGE_MINHASH_BANDS];
    storage_minhash(a, sa);
    storage_minhash(b, sb);
    storage_minhash_bands(sa, ba);
    storage_minhash_bands(sb, bb);
    *band = false;
    for (int k = 0; k < STORAGE_MINHASH_BANDS; k++)
        *band |= ba[k] == bb[k];
    return *band && storage_minhash_matches(sa, sb) >= STORAGE_NEAR_DUP_MIN_MATCHES;
}

/* Recall of near duplicates by edit size, and false matches between
 * unrelated descriptions, for the compiled-in MinHash thresholds. */
static void measure_similarity(void)
{
    static const int edits[] = {1, 3, 5, 10, 20};
    static char a[TEXT_MAX], b[TEXT_MAX];
    int found, candidates;
    bool band;

    printf("\nnear duplicates: MinHash %d x %d-word shingles, %d bands, match >= %d of %d\n",
           STORAGE_MINHASH_N, STORAGE_SHINGLE_WORDS, STORAGE_MINHASH_BANDS,
           STORAGE_NEAR_DUP_MIN_MATCHES, STORAGE_MINHASH_N);
    for (size_t e = 0; e < sizeof(edits) / sizeof(edits[0]); e++) {
        found = 0;
        for (int i = 0; i < BENCH_PAIRS; i++) {
            make_text(a, BENCH_WORDS_MIN + (int)(bench_random() % BENCH_WORDS_SPAN));
            edit_text(a, b, edits[e]);
            found += near_pair(a, b, &band);
        }
        printf("  %2d%% of words edited: %5.1f%% found\n", edits[e], 100.0 * found / BENCH_PAIRS);
    }
    found = candidates = 0;
    for (int i = 0; i < BENCH_PAIRS; i++) {
        make_text(a, BENCH_WORDS_MIN + (int)(bench_random() % BENCH_WORDS_SPAN));
        make_text(b, BENCH_WORDS_MIN + (int)(bench_random() % BENCH_WORDS_SPAN));
        found += near_pair(a, b, &band);
        candidates += band;
    }
    printf("  unrelated descriptions: %.2f%% share a band, %.2f%% matched\n",
           100.0 * candidates / BENCH_PAIRS, 100.0 * found / BENCH_PAIRS);
}

static const char usage[] =
    "usage: storage_bench [--vacancies N] [--batch ROWS] [--db URL] [--schema NAME] [--queries-only]\n";

int main(int argc, char **argv)
{
    static const struct option opts[] = {
        {"vacancies", required_argument, 0, 'n'}, {"batch", required_argument, 0, 'b'}, {"db", required_argument, 0, 'D'},
        {"schema", required_argument, 0, 's'}, {"queries-only", no_argument, 0, 'q'},
        {"help", no_argument, 0, 'h'}, {0, 0, 0, 0}};
    const char *url = NULL, *schema = "vh_bench";
    long n = BENCH_DEFAULT_N;
    size_t batch = 0; /* the writer's default */
    int c, rc, queries_only = 0;
    storage *s = NULL;
    storage_totals t;
    load_result lr;

    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (c) {
        case 'n': n = atol(optarg); break;
        case 'b': batch = (size_t)atol(optarg); break;
        case 'D': url = optarg; break;
        case 's': schema = optarg; break;
        case 'q': queries_only = 1; break;
        case 'h': fputs(usage, stdout); return 0;
        default: fputs(usage, stderr); return 2;
        }
    }
    if (n < 1) {
        fputs(usage, stderr);
        return 2;
    }
    make_vocab();
    measure_similarity();
    if ((rc = storage_open(&s, storage_conninfo(url), schema)) < 0)
        goto fail;
    if (!queries_only) {
        if ((rc = storage_reset_schema(s)) < 0 || (rc = storage_migrate(s, NULL)) < 0)
            goto fail;
        printf("\nloading %ld synthetic vacancies into schema %s, %zu rows per batch\n", n, schema,
               batch ? batch : (size_t)STORAGE_BATCH_ROWS);
        if ((rc = load(s, n, batch, &lr)) < 0)
            goto fail;
        if ((rc = storage_totals_get(s, &t)) < 0)
            goto fail;
        printf("write rate: %.0f vacancies/s (%ld in %.1f s)\n", (double)n / lr.seconds, n,
               lr.seconds);
        printf("injected %ld exact and %ld near duplicates: %lld clusters for %lld adverts "
               "(%ld expected if every duplicate is found)\n",
               lr.exact, lr.near, t.clusters, t.adverts, n - lr.exact - lr.near);
    }
    if ((rc = run_queries(s)) < 0)
        goto fail;
    printf("peak RSS %.0f MB\n", bench_peak_rss_mb());
    storage_close(s);
    return 0;
fail:
    fprintf(stderr, "storage_bench: %s\n", common_last_error());
    storage_close(s);
    return 1;
}
