/* geo.c - the geography lookups behind location resolution.
 *
 * Everything is read once from DATA_DIR/geography (see the reference README):
 *   drkane_geo_lookups/la_all_codes.csv     every LAD code since 2011 -> the
 *                                           current LAD, region, country
 *   ons_lookups_2021snapshot/LAD20_names    LAD names (English and Welsh)
 *   mysociety_la_names/                     council name variants -> GSS code
 *   postcodes_io/nuts.json                  LAD -> ITL3
 *   ons_lookups_2021snapshot/TCITY15        major towns and cities
 *   ons_lookups_2021snapshot/BUA11_to_LAD11 built-up areas -> LAD
 *   os_open_names_2021_partial/             places and postcode districts
 *   ons_lookups_2021snapshot/WD19_to_LAD19  wards -> LAD (suburbs, towns
 *                                           missing from the partial OS file)
 * A district is also known by the leading words of its name ("Brighton" for
 * Brighton and Hove), below major towns (TCITY15, and the few in
 * town_districts[]) and above built-up areas and OS places, so a hamlet
 * called Brighton cannot beat the city. Names are matched on text_key() forms. A name that leads to two districts
 * at the same confidence is ambiguous and resolves nowhere rather than
 * somewhere wrong. */
#include "internal.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define GEO_KEY_MAX 128
#define GEO_COLS_MAX 12 /* columns one lookup file is read for */
#define PLACE_RANK_TOWN 3
#define GEO_OWNED_FIRST 1024 /* allocations room is made for at first */
#define GEO_CANDIDATES_MAX 16 /* districts one name is remembered for */

typedef struct {
    char *code, *name, *region_code, *region_name, *itl, *country;
    char *areas[3]; /* keys of its two-tier county, combined authority, region */
} lad;

/* Every district a name may mean, for a county after it to choose from. */
typedef struct {
    const lad *lad[GEO_CANDIDATES_MAX];
    size_t n;
    bool full; /* more districts than remembered: too vague to choose */
} candidates;

typedef struct {
    const lad *lad; /* NULL when ambiguous at this rank */
    int rank;
} place;

struct geo {
    pmap by_code, by_name, leading, prefixes, candidates, regions, counties, majors, towns, places, districts, wards;
    void **owned; /* every allocation the maps point at */
    size_t nowned, capowned;
};

static lad ambiguous; /* marks a key that names more than one district */

static int own(geo *g, void *p)
{
    if (!p)
        return COMMON_ENOMEM;
    if (common_grow(&g->owned, &g->capowned, g->nowned, sizeof(*g->owned), GEO_OWNED_FIRST)) {
        free(p);
        return COMMON_ENOMEM;
    }
    g->owned[g->nowned++] = p;
    return 0;
}

static char *own_str(geo *g, const char *s)
{
    char *copy = common_strdup(s ? s : "");
    return own(g, copy) ? NULL : copy;
}

static int add_candidate(geo *g, const char *key, const lad *target)
{
    candidates *c = pmap_get(&g->candidates, key);
    if (!c) {
        c = common_calloc(1, sizeof(*c));
        if (own(g, c) || pmap_add(&g->candidates, key, c) < 0)
            return COMMON_ENOMEM;
    }
    for (size_t i = 0; i < c->n; i++)
        if (c->lad[i] == target)
            return 0;
    if (c->n == GEO_CANDIDATES_MAX)
        c->full = true;
    else
        c->lad[c->n++] = target;
    return 0;
}

/* Add name -> target; a second, different target makes the name ambiguous. */
static int add_name(geo *g, pmap *m, const char *name, const lad *target)
{
    char key[GEO_KEY_MAX];
    text_key(name, key, sizeof(key));
    if (!*key || !target)
        return 0;
    if (add_candidate(g, key, target))
        return COMMON_ENOMEM;
    const lad *old = pmap_get(m, key);
    if (old && old != target)
        return pmap_set(m, key, &ambiguous) < 0 ? COMMON_ENOMEM : 0;
    return pmap_add(m, key, (void *)target) < 0 ? COMMON_ENOMEM : 0;
}

