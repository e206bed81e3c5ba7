/* fuzz_title.c - one advert title, and after a tab its context, through the
 * SOC coder: normaliser, exact passes, fuzzy ranking, qualifiers, and the
 * classifier and fusion when $VACANCY_CODER_DIR holds a trained coder.
 * Without it, an index-only coder is built once from the coding index in
 * $VACANCY_DATA_DIR. */
#include "coder/coder.h"
#include "fuzz_common.h"

#include <glob.h>
#include <unistd.h>

static coder *fuzz_coder;
static coder_ctx *fuzz_ctx;
static char tmp[] = "/tmp/vh_fuzz_title_XXXXXX";

/* The index-only coder's directory goes when the process ends. */
static void remove_tmp(void)
{
    char path[sizeof(tmp) + 32];
    snprintf(path, sizeof(path), "%s/coder-index.tsv", tmp);
    remove(path);
    rmdir(tmp);
}

static void open_coder(void)
{
    const char *dir = getenv(CODER_DIR_ENV);
    glob_t g = {0};
    if (!dir || !*dir) {
        char *pattern = common_data_path(NULL, "soc/soc2020_coding_index_*.csv");
        if (!pattern || !mkdtemp(tmp) || glob(pattern, 0, NULL, &g) || !g.gl_pathc ||
            coder_build(g.gl_pathv[g.gl_pathc - 1], tmp, NULL)) {
            fprintf(stderr, "fuzz: no coder: %s (set VACANCY_DATA_DIR)\n", common_last_error());
            abort();
        }
        free(pattern);
        globfree(&g);
        atexit(remove_tmp);
        dir = tmp;
    }
    if (coder_open(&fuzz_coder, dir) || coder_ctx_new(fuzz_coder, &fuzz_ctx)) {
        fprintf(stderr, "fuzz: %s: %s\n", dir, common_last_error());
        abort();
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!fuzz_ctx)
        open_coder();
    char *s = fuzz_string(data, size);
    if (!s)
        return 0;
    char *tab = strchr(s, '\t');
    if (tab)
        *tab++ = '\0';
    coder_result r;
    coder_options o = {.top = CODER_TOP_MAX};
    coder_code(fuzz_ctx, s, tab, &o, &r);
    common_buf b = COMMON_BUF_INIT;
    coder_normalise(s, &b);
    common_buf_free(&b);
    free(s);
    return 0;
}
