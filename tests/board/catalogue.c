/* catalogue.c - what the board advertises: real UK job titles with their
 * SOC 2020 unit groups (each an unambiguous entry of the ONS coding index,
 * v12), real towns with their local authority, and adverts drawn from them
 * deterministically from the seed, so the truth file is reproducible. */
#include "board.h"

#include <stdlib.h>
#include <string.h>

static const board_job jobs[] = {
    {"Staff Nurse", "2237"}, {"Registered Nurse", "2237"}, {"Mental Health Nurse", "2235"},
    {"Midwife", "2231"}, {"Paramedic", "2255"}, {"Physiotherapist", "2221"},
    {"Occupational Therapist", "2222"}, {"Speech and Language Therapist", "2223"},
    {"Pharmacist", "2251"}, {"Pharmacy Technician", "3212"}, {"Dentist", "2253"},
    {"Dental Nurse", "6133"}, {"Optometrist", "2252"}, {"Nursing Assistant", "6131"},
    {"Senior Care Assistant", "6136"}, {"Social Worker", "2461"},
    {"Primary School Teacher", "2314"}, {"Secondary School Teacher", "2313"},
    {"Childminder", "6114"}, {"Software Developer", "2134"}, {"Web Developer", "2134"},
    {"Systems Analyst", "2133"}, {"Network Engineer", "2137"},
    {"IT Support Technician", "3132"}, {"Web Designer", "2141"},
    {"Accounts Assistant", "4122"}, {"Payroll Administrator", "4122"},
    {"Bookkeeper", "4122"}, {"Credit Controller", "4121"}, {"Legal Secretary", "4212"},
    {"Medical Secretary", "4211"}, {"Solicitor", "2412"}, {"Recruitment Consultant", "3571"},
    {"Human Resources Adviser", "3571"}, {"Quantity Surveyor", "2453"},
    {"Town Planner", "2452"}, {"Financial Adviser", "2422"}, {"Tax Adviser", "2423"},
    {"Insurance Broker", "3531"}, {"Electrician", "5241"}, {"Carpenter", "5316"},
    {"Roofer", "5314"}, {"Tiler", "5322"}, {"Painter and Decorator", "5323"},
    {"Motor Mechanic", "5231"}, {"Locksmith", "5223"}, {"Warehouse Operative", "9252"},
    {"Fork Lift Truck Driver", "8222"}, {"HGV Driver", "8211"}, {"Van Driver", "8214"},
    {"Bus Driver", "8212"}, {"Train Driver", "8231"}, {"Chef", "5434"},
    {"Sous Chef", "5434"}, {"Kitchen Assistant", "9263"}, {"Barista", "9266"},
    {"Bar Staff", "9265"}, {"Hotel Receptionist", "4216"}, {"Hairdresser", "6221"},
    {"Call Centre Agent", "7211"}, {"Fitness Instructor", "3433"},
    {"Prison Officer", "3314"}, {"Firefighter", "3313"}, {"Refuse Collector", "9225"},
    {"Hospital Porter", "9262"},
};

/* Local authority district names and GSS codes as in the ONS LAD 2020 list. */
static const board_place places[] = {
    {"Leeds", "E08000035", "Leeds"}, {"Manchester", "E08000003", "Manchester"},
    {"Birmingham", "E08000025", "Birmingham"}, {"Sheffield", "E08000019", "Sheffield"},
    {"Bristol", "E06000023", "Bristol, City of"}, {"Liverpool", "E08000012", "Liverpool"},
    {"Newcastle upon Tyne", "E08000021", "Newcastle upon Tyne"},
    {"Nottingham", "E06000018", "Nottingham"}, {"Leicester", "E06000016", "Leicester"},
    {"Coventry", "E08000026", "Coventry"}, {"Cardiff", "W06000015", "Cardiff"},
    {"Swansea", "W06000011", "Swansea"}, {"Glasgow", "S12000049", "Glasgow City"},
    {"Edinburgh", "S12000036", "City of Edinburgh"}, {"Aberdeen", "S12000033", "Aberdeen City"},
    {"Belfast", "N09000003", "Belfast"}, {"Stockport", "E08000007", "Stockport"},
    {"Salford", "E08000006", "Salford"}, {"Reading", "E06000038", "Reading"},
    {"Guildford", "E07000209", "Guildford"}, {"Cheltenham", "E07000078", "Cheltenham"},
    {"Cambridge", "E07000008", "Cambridge"}, {"Oxford", "E07000178", "Oxford"},
    {"Norwich", "E07000148", "Norwich"}, {"Exeter", "E07000041", "Exeter"},
    {"Plymouth", "E06000026", "Plymouth"}, {"Brighton", "E06000043", "Brighton and Hove"},
    {"Southampton", "E06000045", "Southampton"}, {"York", "E06000014", "York"},
    {"Hull", "E06000010", "Kingston upon Hull, City of"}, {"Derby", "E06000015", "Derby"},
    {"Stoke-on-Trent", "E06000021", "Stoke-on-Trent"}, {"Sunderland", "E08000024", "Sunderland"},
    {"Preston", "E07000123", "Preston"}, {"Milton Keynes", "E06000042", "Milton Keynes"},
    {"Peterborough", "E06000031", "Peterborough"}, {"Swindon", "E06000030", "Swindon"},
    {"Bath", "E06000022", "Bath and North East Somerset"}, {"Huddersfield", "E08000034", "Kirklees"},
    {"Halifax", "E08000033", "Calderdale"}, {"Dundee", "S12000042", "Dundee City"},
    {"Inverness", "S12000017", "Highland"}, {"Newport", "W06000022", "Newport"},
    {"Wrexham", "W06000006", "Wrexham"}, {"Derry", "N09000005", "Derry City and Strabane"},
};