/* A district's name, and its leading words before "and", "with" or "city":
 * "Brighton" (Brighton and Hove), "Derry" (Derry City and Strabane),
 * "Hull" (mySociety's "Hull City Council"), "Telford" (Telford and Wrekin).
 * Every leading run of words goes to prefixes too, so that leading words
 * other districts' names also begin with stay ambiguous ("Newcastle":
 * Newcastle City Council, Newcastle-under-Lyme). */
static int add_district_name(geo *g, const char *name, const lad *target)
{
    static const char *const joins[] = {" and ", " with ", " city "};
    char key[GEO_KEY_MAX];
    text_key(name, key, sizeof(key));
    int rc = add_name(g, &g->by_name, key, target);
    for (char *sp = strchr(key, ' '); sp && !rc; sp = strchr(sp + 1, ' ')) {
        *sp = '\0';
        rc = add_name(g, &g->prefixes, key, target);
        *sp = ' ';
    }
    for (size_t i = 0; i < sizeof(joins) / sizeof(joins[0]) && !rc; i++) {
        for (char *at = strstr(key, joins[i]); at && !rc; at = strstr(at + 1, joins[i])) {
            char lead[GEO_KEY_MAX];
            snprintf(lead, sizeof(lead), "%.*s", (int)(at - key), key);
            rc = add_name(g, &g->leading, lead, target);
        }
    }
    return rc;
}

static const lad *get(const pmap *m, const char *name)
{
    char key[GEO_KEY_MAX];
    text_key(name, key, sizeof(key));
    return pmap_get(m, key);
}

/* The district whose name begins with these words, when only one does. */
static const lad *get_leading(const geo *g, const char *name)
{
    const lad *l = get(&g->leading, name);
    return l && get(&g->prefixes, name) == l ? l : NULL;
}

typedef int (*row_fn)(geo *g, const char **f, const int *col);

/* Read a CSV under the geography folder, handing each row's named columns. */
static int read_csv(geo *g, const char *dir, const char *rel, const char *const *cols,
                    int ncols, row_fn fn)
{
    char *path = NULL;
    common_buf b = COMMON_BUF_INIT;
    if (common_buf_printf(&b, "geography/%s", rel))
        return COMMON_ENOMEM;
    path = common_data_path(dir, b.data);
    common_buf_free(&b);
    if (!path)
        return COMMON_ENOMEM;
    common_csv *csv;
    int rc = common_csv_open(&csv, path);
    free(path);
    if (rc)
        return rc;
    int col[GEO_COLS_MAX];
    size_t nf;
    const char **f;
    bool header = true;
    while ((rc = common_csv_next(csv, &nf, &f)) == 1) {
        rc = 0;
        if (header) {
            header = false;
            for (int i = 0; i < ncols && !rc; i++)
                if ((col[i] = common_csv_column(nf, f, cols[i])) < 0)
                    rc = common_error(COMMON_EFORMAT, "%s: no column %s", common_csv_path(csv),
                                      cols[i]);
        } else {
            bool short_row = false;
            for (int i = 0; i < ncols; i++)
                short_row |= (size_t)col[i] >= nf;
            if (!short_row)
                rc = fn(g, f, col);
        }
        if (rc)
            break;
    }
    common_csv_close(csv);
    return rc;
}

