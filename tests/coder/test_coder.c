/* test_coder.c - the title normaliser, exact / fuzzy matching, qualifiers
 * and bad input, on a small index written by the test, and on the real
 * ONS coding index when VACANCY_DATA_DIR holds it. */
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

/* ---- normaliser --------------------------------------------------------- */

static void check_norm(const char *title, const char *want)
{
    common_buf b = COMMON_BUF_INIT;
    int rc = coder_normalise(title, &b);
    if (rc)
        fail_msg("normalise(\"%s\") failed: %s", title, common_last_error());
    if (strcmp(b.data ? b.data : "", want))
        fail_msg("normalise(\"%s\") = \"%s\", want \"%s\"", title, b.data, want);
    common_buf_free(&b);
}

static void test_normalise_advert_noise(void **state)
{
    (void)state;
    check_norm("Staff Nurse - Band 5", "staff nurse band5");
    check_norm("Senior Care Assistant (Nights) £12.50ph + benefits", "senior care assistant");
    check_norm("Care Assistant - Nights - £11.50ph", "care assistant");
    check_norm("Warehouse Operative x3 - Immediate start (m/f/d)", "warehouse operative");
    check_norm("Sales Executive | £25k-£30k + OTE | Hybrid", "sale executive");
    check_norm("Ref: JR12345 Sales Exec x2", "sale executive");
    check_norm("Part-time Receptionist - Temp to Perm", "receptionist");
    check_norm("Hybrid - Software Engineer (Remote)", "software engineer");
    check_norm("Teaching Asst - Term Time Only", "teaching assistant");
    check_norm("HGV Class 1 Driver - Days/Nights", "hgv class1 driver");
    check_norm("Up to £40,000 Project Mgr", "project manager");
    check_norm("Delivery Driver £9 an hour", "delivery driver");
    check_norm("Policy Advisor (HEO)", "policy advisor heo");
    check_norm("Specialty Doctor ST3 - Paediatrics", "specialty doctor st3 paediatric");
    check_norm("Band 5 Staff Nurse - Acute Medicine", "band5 staff nurse acute medicine");
    check_norm("Multi-Skilled Maintenance Engineer", "maintenance engineer");
}

static void test_normalise_text_forms(void **state)
{
    (void)state;
    check_norm("Analyst, support, software", "software support analyst");
    check_norm("Caf&eacute; Assistant", "cafe assistant");
    check_norm("Care &amp; Support Worker \xE2\x80\x93 Days", "care and support worker");
    check_norm("Co-ordinator \xE2\x80\x98" "Events\xE2\x80\x99", "coordinator event");
    check_norm("Doctor's Receptionist", "doctor receptionist");
    check_norm("NURSES", "nurse");
    check_norm("Secretaries", "secretary");
    check_norm("Coaches", "coach");
    check_norm("Account Managers", "account manager");
    check_norm("Accounts Manager", "accounts manager"); /* finance, not clients */
    check_norm("High School Teacher", "secondary school teacher");
    check_norm("Realtor", "estate agent");
    check_norm("Speech-Language Pathologist", "speech therapist");
    check_norm("Physician Assistant", "physician associate");
    check_norm("Pathologist", "pathologist"); /* a doctor in Britain */
    check_norm("CNA - Nights", "nursing assistant");
    check_norm("Line Cook", "cook");
    check_norm("Vet Tech", "veterinary nurse");
    check_norm("Correctional Officer", "prison officer");
    check_norm("Journeyman Electrician", "electrician");
    check_norm("Sparky", "electrician");
    check_norm("Server - Part Time", "waiter"); /* alone, once the noise is gone */
    check_norm("SQL Server Developer", "sql server developer");
    check_norm("Program Manager", "programme manager");
    check_norm("FIFO Dump Truck Operator", "dump truck operator");
    check_norm("Injection Molding Technician", "injection moulding technician");
    check_norm("PA to the CEO - \xC2\xA3" "30k pa", "personal assistant to the ceo");
    check_norm("Temp", "");
}

