/* test_model.c - the classifier inside the coder: training on a small
 * index codes its own titles, results are identical across runs, and a
 * corrupt or missing model is a clear error. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "coder/coder.h"

#define SMALL_INDEX VH_TEST_SOURCE_DIR "/tests/coder/fixtures/index_v3_01022024.csv"

static char dir_a[] = "/tmp/vh_model_a_XXXXXX";
static char dir_b[] = "/tmp/vh_model_b_XXXXXX";

static int setup(void **state)
{
    (void)state;
    if (!mkdtemp(dir_a) || !mkdtemp(dir_b))
        return -1;
    coder_train_options o = {.epoch = 200};
    if (coder_train(SMALL_INDEX, dir_a, &o) || coder_train(SMALL_INDEX, dir_b, &o)) {
        fprintf(stderr, "setup: %s\n", common_last_error());
        return -1;
    }
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    char cmd[128];
    snprintf(cmd, sizeof(cmd), "rm -rf %s %s", dir_a, dir_b);
    return system(cmd) == 0 ? 0 : -1;
}

static void test_codes_its_own_titles(void **state)
{
    (void)state;
    static const struct {
        const char *title, *soc;
    } own[] = {{"Staff nurse", "2237"}, {"Paediatric staff nurse", "2236"},
               {"Claims adjuster", "3541"}, {"Software engineer", "2134"},
               {"Warehouse operative", "9252"}};
    coder *c;
    coder_ctx *ctx;
    assert_int_equal(coder_open(&c, dir_a), 0);
    assert_non_null(coder_model_version(c));
    assert_int_equal(coder_ctx_new(c, &ctx), 0);
    for (size_t i = 0; i < sizeof(own) / sizeof(own[0]); i++) {
        coder_method methods[] = {CODER_METHOD_MODEL, CODER_METHOD_COMBINED};
        for (size_t m = 0; m < 2; m++) {
            coder_result r;
            coder_options o = {.top = 3, .method = methods[m]};
            assert_int_equal(coder_code(ctx, own[i].title, NULL, &o, &r), 0);
            if (r.n == 0 || strcmp(r.cand[0].soc2020, own[i].soc))
                fail_msg("%s (%s): want %s, got %s", own[i].title,
                         coder_method_name(methods[m]), own[i].soc,
                         r.n ? r.cand[0].soc2020 : "nothing");
            assert_true(r.cand[0].confidence >= 0 && r.cand[0].confidence <= 100);
        }
    }
    coder_ctx_free(ctx);
    coder_close(c);
}

/* "Store manager" is 1222 in three qualified rows and 1242 unqualified:
 * bare, the classifier must have learnt ONS's unqualified code, not the
 * mix of rows; context still picks the qualified one. */
static void test_unqualified_title_gets_ons_code(void **state)
{
    (void)state;
    coder *c;
    coder_ctx *ctx;
    assert_int_equal(coder_open(&c, dir_a), 0);
    assert_int_equal(coder_ctx_new(c, &ctx), 0);
    coder_method methods[] = {CODER_METHOD_MODEL, CODER_METHOD_COMBINED};
    for (size_t m = 0; m < 2; m++) {
        coder_result r;
        coder_options o = {.top = 3, .method = methods[m]};
        assert_int_equal(coder_code(ctx, "Store Manager", NULL, &o, &r), 0);
        assert_true(r.n > 0);
        if (strcmp(r.cand[0].soc2020, "1242"))
            fail_msg("Store Manager (%s): want 1242, got %s", coder_method_name(methods[m]),
                     r.cand[0].soc2020);
    }
    coder_result r;
    coder_options o = {.top = 3, .method = CODER_METHOD_COMBINED};
    assert_int_equal(coder_code(ctx, "Store Manager", "a busy coffee shop", &o, &r), 0);
    assert_string_equal(r.cand[0].soc2020, "1222");
    coder_ctx_free(ctx);
    coder_close(c);
}

/* A code only the classifier gave takes its ISCO-08 from the unit group's
 * usual one: 9223 is 9112 in two entries and 5151 in one, the unqualified
 * "Cleaner". */
static void test_model_code_takes_usual_isco(void **state)
{
    (void)state;
    coder *c;
    coder_ctx *ctx;
    assert_int_equal(coder_open(&c, dir_a), 0);
    assert_int_equal(coder_ctx_new(c, &ctx), 0);
    coder_result r;
    coder_options o = {.top = 1, .method = CODER_METHOD_MODEL};
    assert_int_equal(coder_code(ctx, "Cleaner", NULL, &o, &r), 0);
    assert_string_equal(r.cand[0].soc2020, "9223");
    assert_string_equal(r.cand[0].isco08, "9112");
    coder_ctx_free(ctx);
    coder_close(c);
}

static int collect_unqualified(void *arg, const char *title, const char *soc)
{
    common_buf *b = arg;
    return common_buf_printf(b, "%s=%s;", title, soc);
}

static void test_unqualified_codes(void **state)
{
    (void)state;
    common_buf b = COMMON_BUF_INIT;
    assert_int_equal(coder_unqualified_codes(SMALL_INDEX, collect_unqualified, &b), 0);
    /* "picker" has no code without context: left out */
    assert_string_equal(b.data, "manager=1150;care assistant=6135;store manager=1242;");
    common_buf_free(&b);
    assert_int_not_equal(coder_unqualified_codes("/nonexistent.csv", collect_unqualified, &b),
                         0);
    assert_non_null(strstr(common_last_error(), "/nonexistent.csv"));
}