static int lad_row(geo *g, const char **f, const int *c)
{
    /* LADCD, LADNM, LADCD_ACTIVE, LADNM_ACTIVE, RGNCD, RGNNM, CTRYCD, CTRYNM,
     * UTLACD, UTLANM, CAUTHNM */
    lad *l = pmap_get(&g->by_code, f[c[2]]);
    if (!l) {
        l = common_calloc(1, sizeof(*l));
        if (own(g, l))
            return COMMON_ENOMEM;
        bool england = *f[c[4]] != '\0';
        l->code = own_str(g, f[c[2]]);
        l->name = own_str(g, f[c[3]]);
        l->region_code = own_str(g, england ? f[c[4]] : f[c[6]]);
        l->region_name = own_str(g, england ? f[c[5]] : f[c[7]]);
        l->country = own_str(g, f[c[7]]);
        char key[GEO_KEY_MAX];
        const char *areas[] = {!strncmp(f[c[8]], "E10", 3) ? f[c[9]] : "", f[c[10]],
                               l->region_name ? l->region_name : ""};
        for (int i = 0; i < 3; i++) {
            text_key(areas[i], key, sizeof(key));
            if (!(l->areas[i] = own_str(g, key)))
                return COMMON_ENOMEM;
        }
        if (!l->code || !l->name || !l->region_code || !l->region_name || !l->country ||
            pmap_add(&g->by_code, l->code, l) < 0)
            return COMMON_ENOMEM;
        /* Regions and nations resolve on their own ("London", "Wales"). */
        text_key(l->region_name, key, sizeof(key));
        if (pmap_add(&g->regions, key, l) < 0)
            return COMMON_ENOMEM;
        text_key(l->country, key, sizeof(key));
        if (pmap_add(&g->regions, key, l) < 0)
            return COMMON_ENOMEM;
        /* Two-tier counties ("Surrey", code E10) and combined authorities
         * ("West Yorkshire") name areas of several districts: they give
         * the region only. */
        for (int i = 0; i < 2; i++)
            if (*l->areas[i] && pmap_add(&g->counties, l->areas[i], l) < 0)
                return COMMON_ENOMEM;
    }
    if (pmap_add(&g->by_code, f[c[0]], l) < 0)
        return COMMON_ENOMEM;
    return add_district_name(g, f[c[1]], l) ? COMMON_ENOMEM : add_district_name(g, f[c[3]], l);
}

static int lad20_row(geo *g, const char **f, const int *c)
{
    const lad *l = pmap_get(&g->by_code, f[c[0]]);
    int rc = add_district_name(g, f[c[1]], l);
    return rc ? rc : add_district_name(g, f[c[2]], l);
}

static pmap registry; /* only alive while the mysociety files load */

static int registry_row(geo *g, const char **f, const int *c)
{
    const lad *l = pmap_get(&g->by_code, f[c[0]]);
    return l && pmap_add(&registry, f[c[1]], (void *)l) < 0 ? COMMON_ENOMEM : 0;
}

static int la_name_row(geo *g, const char **f, const int *c)
{
    return add_district_name(g, f[c[0]], pmap_get(&registry, f[c[1]]));
}

/* "Bristol" -> "Bristol, City of"; "Telford" -> "Telford and Wrekin". */
static const lad *lad_like(const geo *g, const char *name)
{
    const lad *l = get(&g->by_name, name);
    return l ? l : get_leading(g, name);
}

/* Major towns whose district the reference data does not give: the
 * TCITY15 file holds town names only, and these towns are neither named
 * like their district nor a built-up area inside one district (the BUA11
 * file lacks sub-divisions such as Huddersfield; Birkenhead's BUA spans two
 * districts). Districts as in the ONS TCITY15 -> LAD lookup. Londonderry,
 * the city's official name, is in no file here (mySociety has "Derry"). */
static const struct {
    const char *town, *district;
} town_districts[] = {
    {"Birkenhead", "Wirral"},
    {"Bracknell", "Bracknell Forest"},
    {"Burton upon Trent", "East Staffordshire"},
    {"Gillingham", "Medway"},
    {"Halifax", "Calderdale"},
    {"Hemel Hempstead", "Dacorum"},
    {"High Wycombe", "Wycombe"},
    {"Huddersfield", "Kirklees"},
    {"Londonderry", "Derry City and Strabane"},
    {"South Shields", "South Tyneside"},
    {"Sutton Coldfield", "Birmingham"},
};

static int load_town_districts(geo *g)
{
    int rc = 0;
    for (size_t i = 0; i < sizeof(town_districts) / sizeof(town_districts[0]) && !rc; i++) {
        /* A data directory without the district leaves the town unknown. */
        const lad *l = get(&g->by_name, town_districts[i].district);
        if (l && l != &ambiguous)
            rc = add_name(g, &g->majors, town_districts[i].town, l);
    }
    return rc;
}