static void test_normalise_bad_input(void **state)
{
    (void)state;
    common_buf b = COMMON_BUF_INIT;
    assert_int_equal(coder_normalise("", &b), COMMON_EINVAL);
    assert_non_null(strstr(common_last_error(), "empty"));
    assert_int_equal(coder_normalise("   ", &b), COMMON_EINVAL);
    assert_int_equal(coder_normalise("Nurse \xA3" "25k", &b), COMMON_EINVAL);
    assert_non_null(strstr(common_last_error(), "UTF-8"));
    char *big = malloc(100 * 1024 + 1);
    memset(big, 'a', 100 * 1024);
    big[100 * 1024] = '\0';
    assert_int_equal(coder_normalise(big, &b), COMMON_EINVAL);
    assert_non_null(strstr(common_last_error(), "102400 bytes"));
    free(big);
    /* Right at the limit, long words and many tokens are handled. */
    char *edge = malloc(CODER_TITLE_MAX + 1);
    for (int i = 0; i < CODER_TITLE_MAX; i++)
        edge[i] = i % 2 ? ' ' : 'x';
    edge[CODER_TITLE_MAX] = '\0';
    assert_int_equal(coder_normalise(edge, &b), 0);
    free(edge);
    common_buf_free(&b);
}

/* ---- a small index -------------------------------------------------------- */

#define SMALL_INDEX VH_TEST_SOURCE_DIR "/tests/coder/fixtures/index_v3_01022024.csv"

static char tmpdir[64];
static coder *small;
static coder_ctx *ctx;

/* Paths under the test's directory; a few can be live at once. */
static char *tmp_path(const char *name)
{
    static char paths[4][256];
    static int next;
    char *path = paths[next++ % 4];
    snprintf(path, 256, "%s/%s", tmpdir, name);
    return path;
}

static void write_file(const char *path, const char *content)
{
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(content, f);
    fclose(f);
}

static int small_setup(void **state)
{
    (void)state;
    snprintf(tmpdir, sizeof(tmpdir), "/tmp/vh_coder_XXXXXX");
    if (!mkdtemp(tmpdir))
        return -1;
    char out[256];
    snprintf(out, sizeof(out), "%s", tmp_path("coder"));
    if (coder_build(SMALL_INDEX, out, NULL) ||
        coder_open(&small, out) || coder_ctx_new(small, &ctx)) {
        fprintf(stderr, "setup: %s\n", common_last_error());
        return -1;
    }
    return 0;
}

static int small_teardown(void **state)
{
    (void)state;
    coder_ctx_free(ctx);
    coder_close(small);
    char cmd[128];
    snprintf(cmd, sizeof(cmd), "rm -rf %s", tmpdir);
    return system(cmd) == 0 ? 0 : -1;
}

static coder_result code(const char *title, const char *context)
{
    coder_result r;
    coder_options o = {.top = 3};
    if (coder_code(ctx, title, context, &o, &r))
        fail_msg("code(\"%s\"): %s", title, common_last_error());
    return r;
}

static void test_version_from_file_name(void **state)
{
    (void)state;
    assert_string_equal(coder_index_version(small), "v3 01022024");
}

static void test_exact(void **state)
{
    (void)state;
    coder_result r = code("Staff Nurse - Band 5", NULL);
    assert_true(r.n >= 1);
    assert_string_equal(r.cand[0].soc2020, "2237");
    assert_string_equal(r.cand[0].soc2010, "2231");
    assert_string_equal(r.cand[0].isco08, "2221");
    assert_string_equal(r.cand[0].matched, "Staff nurse");
    assert_string_equal(r.cand[0].soc2020_title, "Other registered nursing professionals");
    assert_int_equal(r.cand[0].method, CODER_METHOD_EXACT);
    assert_true(r.automatic);

    r = code("Nurse, staff, paediatric", NULL); /* index order */
    assert_string_equal(r.cand[0].soc2020, "2236");
    assert_int_equal(r.cand[0].method, CODER_METHOD_EXACT);

    r = code("Senior Software Engineer - Remote - £70k", NULL);
    assert_string_equal(r.cand[0].soc2020, "2134");
    assert_int_equal(r.cand[0].method, CODER_METHOD_EXACT);
}

static void test_fuzzy(void **state)
{
    (void)state;
    /* Head noun first: a staff claims adjuster is an adjuster, though
     * "staff" is a word of the nurses' titles. */
    coder_result r = code("Staff Claims Adjuster", NULL);
    assert_string_equal(r.cand[0].soc2020, "3541");
    assert_int_equal(r.cand[0].method, CODER_METHOD_FUZZY);
    assert_true(r.cand[0].score < 1.0);
    /* Word order and spelling. */
    r = code("Engineer Softwear", NULL);
    assert_string_equal(r.cand[0].soc2020, "2134");
    r = code("Warehouse Operatives Wanted", NULL);
    assert_string_equal(r.cand[0].soc2020, "9252");
    /* Nothing of it in the index. */
    r = code("Zyxwv Qwert", NULL);
    assert_int_equal(r.n, 0);
}

