/* row.c - check a row against the limits and write it for COPY. Checking
 * here, before the batch is sent, is what keeps one bad advert from
 * failing the transaction its neighbours are in. */
#include "row.h"
#include "db.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#define STAGE_TAIL_NULLS 43 /* stage columns after `reason` */
#define PAGE_BODY_MAX (16u * 1024 * 1024) /* larger bodies are not kept */

/* Drop what a refused row had written. */
static int undo(common_buf *b, size_t start, int rc)
{
    b->len = start;
    if (b->data)
        b->data[start] = '\0';
    return rc;
}

static int bad(const char *field, const char *what)
{
    return common_error(COMMON_EINVAL, "%s %s", field, what);
}

/* Append one text column (with its leading tab), checked. */
static int text(common_buf *b, const char *name, const char *s, size_t max)
{
    size_t n;
    int rc;
    if (s) {
        n = strlen(s);
        if (n > max)
            return common_error(COMMON_EINVAL, "%s too long (%zu bytes, limit %zu)", name, n, max);
        if (!common_utf8_valid(s, n))
            return bad(name, "is not valid UTF-8");
    }
    if ((rc = common_buf_putc(b, '\t')) < 0)
        return rc;
    return db_copy_text(b, s);
}

static int nonempty(common_buf *b, const char *name, const char *s, size_t max)
{
    return text(b, name, s && *s ? s : NULL, max);
}

static int number(common_buf *b, const char *name, double x)
{
    if (isnan(x))
        return common_buf_append(b, "\t\\N", 3);
    if (!isfinite(x))
        return bad(name, "is not a finite number");
    return common_buf_printf(b, "\t%.17g", x);
}

static int days_in_month(int y, int m)
{
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return m == 2 && leap ? 29 : days[m - 1];
}

static int date(common_buf *b, const char *name, const vacancy_date *d)
{
    if (d->year == 0)
        return common_buf_append(b, "\t\\N", 3);
    if (d->year < STORAGE_YEAR_MIN || d->year > STORAGE_YEAR_MAX)
        return common_error(COMMON_EINVAL, "%s year %d out of range %d-%d", name, d->year,
                            STORAGE_YEAR_MIN, STORAGE_YEAR_MAX);
    if (d->month < 1 || d->month > 12 || d->day < 1 || d->day > days_in_month(d->year, d->month))
        return common_error(COMMON_EINVAL, "%s %d-%02d-%02d is not a date", name, d->year,
                            d->month, d->day);
    return common_buf_printf(b, "\t%04d-%02d-%02d", d->year, d->month, d->day);
}

static int timestamp(common_buf *b, time_t t)
{
    struct tm tm;
    char s[32];
    if (!gmtime_r(&t, &tm) || tm.tm_year + 1900 < STORAGE_YEAR_MIN ||
        tm.tm_year + 1900 > STORAGE_YEAR_MAX)
        return bad("seen_at", "out of range");
    strftime(s, sizeof(s), "%Y-%m-%d %H:%M:%S+00", &tm);
    return common_buf_printf(b, "\t%s", s);
}

static int head(common_buf *b, const char *kind, int seq, const char *source,
                const char *key, time_t seen_at)
{
    int rc;
    if (!source || !*source)
        return bad("source", "is missing");
    if (!key || !*key)
        return bad("advert key", "is missing (no site id, canonical URL or URL)");
    if ((rc = common_buf_printf(b, "%s\t%d", kind, seq)) < 0 ||
        (rc = text(b, "source", source, STORAGE_SHORT_MAX)) < 0 ||
        (rc = text(b, "advert key", key, STORAGE_URL_MAX)) < 0)
        return rc;
    return timestamp(b, seen_at ? seen_at : time(NULL));
}

static int nulls(common_buf *b, int n)
{
    int rc = 0;
    for (int i = 0; i < n && rc == 0; i++)
        rc = common_buf_append(b, "\t\\N", 3);
    return rc;
}

static int origins(common_buf *b, const vacancy_origins *o)
{
    return common_buf_printf(b,
        "\t{\"title\": \"%s\", \"employer\": \"%s\", \"description\": \"%s\", \"pay\": \"%s\", "
        "\"location\": \"%s\", \"dates\": \"%s\", \"terms\": \"%s\"}",
        vacancy_origin_name(o->title), vacancy_origin_name(o->employer),
        vacancy_origin_name(o->description), vacancy_origin_name(o->pay),
        vacancy_origin_name(o->location), vacancy_origin_name(o->dates),
        vacancy_origin_name(o->terms));
}