static int town_row(geo *g, const char **f, const int *c)
{
    const lad *l = lad_like(g, f[c[0]]);
    return l && l != &ambiguous ? add_name(g, &g->majors, f[c[0]], l) : 0;
}

static int bua_row(geo *g, const char **f, const int *c)
{
    char name[GEO_KEY_MAX];
    snprintf(name, sizeof(name), "%s", f[c[0]]);
    char *cut = strstr(name, " BUA");
    if (cut)
        *cut = '\0';
    if ((cut = strchr(name, '(')))
        *cut = '\0';
    return add_name(g, &g->towns, name, pmap_get(&g->by_code, f[c[1]]));
}

/* OS names a district "Pen-y-bont ar Ogwr - Bridgend": try each side. */
static const lad *os_district(const geo *g, const char *district, const char *county)
{
    const char *names[] = {district, county};
    for (int i = 0; i < 2; i++) {
        if (!*names[i])
            continue;
        const lad *l = get(&g->by_name, names[i]);
        const char *dash = strstr(names[i], " - ");
        if (!l && dash)
            l = get(&g->by_name, dash + 3);
        if (l && l != &ambiguous)
            return l;
    }
    return NULL;
}

static int place_rank(const char *type)
{
    static const struct {
        const char *type;
        int rank;
    } ranks[] = {{"City", 4}, {"Town", PLACE_RANK_TOWN}, {"Village", 2}, {"Suburban Area", 2}};
    for (size_t i = 0; i < sizeof(ranks) / sizeof(ranks[0]); i++)
        if (!strcmp(type, ranks[i].type))
            return ranks[i].rank;
    return 1;
}

static int add_place(geo *g, const char *name, const lad *l, int rank)
{
    char key[GEO_KEY_MAX];
    text_key(name, key, sizeof(key));
    if (!*key)
        return 0;
    if (add_candidate(g, key, l))
        return COMMON_ENOMEM;
    place *p = pmap_get(&g->places, key);
    if (p) {
        if (rank > p->rank) {
            p->lad = l;
            p->rank = rank;
        } else if (rank == p->rank && p->lad != l) {
            p->lad = NULL;
        }
        return 0;
    }
    p = common_malloc(sizeof(*p));
    if (own(g, p))
        return COMMON_ENOMEM;
    p->lad = l;
    p->rank = rank;
    return pmap_add(&g->places, key, p) < 0 ? COMMON_ENOMEM : 0;
}

static int place_row(geo *g, const char **f, const int *c)
{
    /* name1, name2, local_type, district_borough, county_unitary */
    const lad *l = os_district(g, f[c[3]], f[c[4]]);
    if (!l)
        return 0;
    int rank = place_rank(f[c[2]]);
    int rc = add_place(g, f[c[0]], l, rank);
    return rc || !*f[c[1]] ? rc : add_place(g, f[c[1]], l, rank);
}

static int district_row(geo *g, const char **f, const int *c)
{
    const lad *l = os_district(g, f[c[1]], f[c[2]]);
    return l && pmap_add(&g->districts, f[c[0]], (void *)l) < 0 ? COMMON_ENOMEM : 0;
}

static int ward_row(geo *g, const char **f, const int *c)
{
    const lad *l = pmap_get(&g->by_code, f[c[1]]);
    if (!l)
        return 0;
    int rc = add_name(g, &g->wards, f[c[0]], l);
    /* "Wednesbury North" also names the town "Wednesbury". */
    static const char *const compass[] = {" North", " South", " East", " West", " Central"};
    char stem[GEO_KEY_MAX];
    snprintf(stem, sizeof(stem), "%s", f[c[0]]);
    for (size_t i = 0; i < sizeof(compass) / sizeof(compass[0]) && !rc; i++) {
        size_t n = strlen(stem), m = strlen(compass[i]);
        if (n > m && !strcmp(stem + n - m, compass[i])) {
            stem[n - m] = '\0';
            rc = add_name(g, &g->wards, stem, l);
        }
    }
    return rc;
}