static const char *const employer_first[] = {
    "Northgate", "Riverside", "Pennine", "Kingsway", "Oakwood", "Harbour", "Summit",
    "Meadowbank", "Castlegate", "Westfield", "Brookside", "Highfield",
};
static const char *const employer_last[] = {
    "Care Ltd", "Logistics", "Partners LLP", "Group", "Services", "Healthcare",
    "Academy Trust", "Engineering Ltd", "Hospitality", "Solutions",
};

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* splitmix64: small, fast, and the same everywhere for a given seed. */
static uint64_t next_random(uint64_t *state)
{
    uint64_t z = (*state += 0x9E3779B97F4A7C15u);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9u;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBu;
    return z ^ (z >> 31);
}

static void draw(board_advert *a, uint64_t *rng)
{
    a->format = (board_format)((a->id - 1) % 3);
    a->job = &jobs[next_random(rng) % N(jobs)];
    a->place = &places[next_random(rng) % N(places)];
    snprintf(a->employer, sizeof(a->employer), "%s %s",
             employer_first[next_random(rng) % N(employer_first)],
             employer_last[next_random(rng) % N(employer_last)]);
    a->hourly = next_random(rng) % 10 < 3;
    if (a->hourly) { /* £11.00 to £19.75 an hour, in quarter pounds */
        a->pay_min = 11.0 + (double)(next_random(rng) % 36) * 0.25;
        a->pay_max = a->pay_min + (double)(next_random(rng) % 3);
    } else {         /* £20,000 to £59,000 a year */
        a->pay_min = 20000.0 + (double)(next_random(rng) % 40) * 1000.0;
        a->pay_max = a->pay_min + (double)(next_random(rng) % 5) * 2000.0;
    }
    a->posted_days_ago = (int)(next_random(rng) % 28);
}

int board_generate(board *b)
{
    size_t n = (size_t)b->hosts * b->adverts;
    b->ads = common_calloc(n, sizeof(*b->ads));
    b->closed = common_calloc(n, sizeof(*b->closed));
    if (!b->ads || !b->closed)
        return COMMON_ENOMEM;
    uint64_t rng = b->seed;
    for (unsigned h = 1; h <= b->hosts; h++)
        for (unsigned id = 1; id <= b->adverts; id++) {
            board_advert *a = &b->ads[(size_t)(h - 1) * b->adverts + (id - 1)];
            a->host = h;
            a->id = id;
            draw(a, &rng);
            b->closed[(size_t)(h - 1) * b->adverts + (id - 1)] =
                b->close_every && id % b->close_every == 0;
        }
    return 0;
}

const board_advert *board_advert_at(const board *b, unsigned host, unsigned id)
{
    if (host < 1 || host > b->hosts || id < 1 || id > b->adverts)
        return NULL;
    return &b->ads[(size_t)(host - 1) * b->adverts + (id - 1)];
}

bool board_is_closed(board *b, unsigned host, unsigned id)
{
    pthread_mutex_lock(&b->lock);
    bool c = b->closed[(size_t)(host - 1) * b->adverts + (id - 1)];
    pthread_mutex_unlock(&b->lock);
    return c;
}

void board_close(board *b, unsigned host, unsigned id)
{
    pthread_mutex_lock(&b->lock);
    b->closed[(size_t)(host - 1) * b->adverts + (id - 1)] = true;
    pthread_mutex_unlock(&b->lock);
}

const char *board_format_name(board_format f)
{
    return f == BOARD_JSONLD ? "jsonld" : f == BOARD_MICRODATA ? "microdata" : "html";
}

/* The board's "today" is fixed, so pages and truth never depend on the clock. */
void board_posted_date(const board_advert *a, char out[11])
{
    unsigned day = 28u - (unsigned)a->posted_days_ago % 28u; /* 1..28 October 2026 */
    snprintf(out, 11, "2026-10-%02u", day % 100u);
}

int board_write_truth(board *b)
{
    if (!b->truth_path)
        return 0;
    FILE *f = fopen(b->truth_path, "w");
    if (!f)
        return common_error(COMMON_EIO, "%s: cannot write the truth file", b->truth_path);
    fprintf(f, "host\tid\turl\tformat\ttitle\temployer\tsoc2020\tpay_min\tpay_max\t"
               "pay_period\tcurrency\tplace\tlad_code\tlad_name\tdate_posted\tstatus\n");
    for (unsigned h = 1; h <= b->hosts; h++)
        for (unsigned id = 1; id <= b->adverts; id++) {
            const board_advert *a = board_advert_at(b, h, id);
            char date[11];
            board_posted_date(a, date);
            fprintf(f, "board%u.test\t%u\thttp://board%u.test:%u/jobs/%u\t%s\t%s\t%s\t%s\t"
                       "%.2f\t%.2f\t%s\tGBP\t%s\t%s\t%s\t%s\t%s\n",
                    h, id, h, b->port, id, board_format_name(a->format), a->job->title,
                    a->employer, a->job->soc2020, a->pay_min, a->pay_max,
                    a->hourly ? "hour" : "year", a->place->town, a->place->lad_code,
                    a->place->lad_name, date, board_is_closed(b, h, id) ? "closed" : "open");
        }
    if (fclose(f))
        return common_error(COMMON_EIO, "%s: write failed", b->truth_path);
    return 0;
}