static int code_columns(common_buf *b, const vacancy_code *c)
{
    int rc;
    if (!c->soc2020[0])
        return nulls(b, 7);
    if ((rc = nonempty(b, "soc2020", c->soc2020, VACANCY_SOC_LEN)) < 0 ||
        (rc = nonempty(b, "soc2010", c->soc2010, VACANCY_SOC_LEN)) < 0 ||
        (rc = nonempty(b, "isco08", c->isco08, VACANCY_ISCO_LEN)) < 0)
        return rc;
    if (c->confidence < 0 || c->confidence > 100)
        return bad("confidence", "is outside 0-100");
    if ((rc = common_buf_printf(b, "\t%d", c->confidence)) < 0 ||
        (rc = text(b, "method", c->method, STORAGE_SHORT_MAX)) < 0 ||
        (rc = text(b, "index_version", c->index_version, STORAGE_SHORT_MAX)) < 0)
        return rc;
    return text(b, "model_version", c->model_version, STORAGE_SHORT_MAX);
}

/* The advert's own fields: what a change of makes a new version. */
static int advert_columns(common_buf *b, const vacancy *v)
{
    const vacancy_pay *p = &v->pay;
    const vacancy_location *l = &v->location;
    int rc;
    if ((rc = text(b, "title", v->title, STORAGE_SHORT_MAX)) < 0 ||
        (rc = text(b, "employer", v->employer, STORAGE_SHORT_MAX)) < 0 ||
        (rc = text(b, "description", v->description, STORAGE_DESCRIPTION_MAX)) < 0 ||
        (rc = text(b, "industry", v->industry, STORAGE_SHORT_MAX)) < 0 ||
        (rc = text(b, "employment_type", v->employment_type, STORAGE_SHORT_MAX)) < 0 ||
        (rc = number(b, "pay min", p->min)) < 0 || (rc = number(b, "pay max", p->max)) < 0 ||
        (rc = nonempty(b, "currency", p->currency, 3)) < 0 ||
        (rc = text(b, "pay period", vacancy_period_name(p->period), STORAGE_SHORT_MAX)) < 0 ||
        (rc = number(b, "annual pay min", p->annual_min)) < 0 ||
        (rc = number(b, "annual pay max", p->annual_max)) < 0 ||
        (rc = common_buf_printf(b, "\t%u", p->flags)) < 0 ||
        (rc = text(b, "pay scale", p->scale, STORAGE_SHORT_MAX)) < 0 ||
        (rc = text(b, "pay text", p->raw, STORAGE_SHORT_MAX)) < 0 ||
        (rc = text(b, "location", l->raw, STORAGE_SHORT_MAX)) < 0 ||
        (rc = text(b, "postcode", l->postcode, STORAGE_SHORT_MAX)) < 0 ||
        (rc = text(b, "lad_code", l->lad_code, STORAGE_SHORT_MAX)) < 0 ||
        (rc = text(b, "lad_name", l->lad_name, STORAGE_SHORT_MAX)) < 0 ||
        (rc = text(b, "region_code", l->region_code, STORAGE_SHORT_MAX)) < 0 ||
        (rc = text(b, "region_name", l->region_name, STORAGE_SHORT_MAX)) < 0 ||
        (rc = text(b, "itl_code", l->itl_code, STORAGE_SHORT_MAX)) < 0 ||
        (rc = text(b, "country", l->country, STORAGE_SHORT_MAX)) < 0 ||
        (rc = common_buf_printf(b, "\t%u", l->flags)) < 0 ||
        (rc = text(b, "resolved_by", l->resolved_by, STORAGE_SHORT_MAX)) < 0 ||
        (rc = date(b, "date posted", &v->date_posted)) < 0 ||
        (rc = date(b, "closing date", &v->closing_date)) < 0 ||
        (rc = text(b, "hours", vacancy_hours_name(v->hours), STORAGE_SHORT_MAX)) < 0 ||
        (rc = text(b, "contract", vacancy_contract_name(v->contract), STORAGE_SHORT_MAX)) < 0)
        return rc;
    return origins(b, &v->from);
}

/* The description's MinHash signature and band keys (int[] literals),
 * or two NULLs when it is too short to compare. */
static int minhash_columns(common_buf *b, const char *description)
{
    uint32_t sig[STORAGE_MINHASH_N];
    int32_t bands[STORAGE_MINHASH_BANDS];
    int rc;
    if (!storage_minhash(description, sig))
        return common_buf_append(b, "\t\\N\t\\N\n", 7);
    storage_minhash_bands(sig, bands);
    rc = common_buf_putc(b, '\t');
    for (int i = 0; i < STORAGE_MINHASH_N && rc == 0; i++) /* int4: the bits as signed */
        rc = common_buf_printf(b, "%c%d", i ? ',' : '{', (int32_t)sig[i]);
    if (rc == 0)
        rc = common_buf_puts(b, "}\t");
    for (int i = 0; i < STORAGE_MINHASH_BANDS && rc == 0; i++)
        rc = common_buf_printf(b, "%c%d", i ? ',' : '{', bands[i]);
    return rc == 0 ? common_buf_puts(b, "}\n") : rc;
}