static void test_identical_across_runs(void **state)
{
    (void)state;
    coder *a, *b;
    assert_int_equal(coder_open(&a, dir_a), 0);
    assert_int_equal(coder_open(&b, dir_b), 0);
    assert_string_equal(coder_model_version(a), coder_model_version(b));
    coder_ctx *ca, *cb;
    coder_ctx_new(a, &ca);
    coder_ctx_new(b, &cb);
    const char *titles[] = {"Senior Staff Nurse - Leeds", "Warehouse Operatives", "Manager",
                            "Engineer Softwear"};
    for (size_t i = 0; i < sizeof(titles) / sizeof(titles[0]); i++) {
        coder_result ra, rb;
        assert_int_equal(coder_code(ca, titles[i], NULL, NULL, &ra), 0);
        assert_int_equal(coder_code(cb, titles[i], NULL, NULL, &rb), 0);
        assert_int_equal(ra.n, rb.n);
        for (size_t k = 0; k < ra.n; k++) {
            assert_string_equal(ra.cand[k].soc2020, rb.cand[k].soc2020);
            assert_int_equal(ra.cand[k].confidence, rb.cand[k].confidence);
        }
    }
    coder_ctx_free(ca);
    coder_ctx_free(cb);
    coder_close(a);
    coder_close(b);
}

static void test_generic_title_not_automatic(void **state)
{
    (void)state;
    coder *c;
    coder_ctx *ctx;
    assert_int_equal(coder_open(&c, dir_a), 0);
    coder_ctx_new(c, &ctx);
    coder_result r;
    coder_options o = {.top = 3, .min_confidence = 1};
    assert_int_equal(coder_code(ctx, "Manager", NULL, &o, &r), 0);
    assert_true(r.n > 0);
    assert_false(r.automatic); /* one word, nothing decided it */
    assert_int_equal(coder_code(ctx, "Manager", "retail banking", &o, &r), 0);
    assert_string_equal(r.cand[0].soc2020, "1131");
    coder_ctx_free(ctx);
    coder_close(c);
}

static void test_corrupt_or_missing_model(void **state)
{
    (void)state;
    char cmd[1024], model[64];
    snprintf(model, sizeof(model), "%s/model.bin", dir_b);
    /* Flip one byte in the middle of the model. */
    FILE *f = fopen(model, "r+b");
    assert_non_null(f);
    fseek(f, 0, SEEK_END);
    long size = ftell(f);
    fseek(f, size / 2, SEEK_SET);
    int ch = fgetc(f);
    fseek(f, size / 2, SEEK_SET);
    fputc(ch ^ 0x5a, f);
    fclose(f);
    coder *c;
    assert_int_equal(coder_open(&c, dir_b), COMMON_EFORMAT);
    assert_null(c);
    assert_non_null(strstr(common_last_error(), "model.bin: corrupt"));

    /* Truncated. */
    assert_int_equal(truncate(model, size / 3), 0);
    assert_int_equal(coder_open(&c, dir_b), COMMON_EFORMAT);

    /* Missing. */
    unlink(model);
    assert_true(coder_open(&c, dir_b) < 0);
    assert_non_null(strstr(common_last_error(), "model.bin"));

    /* Not a fastText model at all, though its checksum matches: libfasttext's
     * own refusal comes back as an error, not an exception or a crash. */
    static const char junk[] = "not a model\n";
    f = fopen(model, "wb");
    fputs(junk, f);
    fclose(f);
    snprintf(cmd, sizeof(cmd), "%s.sum", model);
    f = fopen(cmd, "w");
    fprintf(f, "%016llx %zu\n", (unsigned long long)common_hash(junk, strlen(junk)),
            strlen(junk));
    fclose(f);
    assert_int_equal(coder_open(&c, dir_b), COMMON_EFORMAT);
    assert_non_null(strstr(common_last_error(), "model.bin"));

    /* No model at all: an index-only coder; asking for the model fails. */
    snprintf(cmd, sizeof(cmd), "rm -f %s %s.sum %s/model.tsv", model, model, dir_b);
    assert_int_equal(system(cmd), 0);
    assert_int_equal(coder_open(&c, dir_b), 0);
    assert_null(coder_model_version(c));
    coder_ctx *ctx;
    coder_ctx_new(c, &ctx);
    coder_result r;
    coder_options o = {.method = CODER_METHOD_MODEL};
    assert_int_equal(coder_code(ctx, "Staff nurse", NULL, &o, &r), COMMON_EINVAL);
    assert_non_null(strstr(common_last_error(), "model train"));
    coder_ctx_free(ctx);
    coder_close(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_codes_its_own_titles),
        cmocka_unit_test(test_unqualified_title_gets_ons_code),
        cmocka_unit_test(test_unqualified_codes),
        cmocka_unit_test(test_model_code_takes_usual_isco),
        cmocka_unit_test(test_identical_across_runs),
        cmocka_unit_test(test_generic_title_not_automatic),
        cmocka_unit_test(test_corrupt_or_missing_model),
    };
    return cmocka_run_group_tests_name("model", tests, setup, teardown);
}