static void test_qualifiers(void **state)
{
    (void)state;
    coder_result r = code("Manager", "Retail banking, Barclays");
    assert_string_equal(r.cand[0].soc2020, "1131");
    assert_true(r.cand[0].flags & CODER_BY_CONTEXT);
    assert_true(r.automatic);

    r = code("Manager", "agriculture");
    assert_string_equal(r.cand[0].soc2020, "1211");

    /* No context: the unqualified default entry, flagged, not automatic. */
    r = code("Manager", NULL);
    assert_string_equal(r.cand[0].soc2020, "1150");
    assert_true(r.cand[0].flags & CODER_AMBIGUOUS);
    assert_true(r.cand[0].flags & CODER_DEFAULT);
    assert_false(r.automatic);
    assert_int_equal(r.n, 3); /* the other unit groups follow */

    /* No default at all (no unqualified row, no M, no majority): none of
     * its codes is preferred, and none is automatic. */
    r = code("Picker", NULL);
    assert_int_equal(r.n, 2);
    assert_true(r.cand[0].score == r.cand[1].score);
    assert_true(r.cand[0].flags & CODER_AMBIGUOUS);
    assert_false(r.cand[0].flags & CODER_DEFAULT);
    assert_false(r.automatic);
    r = code("Picker", "warehousing and distribution");
    assert_string_equal(r.cand[0].soc2020, "9252");

    r = code("Care Assistant", "Busy day nursery in Leeds");
    assert_string_equal(r.cand[0].soc2020, "6111");
    r = code("Care Assistant", NULL);
    assert_string_equal(r.cand[0].soc2020, "6135");
}

static void test_deterministic(void **state)
{
    (void)state;
    coder_result a = code("Claims handler adjuster", NULL);
    coder_result b = code("Claims handler adjuster", NULL);
    assert_int_equal(a.n, b.n);
    for (size_t i = 0; i < a.n; i++) {
        assert_string_equal(a.cand[i].soc2020, b.cand[i].soc2020);
        assert_true(a.cand[i].score == b.cand[i].score);
    }
}

static void test_bad_input(void **state)
{
    (void)state;
    coder_result r;
    assert_int_equal(coder_code(ctx, "", NULL, NULL, &r), COMMON_EINVAL);
    assert_int_equal(coder_code(ctx, "\xff\xfe", NULL, NULL, &r), COMMON_EINVAL);
    char *big = malloc(100 * 1024 + 1);
    memset(big, 'n', 100 * 1024);
    big[100 * 1024] = '\0';
    assert_int_equal(coder_code(ctx, big, NULL, NULL, &r), COMMON_EINVAL);
    assert_int_equal(r.n, 0);
    free(big);
    /* A huge context is read up to its limit, not refused. */
    char *ctxt = malloc(1 << 20);
    memset(ctxt, 'b', (1 << 20) - 1);
    ctxt[(1 << 20) - 1] = '\0';
    assert_int_equal(coder_code(ctx, "Manager", ctxt, NULL, &r), 0);
    free(ctxt);
}