int row_vacancy(common_buf *b, const char *kind, int seq, const vacancy *v, time_t seen_at)
{
    size_t start = b->len, fields;
    int rc;

    if ((rc = head(b, kind, seq, v->source, storage_advert_key(v), seen_at)) < 0 ||
        (rc = nulls(b, 1)) < 0 ||
        (rc = text(b, "url", v->url, STORAGE_URL_MAX)) < 0 ||
        (rc = text(b, "canonical_url", v->canonical_url, STORAGE_URL_MAX)) < 0 ||
        (rc = text(b, "site_id", v->site_id, STORAGE_SHORT_MAX)) < 0)
        goto fail;
    fields = b->len;
    if ((rc = advert_columns(b, v)) < 0)
        goto fail;
    /* hashes are bigint: store the bits as signed */
    uint64_t content = common_hash(b->data + fields, b->len - fields);
    if ((rc = code_columns(b, &v->code)) < 0 ||
        (rc = common_buf_printf(b, "\t%lld\t%lld", (long long)content,
                                (long long)storage_fingerprint(v))) < 0)
        goto fail;
    if ((rc = minhash_columns(b, v->description)) < 0)
        goto fail;
    return 0;
fail:
    return undo(b, start, rc);
}

int row_mark(common_buf *b, const char *kind, int seq, const char *source, const char *key,
             time_t seen_at, const char *reason)
{
    size_t start = b->len;
    int rc;
    if ((rc = head(b, kind, seq, source, key, seen_at)) < 0 ||
        (rc = text(b, "reason", reason, STORAGE_SHORT_MAX)) < 0 ||
        (rc = nulls(b, STAGE_TAIL_NULLS)) < 0 || (rc = common_buf_putc(b, '\n')) < 0)
        return undo(b, start, rc);
    return 0;
}

int row_code(common_buf *b, int seq, const char *source, const char *key,
             const vacancy_code *code)
{
    size_t start = b->len;
    int rc;
    if (!code->soc2020[0])
        return bad("soc2020", "is empty: a recode needs a code");
    /* 33 columns of advert fields, the code, then the four hash columns */
    if ((rc = head(b, "code", seq, source, key, 0)) < 0 || (rc = nulls(b, 33)) < 0 ||
        (rc = code_columns(b, code)) < 0 || (rc = nulls(b, 4)) < 0 ||
        (rc = common_buf_putc(b, '\n')) < 0)
        return undo(b, start, rc);
    return 0;
}

static int body(common_buf *b, const storage_page *p)
{
    uLongf zlen;
    unsigned char *z;
    int rc;
    if (!p->body || p->body_len > PAGE_BODY_MAX)
        return common_buf_append(b, "\t\\N\t\\N\t\\N", 9);
    zlen = compressBound(p->body_len);
    if (!(z = common_malloc(zlen)))
        return COMMON_ENOMEM;
    if (compress2(z, &zlen, (const Bytef *)p->body, p->body_len, Z_BEST_SPEED) != Z_OK) {
        free(z);
        return common_error(COMMON_EINVAL, "page %s: could not be compressed", p->url);
    }
    rc = common_buf_printf(b, "\t%lld\t", (long long)common_hash(p->body, p->body_len));
    if (rc == 0)
        rc = db_copy_bytea(b, z, zlen);
    if (rc == 0)
        rc = common_buf_printf(b, "\t%zu", p->body_len);
    free(z);
    return rc;
}

int row_page(common_buf *b, const storage_page *p, unsigned keep_days)
{
    size_t start = b->len;
    struct tm tm;
    time_t t = p->fetched_at ? p->fetched_at : time(NULL);
    char when[32];
    int rc;

    if (!p->source || !*p->source || !p->url || !*p->url)
        return bad("page", "needs a source and a URL");
    gmtime_r(&t, &tm);
    strftime(when, sizeof(when), "%Y-%m-%d %H:%M:%S+00", &tm);
    if (strlen(p->source) > STORAGE_SHORT_MAX || !common_utf8_valid(p->source, strlen(p->source)))
        return bad("page source", "is too long or not valid UTF-8");
    if ((rc = db_copy_text(b, p->source)) < 0 ||
        (rc = text(b, "page url", p->url, STORAGE_URL_MAX)) < 0 ||
        (rc = text(b, "page canonical url", p->canonical_url, STORAGE_URL_MAX)) < 0 ||
        (rc = common_buf_printf(b, "\t%d", p->status)) < 0 ||
        (rc = text(b, "etag", p->etag, STORAGE_SHORT_MAX)) < 0 ||
        (rc = text(b, "last-modified", p->last_modified, STORAGE_SHORT_MAX)) < 0 ||
        (rc = common_buf_printf(b, "\t%s", when)) < 0)
        goto fail;
    if ((rc = body(b, p)) < 0 || (rc = common_buf_printf(b, "\t%u\n", keep_days)) < 0)
        goto fail;
    return 0;
fail:
    return undo(b, start, rc);
}