static int load_itl(geo *g, const char *dir)
{
    char *path = common_data_path(dir, "geography/postcodes_io/nuts.json");
    if (!path)
        return COMMON_ENOMEM;
    json_error_t err;
    json_t *root = json_load_file(path, 0, &err);
    int rc = root ? 0 : common_error(COMMON_EFORMAT, "%s: line %d: %s", path, err.line, err.text);
    const char *code;
    json_t *v;
    json_object_foreach(root, code, v) {
        lad *l = pmap_get(&g->by_code, code);
        const char *itl = json_string_value(json_object_get(v, "code"));
        if (l && itl && !l->itl && !(l->itl = own_str(g, itl))) {
            rc = COMMON_ENOMEM;
            break;
        }
    }
    json_decref(root);
    free(path);
    return rc;
}

int geo_load(geo **out, const char *dir)
{
    geo *g = common_calloc(1, sizeof(*g));
    if (!(*out = g))
        return COMMON_ENOMEM;
    /* In order: names need the LADs, places and wards need the names. */
    static const struct {
        const char *file;
        const char *cols[GEO_COLS_MAX];
        int ncols;
        row_fn fn;
    } loads[] = {
        {"drkane_geo_lookups/la_all_codes.csv",
         {"LADCD", "LADNM", "LADCD_ACTIVE", "LADNM_ACTIVE", "RGNCD", "RGNNM", "CTRYCD", "CTRYNM",
          "UTLACD", "UTLANM", "CAUTHNM"},
         11, lad_row},
        {"ons_lookups_2021snapshot/LAD20_names_codes_UK__csv_276.csv",
         {"LAD20CD", "LAD20NM", "LAD20NMW"}, 3, lad20_row},
        {"mysociety_la_names/lookup_gss_to_registry.csv", {"gss-code", "local-authority-code"}, 2,
         registry_row},
        {"mysociety_la_names/lookup_name_to_registry.csv", {"la-name", "local-authority-code"}, 2,
         la_name_row},
        {"ons_lookups_2021snapshot/TCITY15_major_towns_cities_EW__csv_281.csv", {"TCITY15NM"}, 1,
         town_row},
        {"ons_lookups_2021snapshot/BUA11_to_LAD11_EW__csv_101.csv", {"BUA11NM", "LAD11CD"}, 2,
         bua_row},
        {"os_open_names_2021_partial/populated_places.csv",
         {"name1", "name2", "local_type", "district_borough", "county_unitary"}, 5, place_row},
        {"os_open_names_2021_partial/postcode_district_centroids.csv",
         {"postcode_district", "modal_district_borough", "modal_county_unitary"}, 3, district_row},
        {"ons_lookups_2021snapshot/WD19_to_LAD19_UK__csv_056.csv", {"WD19NM", "LAD19CD"}, 2,
         ward_row},
    };
    int rc = 0;
    for (size_t i = 0; i < sizeof(loads) / sizeof(loads[0]) && !rc; i++)
        rc = read_csv(g, dir, loads[i].file, loads[i].cols, loads[i].ncols, loads[i].fn);
    pmap_free(&registry);
    if (!rc)
        rc = load_town_districts(g);
    if (!rc)
        rc = load_itl(g, dir);
    if (rc) {
        geo_free(g);
        *out = NULL;
    }
    return rc;
}

void geo_free(geo *g)
{
    if (!g)
        return;
    pmap *maps[] = {&g->by_code,  &g->by_name, &g->leading, &g->prefixes, &g->candidates,
                    &g->regions,  &g->counties, &g->majors, &g->towns,   &g->places,
                    &g->districts, &g->wards};
    for (size_t i = 0; i < sizeof(maps) / sizeof(maps[0]); i++)
        pmap_free(maps[i]);
    for (size_t i = 0; i < g->nowned; i++)
        free(g->owned[i]);
    free(g->owned);
    free(g);
}