static void test_missing_and_malformed_files(void **state)
{
    (void)state;
    coder *c;
    assert_int_equal(coder_open(&c, "/nonexistent/coder"), COMMON_EIO);
    assert_null(c);
    assert_non_null(strstr(common_last_error(), "/nonexistent/coder/coder-index.tsv"));

    assert_int_equal(coder_build("/nonexistent/x_v1_01012020.csv", tmp_path("o"), NULL),
                     COMMON_EIO);
    assert_non_null(strstr(common_last_error(), "/nonexistent/x_v1_01012020.csv"));

    /* A bad code names the file and the line. */
    write_file(tmp_path("bad_v1_01012020.csv"),
               "SOC_2020,SOC_2010,ISCO-08 code based on SOC2020,D,"
               "INDEXOCC_-_natural_word_order,ADD,IND,SOC2020_unit_group_title\n"
               "2237,2231,2221,,Staff nurse,,,Nurses\n"
               "22x7,2231,2221,,Nurse,,,Nurses\n");
    assert_int_equal(coder_build(tmp_path("bad_v1_01012020.csv"), tmp_path("o"), NULL),
                     COMMON_EFORMAT);
    assert_non_null(strstr(common_last_error(), "bad_v1_01012020.csv:3:"));

    /* A missing column is named. */
    write_file(tmp_path("nocol_v1_01012020.csv"), "SOC_2020,D\n2237,\n");
    assert_int_equal(coder_build(tmp_path("nocol_v1_01012020.csv"), tmp_path("o"), NULL),
                     COMMON_EFORMAT);
    assert_non_null(strstr(common_last_error(), "SOC_2010"));

    /* No version in the name and none given. */
    assert_int_equal(system("cp " SMALL_INDEX " /tmp/vh_coder_noversion.csv"), 0);
    assert_int_equal(coder_build("/tmp/vh_coder_noversion.csv", tmp_path("o"), NULL),
                     COMMON_EINVAL);
    unlink("/tmp/vh_coder_noversion.csv");
    assert_non_null(strstr(common_last_error(), "--index-version"));

    /* A corrupt artefact is refused with its name. */
    assert_int_equal(system("mkdir -p /tmp/vh_coder_corrupt && echo garbage > "
                            "/tmp/vh_coder_corrupt/coder-index.tsv"), 0);
    assert_int_equal(coder_open(&c, "/tmp/vh_coder_corrupt"), COMMON_EFORMAT);
    assert_non_null(strstr(common_last_error(), "rebuild"));
    assert_int_equal(system("rm -rf /tmp/vh_coder_corrupt"), 0);
}

/* ---- the real ONS index, when present -------------------------------------- */

static void test_real_index(void **state)
{
    (void)state;
    char *csv = common_data_path(NULL, "soc/soc2020_coding_index_v12_16042025.csv");
    if (access(csv, R_OK) != 0) {
        free(csv);
        skip();
    }
    coder *c;
    coder_ctx *x;
    assert_int_equal(coder_build(csv, tmp_path("real"), NULL), 0);
    assert_int_equal(coder_open(&c, tmp_path("real")), 0);
    assert_int_equal(coder_ctx_new(c, &x), 0);
    assert_string_equal(coder_index_version(c), "v12 16042025");
    static const struct {
        const char *title, *soc;
    } cases[] = {
        {"Staff Nurse - Band 5", "2237"},
        {"Claims Adjuster", "3541"},
        {"Warehouse Operative x3 - Immediate start (m/f/d)", "9252"},
        {"HGV Class 1 Driver", "8211"},
        {"Sous Chef", "5434"},
        {"Senior Software Engineer (Python) - Remote - £70k", "2134"},
        {"Analyst, support, software", "3132"},
        {"Helthcare Assistent", "6131"},
        {"Primary School Teacher", "2314"},
        {"Electrician - £18ph", "5241"},
        {"Band 5 Staff Nurse - Acute Medicine", "2237"}, /* grade, then a segment */
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        coder_result r;
        coder_options o = {.top = 3};
        assert_int_equal(coder_code(x, cases[i].title, NULL, &o, &r), 0);
        bool found = false;
        for (size_t k = 0; k < r.n; k++)
            found |= !strcmp(r.cand[k].soc2020, cases[i].soc);
        if (!r.n || !found)
            fail_msg("%s: want %s in top 3, got %s", cases[i].title, cases[i].soc,
                     r.n ? r.cand[0].soc2020 : "nothing");
    }
    /* First place, by ONS's rules: spellings cross-referenced with an extra
     * word ("Secretary-manager: see Manager") are not spellings of the first
     * word; a title ONS codes by qualifier gets its unqualified code; a
     * cross-referenced title is coded as its target ("General manager: see
     * also Manager ( )", and Manager in a hotel is 1221); "accounts" is not
     * "account"; what follows "in" or "to" does not hide the title before
     * it, unless ONS lists the whole title;
     * "Head of: see also Manager" does not make every head a manager (an
     * "Assistant Manager" is no assistant head teacher, 231x). */
    static const struct {
        const char *title, *soc;
    } first[] = {{"Legal Secretary", "4212"}, {"General Secretary", "1139"},
                 {"Store Manager", "1242"}, {"Customer Service Advisor", "7219"},
                 {"General Manager - Hotel", "1221"}, {"Account Manager", "3556"},
                 {"Accounts Manager", "3534"}, {"Lecturer in Computer Science", "2311"},
                 {"Multi-Skilled Maintenance Engineer", "5223"}, {"Head Chef", "5434"},
                 {"Executive Assistant to the CEO", "4215"}, {"PA to the Headteacher", "4215"},
                 {"Clerk to the Governors", "4113"},
                 /* American titles, by the British words ONS lists */
                 {"Speech-Language Pathologist", "2223"}, {"Physician Assistant", "2259"},
                 {"CDL Driver", "8211"}, {"CDL-A Truck Driver", "8211"}, {"LPN", "3213"},
                 {"CNA", "6131"}, {"Licensed Practical Nurse", "3213"}, {"Line Cook", "5435"},
                 {"Vet Tech", "3240"}, {"Veterinary Technician", "3240"},
                 {"Store Associate", "7111"}, {"Correctional Officer", "3314"},
                 {"Special Education Teacher", "2316"}, {"School Bus Driver", "8212"},
                 {"Heavy Equipment Operator", "8229"}, {"Front Desk Agent", "4216"},
                 {"CPA", "2421"}, {"Server", "9264"}, {"Journeyman Electrician", "5241"},
                 {"Sparky", "5241"}, {"SLP", "2223"}, {"Anesthesiologist", "2212"},
                 {"Program Coordinator", "2440"}, {"Travel Nurse", "2237"},
                 {"Mail Carrier", "9211"}, {"Transit Operator", "8212"},
                 {"Sewing Machine Operator", "8146"}, {"Drafter", "3120"},
                 {"CAD Drafter", "3120"},
                 /* Australian and Indian ones */
                 {"Vet Nurse", "3240"}, {"Telecaller", "7113"}, {"Boilermaker", "5212"},
                 {"Commis", "5434"}, {"Parts Interpreter", "7115"},
                 /* technology titles by the words ONS spells out */
                 {"Site Reliability Engineer", "2139"}, {"AI Engineer", "2134"},
                 {"ML Engineer", "2134"}, {"Generative AI Engineer", "2134"},
                 {"Site Engineer", "2121"}, {"Class 1 Night Trunker", "8211"},
                 {"Formworker", "5316"}};
    for (size_t i = 0; i < sizeof(first) / sizeof(first[0]); i++) {
        coder_result r;
        coder_options o = {.top = 1};
        assert_int_equal(coder_code(x, first[i].title, NULL, &o, &r), 0);
        if (!r.n || strcmp(r.cand[0].soc2020, first[i].soc))
            fail_msg("%s: want %s first, got %s", first[i].title, first[i].soc,
                     r.n ? r.cand[0].soc2020 : "nothing");
    }
    coder_result r;
    assert_int_equal(coder_code(x, "Assistant Manager", NULL, NULL, &r), 0);
    assert_true(r.n > 0 && strncmp(r.cand[0].soc2020, "231", 3));
    /* One word is automatic when ONS lists it alone with one code, under
     * that entry; not when ONS lists it only with a qualifier. */
    assert_int_equal(coder_code(x, "Plumber", NULL, NULL, &r), 0);
    assert_true(r.automatic);
    assert_int_equal(coder_code(x, "Doctor", NULL, NULL, &r), 0);
    assert_true(r.automatic && !r.cand[0].qualifier); /* not "Doctor (GP)" */
    assert_int_equal(coder_code(x, "Coordinator", NULL, NULL, &r), 0);
    assert_false(r.automatic); /* only "Coordinator (charitable, welfare services)" */
    coder_ctx_free(x);
    coder_close(c);
    free(csv);
}

int main(void)
{
    const struct CMUnitTest norm[] = {
        cmocka_unit_test(test_normalise_advert_noise),
        cmocka_unit_test(test_normalise_text_forms),
        cmocka_unit_test(test_normalise_bad_input),
    };
    const struct CMUnitTest index[] = {
        cmocka_unit_test(test_version_from_file_name),
        cmocka_unit_test(test_exact),
        cmocka_unit_test(test_fuzzy),
        cmocka_unit_test(test_qualifiers),
        cmocka_unit_test(test_deterministic),
        cmocka_unit_test(test_bad_input),
        cmocka_unit_test(test_missing_and_malformed_files),
        cmocka_unit_test(test_real_index),
    };
    int failed = cmocka_run_group_tests_name("normaliser", norm, NULL, NULL);
    failed += cmocka_run_group_tests_name("index", index, small_setup, small_teardown);
    return failed;
}