static int area_of(const lad *l, geo_area *out, bool region_only)
{
    if (!l || l == &ambiguous)
        return COMMON_ENOTFOUND;
    memset(out, 0, sizeof(*out));
    if (!region_only) {
        out->lad_code = l->code;
        out->lad_name = l->name;
        out->itl_code = l->itl;
    }
    out->region_code = l->region_code;
    out->region_name = l->region_name;
    out->country = l->country;
    return 0;
}

int geo_district(const geo *g, const char *district, geo_area *out)
{
    return area_of(pmap_get(&g->districts, district), out, false);
}

static bool is_country(const char *key)
{
    static const char *const nations[] = {"england", "wales", "scotland", "northern ireland"};
    for (size_t i = 0; i < sizeof(nations) / sizeof(nations[0]); i++)
        if (!strcmp(key, nations[i]))
            return true;
    return false;
}

static int place_once(const geo *g, const char *name, geo_area *out, const char **how);

/* "Central London", "Greater Manchester": the prefix only narrows. */
int geo_place(const geo *g, const char *name, geo_area *out, const char **how)
{
    int rc = place_once(g, name, out, how);
    static const char *const prefixes[] = {"central ", "greater ", "city of "};
    for (size_t i = 0; rc == COMMON_ENOTFOUND && i < sizeof(prefixes) / sizeof(prefixes[0]); i++) {
        size_t n = strlen(prefixes[i]);
        if (!strncasecmp(name, prefixes[i], n))
            rc = place_once(g, name + n, out, how);
    }
    return rc;
}

static int place_once(const geo *g, const char *name, geo_area *out, const char **how)
{
    char key[GEO_KEY_MAX];
    text_key(name, key, sizeof(key));
    const place *pl = pmap_get(&g->places, key);
    const lad *region = get(&g->regions, name);
    struct {
        const lad *l;
        const char *how;
        bool region_only;
    } tries[] = {
        {get(&g->by_name, name), "district", false},
        {region, is_country(key) ? "country" : "region", true},
        {get(&g->counties, name), "county", true},
        /* Major towns before built-up areas: a BUA spanning two districts
         * ("Telford") must not unsettle the town. */
        {get(&g->majors, name), "town", false},
        {get_leading(g, name), "district", false},
        {get(&g->towns, name), "town", false},
        {pl && pl->rank >= PLACE_RANK_TOWN ? pl->lad : NULL, "place", false},
        {pl ? pl->lad : NULL, "place", false},
        /* A place name known to be ambiguous is not settled by a ward. */
        {pl ? NULL : get(&g->wards, name), "ward", false},
    };
    for (size_t i = 0; i < sizeof(tries) / sizeof(tries[0]); i++) {
        if (!area_of(tries[i].l, out, tries[i].region_only)) {
            if (tries[i].region_only && !strcmp(tries[i].how, "country"))
                out->region_code = out->region_name = NULL;
            *how = tries[i].how;
            return tries[i].region_only ? 1 : 0;
        }
    }
    return COMMON_ENOTFOUND;
}

/* The one district NAME may mean inside AREA, a county, combined authority,
 * region or district named after it: "Gillingham, Dorset",
 * "Newcastle, Staffordshire". */
int geo_place_within(const geo *g, const char *name, const char *area, geo_area *out)
{
    char key[GEO_KEY_MAX], in[GEO_KEY_MAX];
    text_key(name, key, sizeof(key));
    text_key(area, in, sizeof(in));
    const candidates *c = pmap_get(&g->candidates, key);
    const lad *district = pmap_get(&g->by_name, in), *found = NULL;
    if (!c || c->full || !*in)
        return COMMON_ENOTFOUND;
    for (size_t i = 0; i < c->n; i++) {
        const lad *l = c->lad[i];
        bool inside = l == district;
        for (int a = 0; a < 3 && !inside; a++)
            inside = !strcmp(l->areas[a], in);
        if (inside && found && found != l)
            return COMMON_ENOTFOUND;
        if (inside)
            found = l;
    }
    return area_of(found, out, false);
}
