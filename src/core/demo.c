/*
 * demo: the generated organisation behind `baton demo --scale N`. It fills
 * an empty database with n blockers, n/10 projects, 12 or more departments
 * with a few people each and n/100 indicators with a year of readings, in
 * proportions a real company would show: most blockers long resolved or
 * declined, a tenth waiting in triage, many waiting on another department;
 * projects that depend on older projects; indicators mostly green.
 *
 * The output depends only on n, the seed and the day of time_now(): a small
 * PRNG of our own (splitmix64) drives every choice and every time is
 * counted from midnight UTC, so with $BATON_NOW fixed two runs give
 * byte-identical databases. Benchmarks rely on that.
 *
 * Speed matters (bench/gen.sh goes to a million blockers), so rows go in
 * through a handful of statements prepared once for this run, inside one
 * transaction, with explicit ids so that references need no look-ups.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "baton/str.h"
#include "baton/timeutil.h"
#include "internal.h"

/* Past this the per-blocker scratch array and the run time stop being
 * reasonable for a demo. */
#define DEMO_MAX_SCALE 10000000L
#define DAY 86400

/* ---- PRNG -------------------------------------------------------------- */

/* splitmix64: tiny, fast, and every seed (0 too) gives a good stream. */
struct rng {
    uint64_t s;
};

static uint64_t rng_next(struct rng *r)
{
    uint64_t z = (r->s += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

/* Uniform in [0, n); n > 0. Multiply-shift: no modulo bias worth noticing. */
static long rng_below(struct rng *r, long n)
{
    return (long)(((rng_next(r) >> 32) * (uint64_t)n) >> 32);
}

/* Uniform in [lo, hi]. */
static long rng_range(struct rng *r, long lo, long hi)
{
    return lo + rng_below(r, hi - lo + 1);
}

static double rng_unit(struct rng *r)
{
    return (double)(rng_next(r) >> 11) * 0x1.0p-53;
}

static bool rng_chance(struct rng *r, int percent)
{
    return rng_below(r, 100) < percent;
}

/* Index into weights[0..n), chosen in proportion to the weights. */
static int rng_weighted(struct rng *r, const int *weights, int n)
{
    long total = 0;
    for (int i = 0; i < n; i++)
        total += weights[i];
    long x = rng_below(r, total);
    for (int i = 0; i < n; i++) {
        if (x < weights[i])
            return i;
        x -= weights[i];
    }
    return n - 1;
}

/* Days drawn from an exponential with the given mean, capped: ages of open
 * blockers cluster near today with a long tail, as in a real queue. */
static long rng_expo_days(struct rng *r, double mean, long cap)
{
    double u = rng_unit(r);
    long d = (long)(-log(1.0 - u) * mean);
    return d > cap ? cap : d;
}

/* ---- what the organisation is made of ---------------------------------- */

struct dept_spec {
    const char *key, *name;
    int weight; /* share of projects */
    const char *titles[4]; /* lead first */
    const char *projects[8];
};

static const struct dept_spec base_depts[] = {
    {"ENG", "Engineering", 6,
     {"Head of Engineering", "Staff Engineer", "Software Engineer", "Site Reliability Engineer"},
     {"Migrate the order service to the new event bus", "Replace the legacy routing engine",
      "Public tracking API v2", "Cut CI build time in half", "Multi-region failover for checkout",
      "Retire the on-premise message queue", "Carrier integration framework",
      "Mobile driver app offline mode"}},
    {"OPS", "Operations", 5,
     {"Head of Operations", "Operations Manager", "Shift Supervisor", "Logistics Planner"},
     {"Open the Rotterdam cross-dock", "Roll out handheld scanners to all depots",
      "Peak season staffing plan", "Consolidate the two Midlands warehouses",
      "Returns processing redesign", "Cold-chain monitoring for pharma lanes",
      "Dock scheduling automation", "Reduce mis-picks below 0.5%"}},
    {"PROD", "Product", 4,
     {"Head of Product", "Product Manager", "Product Designer", "Product Analyst"},
     {"Self-service shipment booking", "Customer portal redesign",
      "Delivery time-slot selection", "Pricing calculator for SMB customers",
      "Notification preferences centre", "Proof-of-delivery photos in the portal",
      "Usage analytics for enterprise accounts", "Accessibility audit fixes"}},
    {"SALES", "Sales", 4,
     {"Head of Sales", "Account Executive", "Sales Engineer", "Sales Operations Analyst"},
     {"Enterprise pricing tiers", "CRM territory realignment", "Partner reseller programme",
      "Renewal playbook for top 50 accounts", "Quote-to-cash automation",
      "Sales onboarding curriculum", "Public sector framework bid",
      "Pipeline hygiene clean-up"}},
    {"MKT", "Marketing", 3,
     {"Head of Marketing", "Campaign Manager", "Content Strategist", "Marketing Analyst"},
     {"Brand refresh", "Website migration to the new CMS", "Spring trade show programme",
      "Customer case study series", "Lead scoring model", "Newsletter relaunch",
      "Localised landing pages", "Attribution reporting"}},
    {"FIN", "Finance", 3,
     {"Chief Financial Officer", "Financial Controller", "Financial Analyst",
      "Accounts Payable Specialist"},
     {"Move to the new general ledger", "E-invoicing for EU customers",
      "Close the books in five days", "FY2027 budget cycle", "Carrier invoice auditing",
      "Treasury management system", "Expense tool replacement", "VAT reporting automation"}},
    {"HR", "People", 2,
     {"Head of People", "HR Business Partner", "Recruiter", "Payroll Specialist"},
     {"New HR information system", "Engineering career ladder", "Depot staff onboarding",
      "Annual engagement survey", "Payroll provider switch", "Hybrid work policy",
      "Graduate programme 2027", "Learning platform roll-out"}},
    {"LEGAL", "Legal", 2,
     {"General Counsel", "Senior Counsel", "Contracts Manager", "Paralegal"},
     {"Standard carrier contract template", "Data processing agreements refresh",
      "Contract management system", "Customs compliance review",
      "Trademark filings for the new brand", "Supplier code of conduct",
      "Litigation hold process", "Privacy notice update"}},
    {"SUP", "Customer Support", 3,
     {"Head of Customer Support", "Support Team Lead", "Support Specialist",
      "Knowledge Base Editor"},
     {"Chat support for business customers", "Knowledge base rewrite",
      "Ticket routing by shipment type", "Weekend support rota", "Claims handling revamp",
      "Support quality scorecard", "Callback scheduling", "Self-service returns flow"}},
    {"IT", "IT", 2,
     {"Head of IT", "Systems Administrator", "IT Support Engineer", "Identity Engineer"},
     {"Single sign-on for all staff tools", "Laptop refresh 2027", "Depot Wi-Fi upgrade",
      "Email migration", "Device management for handhelds", "Printer fleet consolidation",
      "Service desk tooling", "Backup restore drills"}},
    {"SEC", "Security", 2,
     {"Chief Information Security Officer", "Security Engineer", "GRC Analyst",
      "Security Analyst"},
     {"ISO 27001 certification", "Phishing-resistant MFA", "Vendor security reviews",
      "Secrets management", "Security awareness programme", "Penetration test remediation",
      "Logging and alerting baseline", "Incident response runbooks"}},
    {"DATA", "Data", 3,
     {"Head of Data", "Data Engineer", "Data Scientist", "Analytics Engineer"},
     {"Warehouse migration to columnar storage", "Demand forecasting model",
      "Single customer view", "Executive KPI dashboard", "Data catalogue",
      "Route optimisation pilot", "Data retention policy enforcement",
      "Real-time shipment events stream"}},
};

struct unit_spec {
    const char *key, *name;
};

/* Departments beyond the first twelve, for large scales: 12 + n/100000. */
static const struct unit_spec extra_units[] = {
    {"EMEA", "EMEA Region"},       {"APAC", "APAC Region"},     {"NA", "North America"},
    {"LATAM", "Latin America"},    {"PROC", "Procurement"},     {"FAC", "Facilities"},
    {"QA", "Quality Assurance"},   {"PMO", "Programme Office"}, {"CX", "Customer Experience"},
    {"RND", "Research"},           {"TRN", "Training"},         {"COMP", "Compliance"},
    {"TAX", "Tax"},                {"TRE", "Treasury"},         {"PART", "Partnerships"},
    {"ECOM", "E-commerce"},        {"FLEET", "Fleet"},          {"WH", "Warehousing"},
    {"CUST", "Customs"},           {"SUST", "Sustainability"},
};

static const char *const extra_titles[4] = {"Director", "Programme Manager", "Senior Analyst",
                                            "Coordinator"};
static const char *const extra_projects[8] = {
    "Operating model review",       "Regional expansion plan",
    "Vendor consolidation",         "Process documentation",
    "Quarterly planning tooling",   "Cost reduction programme",
    "Cross-team reporting pack",    "Stakeholder survey follow-up",
};

static const char *const project_qualifiers[] = {
    "", "", "", "", "", "", " (phase 2)", " (phase 3)", " in EMEA", " in APAC",
    " for the Nordics", " pilot", " follow-up", " in North America",
};

static const char *const project_descriptions[] = {
    "Agreed in the annual plan; the steering group reviews it monthly.",
    "Needed before peak season; slipping it moves the whole programme.",
    "Customer-facing: sales have promised it to three key accounts.",
    "Cuts recurring cost once the old system is switched off.",
    "Regulatory deadline; legal tracks the commitments.",
    "Small team, tight scope: ship the minimum, then iterate.",
    "Replaces a manual process that costs two people a day.",
};

static const char *const dependency_notes[] = {
    "needs its API",
    "shares the roll-out window",
    "uses its data model",
    "same vendor contract",
    "waits for its sign-off",
};

struct name_spec {
    const char *display, *login;
};

static const struct name_spec first_names[] = {
    {"Alice", "alice"},   {"Bruno", "bruno"},   {"Chloé", "chloe"},     {"Daniel", "daniel"},
    {"Elena", "elena"},   {"Farid", "farid"},   {"Greta", "greta"},     {"Hiro", "hiro"},
    {"Ines", "ines"},     {"Jonas", "jonas"},   {"Kavya", "kavya"},     {"Liam", "liam"},
    {"Maya", "maya"},     {"Nikolai", "nikolai"}, {"Olivia", "olivia"}, {"Pedro", "pedro"},
    {"Quinn", "quinn"},   {"Rosa", "rosa"},     {"Sami", "sami"},       {"Tomás", "tomas"},
    {"Ulla", "ulla"},     {"Victor", "victor"}, {"Wen", "wen"},         {"Ximena", "ximena"},
    {"Yusuf", "yusuf"},   {"Zoë", "zoe"},       {"Amara", "amara"},     {"Björn", "bjorn"},
    {"Carmen", "carmen"}, {"Dmitri", "dmitri"}, {"Emeka", "emeka"},     {"Fatima", "fatima"},
    {"Gabriel", "gabriel"}, {"Hanna", "hanna"}, {"Ivan", "ivan"},       {"Julia", "julia"},
    {"Kenji", "kenji"},   {"Lena", "lena"},     {"Marek", "marek"},     {"Noor", "noor"},
};

static const struct name_spec last_names[] = {
    {"Martin", "martin"},   {"Okafor", "okafor"},     {"Lefèvre", "lefevre"},
    {"Nowak", "nowak"},     {"Schmidt", "schmidt"},   {"Tanaka", "tanaka"},
    {"García", "garcia"},   {"Rossi", "rossi"},       {"Johansson", "johansson"},
    {"Kowalski", "kowalski"}, {"Patel", "patel"},     {"Dubois", "dubois"},
    {"Novák", "novak"},     {"Jensen", "jensen"},     {"Silva", "silva"},
    {"Müller", "muller"},   {"Chen", "chen"},         {"Haddad", "haddad"},
    {"O'Brien", "obrien"},  {"Virtanen", "virtanen"}, {"Kim", "kim"},
    {"Costa", "costa"},     {"Andersen", "andersen"}, {"Yilmaz", "yilmaz"},
    {"Fischer", "fischer"}, {"Moreau", "moreau"},     {"Ivanova", "ivanova"},
    {"Mensah", "mensah"},   {"Bianchi", "bianchi"},   {"Horvath", "horvath"},
    {"Nguyen", "nguyen"},   {"Sato", "sato"},         {"Ferreira", "ferreira"},
    {"Lindqvist", "lindqvist"}, {"Dvořák", "dvorak"}, {"Singh", "singh"},
    {"Walsh", "walsh"},     {"Kaya", "kaya"},         {"Brennan", "brennan"},
    {"Hoffmann", "hoffmann"},
};

#define N_FIRST (sizeof first_names / sizeof first_names[0])
#define N_LAST (sizeof last_names / sizeof last_names[0])

/* Blocker titles by kind. Dependency titles name the department waited on. */
static const char *const issue_titles[] = {
    "Staging environment down since the last deploy",
    "Test data missing for the new customer segment",
    "Build fails on the release branch",
    "Scanner firmware crashes on the new handhelds",
    "Integration partner returns malformed labels",
    "Load test shows checkout timing out at peak",
    "Key engineer out sick for two weeks",
    "Requirements changed after sign-off",
    "Supplier delivered the wrong hardware revision",
    "Migration script corrupts historic invoices",
    "Access to the production logs not granted",
    "Translation files incomplete for German and Polish",
};

static const char *const risk_titles[] = {
    "Vendor may not renew the hosting contract",
    "Peak volume could exceed depot capacity",
    "Budget likely to overrun by 15%",
    "New regulation may require re-certification",
    "Single point of failure in the routing service",
    "Key supplier in financial difficulty",
    "Holiday season leaves the team understaffed",
    "Exchange rate swing threatens the margin",
};

static const char *const dependency_titles[] = {
    "Waiting for %s to approve the budget change",
    "Needs %s sign-off on the contract wording",
    "Blocked until %s provisions the accounts",
    "Waiting on %s for the revised forecast",
    "Needs a decision from %s on the scope cut",
    "Waiting for %s to hire the second analyst",
    "Depends on %s finishing the data export",
    "Needs %s to review the security questionnaire",
    "Waiting for %s to confirm the go-live date",
    "Blocked on %s for the vendor onboarding",
};

static const char *const blocker_details[] = {
    "Raised in the weekly review; nothing moves until this is cleared.",
    "Two attempts so far; the workaround does not hold under load.",
    "The customer has asked for a date twice this week.",
    "Costs roughly a day of rework for every week it stays open.",
    "Discussed at stand-up; owner to confirm the next step.",
    "Affects the demo planned for the steering group.",
    "Escalated informally once; no answer yet.",
};

static const char *const resolve_notes[] = {
    "Fixed and verified in staging.", "Approved in the steering group.",
    "Workaround accepted by the customer.", "Contract signed.",
    "Access granted; closing.", "Vendor shipped the patch.",
};

static const char *const decline_reasons[] = {
    "Not a blocker: the project can go ahead without it.",
    "Out of scope for this quarter.",
    "Works as designed; see the runbook.",
    "Superseded by the new plan.",
};

static const char *const snooze_reasons[] = {
    "Revisit after the vendor's release next week.",
    "Parked until the budget review.",
    "Owner on leave; picks it up on return.",
    "Waiting for the quarter-end freeze to lift.",
};

/* Indicators: each template is a figure some department owns; at large
 * scales the same figure repeats per region or site. */
struct indicator_spec {
    const char *key, *name, *dept, *unit, *format;
    bool down; /* lower is better */
    double target, amber, red;
    bool company_wide;
};

static const struct indicator_spec indicator_specs[] = {
    {"on-time-delivery", "On-time delivery", "OPS", "%", "percent", false, 95, 92, 88, true},
    {"revenue", "Weekly revenue", "SALES", "EUR", "currency", false, 1200000, 1100000, 1000000,
     true},
    {"churn", "Monthly churn", "SALES", "%", "percent", true, 2, 3, 5, true},
    {"nps", "Net promoter score", "SUP", NULL, "number", false, 45, 35, 25, true},
    {"ticket-backlog", "Open support tickets", "SUP", "tickets", "number", true, 400, 550, 700,
     false},
    {"first-response", "First response time", "SUP", "h", "duration", true, 4, 6, 8, false},
    {"deploy-frequency", "Deploys per week", "ENG", "deploys", "number", false, 25, 18, 12,
     false},
    {"change-failure", "Change failure rate", "ENG", "%", "percent", true, 10, 15, 20, false},
    {"incident-mttr", "Mean time to restore", "ENG", "h", "duration", true, 2, 4, 8, false},
    {"cash-runway", "Cash runway", "FIN", "months", "number", false, 18, 14, 10, true},
    {"dso", "Days sales outstanding", "FIN", "days", "duration", true, 45, 55, 65, false},
    {"budget-variance", "Budget variance", "FIN", "%", "percent", true, 3, 5, 8, false},
    {"attrition", "Annualised attrition", "HR", "%", "percent", true, 10, 14, 18, true},
    {"time-to-hire", "Time to hire", "HR", "days", "duration", true, 35, 45, 60, false},
    {"pipeline", "Qualified pipeline", "SALES", "EUR", "currency", false, 8000000, 6500000,
     5000000, false},
    {"win-rate", "Win rate", "SALES", "%", "percent", false, 30, 25, 20, false},
    {"mql", "Marketing qualified leads", "MKT", "leads", "number", false, 900, 750, 600, false},
    {"cac", "Customer acquisition cost", "MKT", "EUR", "currency", true, 850, 1000, 1200, false},
    {"warehouse-utilisation", "Warehouse utilisation", "OPS", "%", "percent", false, 85, 78, 70,
     false},
    {"pick-accuracy", "Pick accuracy", "OPS", "%", "percent", false, 99.5, 99, 98.5, false},
    {"contract-cycle", "Contract cycle time", "LEGAL", "days", "duration", true, 10, 15, 21,
     false},
    {"patch-latency", "Critical patch latency", "SEC", "days", "duration", true, 7, 14, 30,
     false},
    {"phishing-clicks", "Phishing test click rate", "SEC", "%", "percent", true, 3, 5, 8, false},
    {"data-freshness", "Dashboard data freshness", "DATA", "h", "duration", true, 6, 12, 24,
     false},
    {"laptop-backlog", "Laptop provisioning backlog", "IT", "requests", "number", true, 10, 20,
     35, false},
    {"feature-adoption", "Feature adoption", "PROD", "%", "percent", false, 40, 32, 25, false},
};

static const struct unit_spec regions[] = {
    {"emea", "EMEA"},       {"apac", "APAC"},       {"na", "North America"},
    {"latam", "LATAM"},     {"uk", "UK"},           {"dach", "DACH"},
    {"nordics", "Nordics"}, {"benelux", "Benelux"}, {"iberia", "Iberia"},
    {"france", "France"},   {"italy", "Italy"},     {"poland", "Poland"},
};

#define COUNT(a) ((int)(sizeof(a) / sizeof((a)[0])))

/* Shares of blocker states, in percent, in enum blocker_state order:
 * a tenth new, a quarter otherwise open, the rest closed. */
static const int state_weights[BLOCKER_STATE_COUNT] = {10, 7, 9, 55, 10, 6, 3};
static const int kind_weights[] = {55, 15, 30}; /* issue, risk, dependency */
static const int severity_weights[] = {4, 14, 46, 36}; /* 1 (critical) .. 4 */
/* planned, active, on_hold, done, cancelled */
static const int status_weights[] = {15, 55, 7, 15, 8};
static const int dep_count_weights[] = {55, 28, 12, 5}; /* 0..3 dependencies */

/* ---- generation state -------------------------------------------------- */

struct gdept {
    char key[16];
    char name[48];
    int weight;
    const struct dept_spec *spec; /* NULL for extra units */
    int first_person, n_people;
    long n_projects;
};

struct gperson {
    char login[48];
};

struct gproj {
    int dept;
    bool open; /* planned, active or on hold: can still be blocked */
};

/* What a duplicate copies from its original. */
struct gblocker {
    int32_t project;
    int16_t waiting; /* department index, -1 for none */
    int8_t kind;
    uint8_t title;
};

enum gen_stmt { S_DEPT, S_PERSON, S_PROJECT, S_DEPEND, S_BLOCKER, S_INDICATOR, S_READING, S_N };

static const char *const gen_sql[S_N] = {
    [S_DEPT] = "INSERT INTO department (id, key, name, lead, sort_order) VALUES (?1, ?2, ?3, ?4, "
               "?5)",
    [S_PERSON] = "INSERT INTO person (id, login, name, title, department_id) VALUES (?1, ?2, ?3, "
                 "?4, ?5)",
    [S_PROJECT] = "INSERT INTO project (id, key, title, department_id, owner, status, health, "
                  "progress, start, due, description) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, "
                  "?9, ?10, ?11)",
    [S_DEPEND] = "INSERT INTO project_dependency (project_id, depends_on_id, note) VALUES (?1, "
                 "?2, ?3)",
    [S_BLOCKER] = "INSERT INTO blocker (id, key, project_id, title, detail, kind, state, "
                  "severity, waiting_on_id, owner, raised_by, raised_at, needed_by, sla_due, "
                  "snoozed_until, duplicate_of, escalation_level, escalated_to, escalated_at, "
                  "reason, updated_at, version, from_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, "
                  "?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23)",
    [S_INDICATOR] = "INSERT INTO indicator (id, key, name, department_id, owner, unit, format, "
                    "direction, target, amber, red, stale_days) VALUES (?1, ?2, ?3, ?4, ?5, ?6, "
                    "?7, ?8, ?9, ?10, ?11, ?12)",
    [S_READING] = "INSERT INTO reading (indicator_id, at, value, recorded_by) VALUES (?1, ?2, ?3, "
                  "?4)",
};

struct gen {
    struct store *st;
    struct rng rng;
    long n;
    btime today;        /* midnight UTC of time_now() */
    btime reading_hour; /* readings come in at 06:00, or midnight before that */
    sqlite3_stmt *stmt[S_N];
    struct gdept *dept;
    int n_dept;
    int dept_weights[64]; /* first 64 departments weigh in; the rest share the last slot */
    struct gperson *people;
    int n_people;
    struct gproj *proj;
    long n_proj;
    long *open_proj;
    long n_open_proj;
    struct gblocker *blk;
};

/* Text or NULL; the strings outlive the step (static tables or buffers of
 * the caller's frame), so SQLite need not copy them. */
static void bind_text(sqlite3_stmt *s, int i, const char *v)
{
    if (v)
        sqlite3_bind_text(s, i, v, -1, SQLITE_STATIC);
    else
        sqlite3_bind_null(s, i);
}

static void bind_id(sqlite3_stmt *s, int i, int64_t id)
{
    if (id > 0)
        sqlite3_bind_int64(s, i, id);
    else
        sqlite3_bind_null(s, i);
}

static int run(struct gen *g, enum gen_stmt which, const char *what, struct err *e)
{
    sqlite3_stmt *s = g->stmt[which];
    int rc = sqlite3_step(s);
    if (rc != SQLITE_DONE) {
        int ret = sq_error(g->st, e, what);
        sqlite3_reset(s);
        return ret;
    }
    sqlite3_reset(s);
    return 0;
}

static int pick_dept(struct gen *g)
{
    int n = g->n_dept < 64 ? g->n_dept : 64;
    int d = rng_weighted(&g->rng, g->dept_weights, n);
    if (d == 63 && g->n_dept > 64)
        d = 63 + (int)rng_below(&g->rng, g->n_dept - 63);
    return d;
}

/* A department other than own, weighted like the rest. */
static int pick_other_dept(struct gen *g, int own)
{
    for (int tries = 0; tries < 16; tries++) {
        int d = pick_dept(g);
        if (d != own)
            return d;
    }
    return (own + 1) % g->n_dept;
}

static int pick_person(struct gen *g, int dept)
{
    const struct gdept *d = &g->dept[dept];
    return d->first_person + (int)rng_below(&g->rng, d->n_people);
}

static const char *login_of(struct gen *g, int person)
{
    return g->people[person].login;
}

static const char *lead_of(struct gen *g, int dept)
{
    return g->people[g->dept[dept].first_person].login;
}

/* A time of day in office hours, for things people did. */
static btime office_time(struct gen *g, btime day)
{
    return day + rng_range(&g->rng, 7, 17) * 3600 + rng_below(&g->rng, 60) * 60;
}

/* ---- departments and people -------------------------------------------- */

static int gen_departments(struct gen *g, struct err *e)
{
    int n_base = COUNT(base_depts);
    g->n_dept = n_base + (int)(g->n / 100000);
    g->dept = xcalloc((size_t)g->n_dept, sizeof *g->dept);
    int per = 4 + (int)(g->n / 10000 < 8 ? g->n / 10000 : 8);
    g->n_people = g->n_dept * per;
    g->people = xcalloc((size_t)g->n_people, sizeof *g->people);

    for (int d = 0; d < g->n_dept; d++) {
        struct gdept *gd = &g->dept[d];
        if (d < n_base) {
            gd->spec = &base_depts[d];
            snprintf(gd->key, sizeof gd->key, "%s", gd->spec->key);
            snprintf(gd->name, sizeof gd->name, "%s", gd->spec->name);
            gd->weight = gd->spec->weight;
        } else if (d - n_base < COUNT(extra_units)) {
            snprintf(gd->key, sizeof gd->key, "%s", extra_units[d - n_base].key);
            snprintf(gd->name, sizeof gd->name, "%s", extra_units[d - n_base].name);
            gd->weight = 2;
        } else {
            snprintf(gd->key, sizeof gd->key, "BU%d", d + 1);
            snprintf(gd->name, sizeof gd->name, "Business Unit %d", d + 1);
            gd->weight = 2;
        }
        gd->first_person = d * per;
        gd->n_people = per;
        if (d < 64)
            g->dept_weights[d] = gd->weight;
        else
            g->dept_weights[63] += gd->weight;
    }

    /* People: (first, last) pairs walk a bijection of the index so names
     * never repeat within N_FIRST * N_LAST people; beyond that a number
     * keeps logins unique. The seed shifts where the walk starts. */
    long offset = rng_below(&g->rng, (long)(N_FIRST * N_LAST));
    for (int p = 0; p < g->n_people; p++) {
        long idx = (p + offset) % (long)(N_FIRST * N_LAST);
        long round = p / (long)(N_FIRST * N_LAST);
        size_t a = (size_t)idx % N_FIRST;
        size_t b = ((size_t)idx / N_FIRST + a * 7) % N_LAST;
        if (round)
            snprintf(g->people[p].login, sizeof g->people[p].login, "%s.%s%ld",
                     first_names[a].login, last_names[b].login, round + 1);
        else
            snprintf(g->people[p].login, sizeof g->people[p].login, "%s.%s",
                     first_names[a].login, last_names[b].login);
    }

    sqlite3_stmt *ds = g->stmt[S_DEPT];
    for (int d = 0; d < g->n_dept; d++) {
        sqlite3_bind_int64(ds, 1, d + 1);
        bind_text(ds, 2, g->dept[d].key);
        bind_text(ds, 3, g->dept[d].name);
        bind_text(ds, 4, lead_of(g, d));
        sqlite3_bind_int64(ds, 5, (d + 1) * 10);
        int rc = run(g, S_DEPT, "adding a department", e);
        if (rc)
            return rc;
    }

    sqlite3_stmt *ps = g->stmt[S_PERSON];
    for (int p = 0; p < g->n_people; p++) {
        long idx = (p + offset) % (long)(N_FIRST * N_LAST);
        size_t a = (size_t)idx % N_FIRST;
        size_t b = ((size_t)idx / N_FIRST + a * 7) % N_LAST;
        char name[96], title[96];
        snprintf(name, sizeof name, "%s %s", first_names[a].display, last_names[b].display);
        int d = p / per, r = p % per;
        const struct gdept *gd = &g->dept[d];
        int t = r == 0 ? 0 : 1 + (r - 1) % 3;
        if (gd->spec)
            snprintf(title, sizeof title, "%s", gd->spec->titles[t]);
        else
            snprintf(title, sizeof title, "%s, %s", extra_titles[t], gd->name);
        sqlite3_bind_int64(ps, 1, p + 1);
        bind_text(ps, 2, g->people[p].login);
        bind_text(ps, 3, name);
        bind_text(ps, 4, title);
        sqlite3_bind_int64(ps, 5, d + 1);
        int rc = run(g, S_PERSON, "adding a person", e);
        if (rc)
            return rc;
    }

    return 0;
}

/* ---- projects ---------------------------------------------------------- */

static int gen_projects(struct gen *g, struct err *e)
{
    g->n_proj = g->n / 10 > 0 ? g->n / 10 : 1;
    g->proj = xcalloc((size_t)g->n_proj, sizeof *g->proj);
    g->open_proj = xcalloc((size_t)g->n_proj, sizeof *g->open_proj);
    sqlite3_stmt *s = g->stmt[S_PROJECT];
    sqlite3_stmt *ds = g->stmt[S_DEPEND];
    struct rng *r = &g->rng;

    for (long j = 0; j < g->n_proj; j++) {
        int d = pick_dept(g);
        struct gdept *gd = &g->dept[d];
        enum project_status status = (enum project_status)rng_weighted(r, status_weights, 5);
        g->proj[j].dept = d;
        g->proj[j].open = status == PROJECT_PLANNED || status == PROJECT_ACTIVE ||
                          status == PROJECT_ON_HOLD;
        if (g->proj[j].open)
            g->open_proj[g->n_open_proj++] = j;

        char key[48], title[160];
        snprintf(key, sizeof key, "%s-%ld", gd->key, ++gd->n_projects);
        const char *phrase = gd->spec ? gd->spec->projects[rng_below(r, 8)]
                                      : extra_projects[rng_below(r, 8)];
        snprintf(title, sizeof title, "%s%s", phrase,
                 project_qualifiers[rng_below(r, COUNT(project_qualifiers))]);

        /* Dates: due first, start some months before it; active projects
         * straddle today, a tenth of them overdue. */
        long due_off, length = rng_range(r, 60, 360);
        int progress;
        switch (status) {
        case PROJECT_PLANNED:
            due_off = rng_range(r, 90, 420);
            length = due_off - rng_range(r, 14, due_off / 2);
            progress = (int)rng_range(r, 0, 5);
            break;
        case PROJECT_ACTIVE:
            due_off = rng_range(r, -25, 240);
            if (length < due_off + 14)
                length = due_off + rng_range(r, 14, 120);
            progress = (int)(100.0 * (double)(length - due_off) / (double)length);
            progress += (int)rng_range(r, -15, 10);
            progress = progress < 5 ? 5 : progress > 95 ? 95 : progress;
            break;
        case PROJECT_ON_HOLD:
            due_off = rng_range(r, -30, 200);
            if (length < due_off + 14)
                length = due_off + 30;
            progress = (int)rng_range(r, 10, 70);
            break;
        case PROJECT_DONE:
            due_off = -rng_range(r, 0, 300);
            progress = 100;
            break;
        default: /* cancelled */
            due_off = -rng_range(r, -60, 300);
            progress = (int)rng_range(r, 0, 60);
            break;
        }
        char start[16], due[16];
        time_fmt_date(g->today + (due_off - length) * DAY, start);
        time_fmt_date(g->today + due_off * DAY, due);
        const char *health = NULL;
        if (status == PROJECT_ACTIVE && rng_chance(r, 6))
            health = rng_chance(r, 60) ? "amber" : "red";
        const char *desc = rng_chance(r, 70)
                               ? project_descriptions[rng_below(r, COUNT(project_descriptions))]
                               : NULL;
        int owner = rng_chance(r, 30) ? gd->first_person : pick_person(g, d);

        sqlite3_bind_int64(s, 1, j + 1);
        bind_text(s, 2, key);
        bind_text(s, 3, title);
        sqlite3_bind_int64(s, 4, d + 1);
        bind_text(s, 5, login_of(g, owner));
        bind_text(s, 6, project_status_name(status));
        bind_text(s, 7, health);
        sqlite3_bind_int(s, 8, progress);
        bind_text(s, 9, status == PROJECT_PLANNED && rng_chance(r, 30) ? NULL : start);
        bind_text(s, 10, due);
        bind_text(s, 11, desc);
        int rc = run(g, S_PROJECT, "adding a project", e);
        if (rc)
            return rc;

        /* Dependencies only point at older projects (lower ids), so the
         * graph can never close a cycle; a window keeps them between
         * projects of the same era. */
        int n_deps = j ? rng_weighted(r, dep_count_weights, 4) : 0;
        long chosen[3];
        int n_chosen = 0;
        for (int k = 0; k < n_deps; k++) {
            long window = j < 400 ? j : 400;
            long on = j - 1 - rng_below(r, window);
            bool dup = false;
            for (int c = 0; c < n_chosen; c++)
                dup = dup || chosen[c] == on;
            if (dup)
                continue;
            chosen[n_chosen++] = on;
            sqlite3_bind_int64(ds, 1, j + 1);
            sqlite3_bind_int64(ds, 2, on + 1);
            bind_text(ds, 3,
                      rng_chance(r, 30)
                          ? dependency_notes[rng_below(r, COUNT(dependency_notes))]
                          : NULL);
            rc = run(g, S_DEPEND, "adding a project dependency", e);
            if (rc)
                return rc;
        }
    }
    return 0;
}

/* ---- blockers ---------------------------------------------------------- */

static int gen_blockers(struct gen *g, struct err *e)
{
    struct rng *r = &g->rng;
    sqlite3_stmt *s = g->stmt[S_BLOCKER];
    g->blk = xcalloc((size_t)g->n, sizeof *g->blk);

    for (long i = 0; i < g->n; i++) {
        enum blocker_state state =
            (enum blocker_state)rng_weighted(r, state_weights, BLOCKER_STATE_COUNT);
        if (state == BLOCKER_DUPLICATE && i == 0)
            state = BLOCKER_DECLINED; /* nothing older to be a duplicate of */
        bool open = blocker_state_open(state);
        bool triaged = state == BLOCKER_ACCEPTED || state == BLOCKER_IN_PROGRESS ||
                       state == BLOCKER_RESOLVED;
        struct gblocker *gb = &g->blk[i];
        long dup_of = 0;

        if (state == BLOCKER_DUPLICATE) {
            /* Someone raised the same thing again, on the same project. */
            long window = i < 2000 ? i : 2000;
            dup_of = i - 1 - rng_below(r, window);
            *gb = g->blk[dup_of];
        } else {
            long pj = open && g->n_open_proj ? g->open_proj[rng_below(r, g->n_open_proj)]
                                             : rng_below(r, g->n_proj);
            int pdept = g->proj[pj].dept;
            gb->project = (int32_t)pj;
            gb->kind = (int8_t)rng_weighted(r, kind_weights, 3);
            if (gb->kind == BLOCKER_DEPENDENCY)
                gb->waiting = (int16_t)pick_other_dept(g, pdept);
            else if (state == BLOCKER_NEW && rng_chance(r, 35))
                gb->waiting = -1; /* not triaged yet: nobody named */
            else
                gb->waiting = (int16_t)(rng_chance(r, 55) ? pick_other_dept(g, pdept) : pdept);
            int n_titles = gb->kind == BLOCKER_ISSUE  ? COUNT(issue_titles)
                           : gb->kind == BLOCKER_RISK ? COUNT(risk_titles)
                                                      : COUNT(dependency_titles);
            gb->title = (uint8_t)rng_below(r, n_titles);
        }
        int pdept = g->proj[gb->project].dept;

        char title[192];
        if (gb->kind == BLOCKER_ISSUE)
            snprintf(title, sizeof title, "%s", issue_titles[gb->title]);
        else if (gb->kind == BLOCKER_RISK)
            snprintf(title, sizeof title, "%s", risk_titles[gb->title]);
        else
            snprintf(title, sizeof title, dependency_titles[gb->title],
                     g->dept[gb->waiting].name);

        /* Ages: open blockers are young with a tail; closed ones spread
         * over the year, each closed some days after it was raised. */
        long age, took = 0;
        switch (state) {
        case BLOCKER_NEW:
            age = 1 + rng_expo_days(r, 2.5, 45);
            break;
        case BLOCKER_ACCEPTED:
        case BLOCKER_IN_PROGRESS:
            age = 1 + rng_expo_days(r, 4, 120);
            break;
        case BLOCKER_SNOOZED:
            age = 2 + rng_expo_days(r, 6, 90);
            break;
        default:
            took = 1 + rng_expo_days(r, 6, 60);
            age = took + rng_range(r, 1, 365 - took > 1 ? 365 - took : 1);
            break;
        }
        btime raised = office_time(g, g->today - age * DAY);
        btime updated = raised;
        if (took)
            updated = office_time(g, g->today - (age - took) * DAY);
        else if (state != BLOCKER_NEW)
            updated = office_time(g, g->today - rng_range(r, 1, age) * DAY);
        if (updated < raised)
            updated = raised + 3600;

        int severity = 0;
        if (triaged || rng_chance(r, state == BLOCKER_NEW ? 40 : 30))
            severity = 1 + rng_weighted(r, severity_weights, 4);
        if (gb->waiting < 0)
            severity = 0;

        int owner = -1;
        if (gb->waiting >= 0 && (triaged ? rng_chance(r, 85) : rng_chance(r, 15)))
            owner = pick_person(g, gb->waiting);
        int raiser = rng_chance(r, 80) ? pick_person(g, pdept)
                                       : (int)rng_below(r, g->n_people);

        /* Escalations: open, serious, and past the SLA for a while. */
        int level = 0;
        btime sla_from = raised, escalated = 0;
        if (severity && (state == BLOCKER_ACCEPTED || state == BLOCKER_IN_PROGRESS) &&
            severity <= 2 && raised + store_sla(g->st, severity) + DAY < g->today &&
            rng_chance(r, 45)) {
            level = rng_chance(r, 20) ? 2 : 1;
            escalated = raised + store_sla(g->st, severity) + rng_range(r, 1, 20) * 3600;
            sla_from = escalated;
            if (escalated > updated)
                updated = escalated;
        }

        char key[48], raised_s[32], updated_s[32], sla_s[32], needed_s[16], snooze_s[32],
            esc_s[32];
        snprintf(key, sizeof key, "B-%ld", i + 1);
        time_fmt_iso(raised, raised_s);
        time_fmt_iso(updated, updated_s);
        if (severity)
            time_fmt_iso(sla_from + store_sla(g->st, severity), sla_s);
        if (escalated)
            time_fmt_iso(escalated, esc_s);
        bool needed = rng_chance(r, 45);
        if (needed)
            time_fmt_date(raised + rng_range(r, 5, 45) * DAY, needed_s);
        if (state == BLOCKER_SNOOZED)
            time_fmt_iso(g->today + rng_range(r, 1, 21) * DAY + 9 * 3600, snooze_s);

        char reason[160];
        const char *why = NULL;
        switch (state) {
        case BLOCKER_RESOLVED:
            if (rng_chance(r, 70))
                why = resolve_notes[rng_below(r, COUNT(resolve_notes))];
            break;
        case BLOCKER_DECLINED:
            why = decline_reasons[rng_below(r, COUNT(decline_reasons))];
            break;
        case BLOCKER_DUPLICATE:
            snprintf(reason, sizeof reason, "Same problem as B-%ld; follow it there.",
                     dup_of + 1);
            why = reason;
            break;
        case BLOCKER_SNOOZED:
            why = snooze_reasons[rng_below(r, COUNT(snooze_reasons))];
            break;
        default:
            break;
        }
        static const int versions[BLOCKER_STATE_COUNT] = {1, 2, 3, 4, 2, 2, 2};

        sqlite3_bind_int64(s, 1, i + 1);
        bind_text(s, 2, key);
        sqlite3_bind_int64(s, 3, gb->project + 1);
        bind_text(s, 4, title);
        bind_text(s, 5, rng_chance(r, 60) ? blocker_details[rng_below(r, COUNT(blocker_details))]
                                          : NULL);
        bind_text(s, 6, blocker_kind_name((enum blocker_kind)gb->kind));
        bind_text(s, 7, blocker_state_name(state));
        if (severity)
            sqlite3_bind_int(s, 8, severity);
        else
            sqlite3_bind_null(s, 8);
        bind_id(s, 9, gb->waiting + 1);
        /* The project's department, which the roll-up would otherwise set
         * row by row through the flow's triggers and indexes. */
        sqlite3_bind_int64(s, 23, pdept + 1);
        bind_text(s, 10, owner >= 0 ? login_of(g, owner) : NULL);
        bind_text(s, 11, login_of(g, raiser));
        bind_text(s, 12, raised_s);
        bind_text(s, 13, needed ? needed_s : NULL);
        bind_text(s, 14, severity ? sla_s : NULL);
        bind_text(s, 15, state == BLOCKER_SNOOZED ? snooze_s : NULL);
        bind_id(s, 16, state == BLOCKER_DUPLICATE ? dup_of + 1 : 0); /* B-1 too */
        sqlite3_bind_int(s, 17, level);
        bind_text(s, 18, level ? lead_of(g, gb->waiting) : NULL);
        bind_text(s, 19, level ? esc_s : NULL);
        bind_text(s, 20, why);
        bind_text(s, 21, updated_s);
        sqlite3_bind_int(s, 22, versions[state] + level);
        int rc = run(g, S_BLOCKER, "adding a blocker", e);
        if (rc)
            return rc;
    }
    return 0;
}

/* ---- indicators -------------------------------------------------------- */

static int dept_index(struct gen *g, const char *key)
{
    for (int d = 0; d < g->n_dept; d++)
        if (strcmp(g->dept[d].key, key) == 0)
            return d;
    return 0;
}

/* Figures of four or more digits are whole; the rest keep two decimals. */
static double tidy(double v, double scale)
{
    if (fabs(scale) >= 1000)
        return round(v);
    return round(v * 100.0) / 100.0;
}

static int gen_indicators(struct gen *g, struct err *e)
{
    struct rng *r = &g->rng;
    long count = g->n / 100 > 0 ? g->n / 100 : 1;
    int n_specs = COUNT(indicator_specs), n_regions = COUNT(regions);
    sqlite3_stmt *s = g->stmt[S_INDICATOR];
    sqlite3_stmt *rs = g->stmt[S_READING];

    for (long i = 0; i < count; i++) {
        const struct indicator_spec *sp = &indicator_specs[i % n_specs];
        long cycle = i / n_specs;
        int d = dept_index(g, sp->dept);
        char key[96], name[128];
        bool company = cycle == 0 && sp->company_wide;
        if (cycle == 0) {
            snprintf(key, sizeof key, "%s", sp->key);
            snprintf(name, sizeof name, "%s", sp->name);
        } else {
            const struct unit_spec *rg = &regions[(cycle - 1) % n_regions];
            long site = (cycle - 1) / n_regions;
            if (site) {
                snprintf(key, sizeof key, "%s-%s-%ld", sp->key, rg->key, site + 1);
                snprintf(name, sizeof name, "%s, %s site %ld", sp->name, rg->name, site + 1);
            } else {
                snprintf(key, sizeof key, "%s-%s", sp->key, rg->key);
                snprintf(name, sizeof name, "%s, %s", sp->name, rg->name);
            }
        }
        /* A fifth are fed daily by a script, the rest weekly; either way
         * the readings span a full year up to today. */
        bool daily = rng_chance(r, 20);
        int n_readings = daily ? 366 : 53;
        int step = daily ? 1 : 7;
        int stale_days = daily ? 3 : 10;
        int owner = rng_chance(r, 50) ? g->dept[d].first_person : pick_person(g, d);

        sqlite3_bind_int64(s, 1, i + 1);
        bind_text(s, 2, key);
        bind_text(s, 3, name);
        bind_id(s, 4, company ? 0 : d + 1);
        bind_text(s, 5, login_of(g, owner));
        bind_text(s, 6, sp->unit);
        bind_text(s, 7, sp->format);
        bind_text(s, 8, sp->down ? "down" : "up");
        sqlite3_bind_double(s, 9, sp->target);
        sqlite3_bind_double(s, 10, sp->amber);
        sqlite3_bind_double(s, 11, sp->red);
        sqlite3_bind_int(s, 12, stale_days);
        int rc = run(g, S_INDICATOR, "adding an indicator", e);
        if (rc)
            return rc;

        /* The year drifts from a starting level to where the figure stands
         * today: mostly green, some amber, a few red. The same formulas
         * serve both directions because the thresholds are ordered that
         * way (up: red < amber < target; down: the mirror). */
        double band = sp->target - sp->amber;
        double last;
        int status = (int)rng_below(r, 100);
        if (status < 70)
            last = sp->amber + band * (0.3 + 1.2 * rng_unit(r));
        else if (status < 88)
            last = sp->red + (sp->amber - sp->red) * (0.1 + 0.8 * rng_unit(r));
        else
            last = sp->red - (sp->amber - sp->red) * (0.1 + 0.9 * rng_unit(r));
        double first = last + band * (rng_unit(r) * 4.0 - 2.0);
        bool percent = strcmp(sp->format, "percent") == 0;
        if (percent) {
            last = last > 100 ? 100 : last;
            first = first > 100 ? 100 : first;
        }
        /* A few feeds broke some weeks ago: their figure is stale. */
        long lag = rng_chance(r, 4) ? rng_range(r, 2, 5) * 7 : 0;
        double noise = fabs(band) * 0.6;
        for (int k = n_readings - 1; k >= 0; k--) {
            double t = 1.0 - (double)k / (double)(n_readings - 1);
            double v = first + (last - first) * t;
            if (k)
                v += noise * (rng_unit(r) + rng_unit(r) - 1.0);
            if (v < 0)
                v = 0;
            if (percent && v > 100)
                v = 100;
            char at[32];
            time_fmt_iso(g->today - (lag + (long)k * step) * DAY + g->reading_hour, at);
            sqlite3_bind_int64(rs, 1, i + 1);
            bind_text(rs, 2, at);
            sqlite3_bind_double(rs, 3, tidy(v, sp->target));
            bind_text(rs, 4, login_of(g, owner));
            rc = run(g, S_READING, "adding a reading", e);
            if (rc)
                return rc;
        }
    }
    return 0;
}

/* ---- the whole ---------------------------------------------------------- */

static int check_empty(struct store *st, struct err *e)
{
    static const char *const sql =
        "SELECT EXISTS (SELECT 1 FROM department) OR EXISTS (SELECT 1 FROM person)"
        " OR EXISTS (SELECT 1 FROM project) OR EXISTS (SELECT 1 FROM blocker)"
        " OR EXISTS (SELECT 1 FROM indicator)";
    sqlite3_stmt *s = sq_prepare(st, sql, e);
    if (!s)
        return -e->code;
    int rc = sqlite3_step(s);
    if (rc != SQLITE_ROW) {
        rc = sq_error(st, e, "checking the database is empty");
        sq_done(s);
        return rc;
    }
    bool used = sqlite3_column_int(s, 0) != 0;
    sq_done(s);
    if (used)
        return err_set(e, ERR_USAGE,
                       "the database is not empty: generate into a new file "
                       "(baton demo --db NEW.db --scale N)");
    return 0;
}

static void gen_fini(struct gen *g)
{
    for (int i = 0; i < S_N; i++)
        sqlite3_finalize(g->stmt[i]);
    free(g->dept);
    free(g->people);
    free(g->proj);
    free(g->open_proj);
    free(g->blk);
}

/* Bulk loading is bound by page I/O once the indexes outgrow SQLite's
 * small default cache (2 MiB): every insert then re-reads and spills index
 * pages through the WAL. A cache sized to the run (up to 128 MiB), put
 * back afterwards (sq_cache_restore), keeps them in memory. */
static int cache_grow(struct gen *g, int64_t *old, struct err *e)
{
    long kib = g->n / 4;
    return sq_cache_grow(g->st, kib < 8192 ? 8192 : kib > 131072 ? 131072 : kib, old, e);
}

/* Schema objects of one kind, chosen by the parameter ?1 of select: read
 * from the schema itself, so that what is made again afterwards is exactly
 * what the migrations made. */
struct schema_kind {
    const char *select; /* name, sql */
    const char *drop;   /* "DROP INDEX" */
    const char *what;   /* "reading the indexes" */
};

/* Secondary indexes of table ?1. */
static const struct schema_kind schema_indexes = {
    "SELECT name, sql FROM sqlite_master WHERE type = 'index'"
    " AND tbl_name = ?1 AND sql IS NOT NULL ORDER BY name",
    "DROP INDEX", "reading the indexes"};
/* Triggers whose names match ?1 (LIKE). */
static const struct schema_kind schema_triggers = {
    "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name LIKE ?1 ORDER BY name",
    "DROP TRIGGER", "reading the triggers"};

/* The objects of kind k chosen by arg: their SQL appended to *sql (*n of
 * them), then dropped. */
static int schema_drop(struct gen *g, const struct schema_kind *k, const char *arg, char ***sql,
                       size_t *n, struct err *e)
{
    sqlite3_stmt *s = sq_prepare(g->st, k->select, e);
    if (!s)
        return -ERR_RUNTIME;
    char **names = NULL;
    size_t m = 0;
    int rc = sq_bind_text(s, 1, arg);
    while (rc == SQLITE_OK && (rc = sqlite3_step(s)) == SQLITE_ROW) {
        *sql = xrealloc(*sql, (*n + 1) * sizeof **sql);
        (*sql)[(*n)++] = sq_col_text(s, 1);
        names = xrealloc(names, (m + 1) * sizeof *names);
        names[m++] = sq_col_text(s, 0);
        rc = SQLITE_OK;
    }
    rc = rc == SQLITE_DONE ? 0 : sq_error(g->st, e, k->what);
    sq_done(s);
    for (size_t i = 0; i < m; i++) {
        if (!rc) {
            char *stmt = xasprintf("%s \"%s\"", k->drop, names[i]);
            rc = sq_exec(g->st, stmt, e);
            free(stmt);
        }
        free(names[i]);
    }
    free(names);
    return rc;
}

/* Secondary indexes of table: their SQL saved into *sql, then dropped. */
static int indexes_drop(struct gen *g, const char *table, char ***sql, size_t *n,
                        struct err *e)
{
    return schema_drop(g, &schema_indexes, table, sql, n, e);
}

/* Blockers are most of the rows, and each of their indexes would take a
 * random insert per row; building them once from the finished table sorts
 * instead (a million blockers: 21 s instead of 32 s for the whole run,
 * measured back to back). It all happens inside the one transaction, so
 * nobody sees the table without its indexes. */
/* Triggers whose names match pattern (LIKE): their SQL saved into *sql,
 * then dropped. */
static int triggers_drop(struct gen *g, const char *pattern, char ***sql, size_t *n,
                         struct err *e)
{
    *sql = NULL;
    *n = 0;
    return schema_drop(g, &schema_triggers, pattern, sql, n, e);
}

/* Runs each saved statement (while rc is 0) and frees them all. */
static int saved_run(struct gen *g, char **sql, size_t n, int rc, struct err *e)
{
    for (size_t i = 0; i < n; i++) {
        if (!rc)
            rc = sq_exec(g->st, sql[i], e);
        free(sql[i]);
    }
    free(sql);
    return rc;
}

/* Blockers are most of the rows, and each of their indexes would take a
 * random insert per row; building them once from the finished table sorts
 * instead (a million blockers: 21 s instead of 32 s for the whole run,
 * measured back to back). The full-text index is the same: its trigger
 * would update the index a row at a time, so it is filled once from the
 * open blockers instead (scale 100000: 2.2-2.6 s instead of 6.5-8.7 s,
 * measured back to back). It all happens inside the one
 * transaction, so nobody sees the table without its indexes. */
static int gen_blockers_bulk(struct gen *g, struct err *e)
{
    char **saved = NULL, **trigger = NULL;
    size_t n_saved = 0, n_trigger = 0;
    int rc = indexes_drop(g, "blocker", &saved, &n_saved, e);
    if (!rc)
        rc = triggers_drop(g, "blocker_fts_insert", &trigger, &n_trigger, e);
    if (!rc)
        rc = gen_blockers(g, e);
    /* Before the indexes, so that the rows come in id order: FTS5 writes
     * its pending terms out as a segment whenever a rowid is lower than
     * the last one, which the order of an index on the state would do at
     * nearly every row (100,000 blockers: 3.9 s against 0.3 s). */
    if (!rc && n_trigger)
        rc = sq_exec(g->st,
                     "INSERT INTO blocker_fts (rowid, title, detail)"
                     " SELECT id, title, detail FROM blocker b WHERE " SQL_BLOCKER_OPEN("b")
                     " ORDER BY b.id",
                     e);
    rc = saved_run(g, saved, n_saved, rc, e);
    return saved_run(g, trigger, n_trigger, rc, e);
}

/* The projects' and indicators' full-text indexes (schemas 9 and 14) are
 * filled once from the finished tables, not a row at a time by their
 * triggers: FTS5 writes a segment at the end of every statement that adds
 * to it, so a row at a time is a segment per row, merged again and again
 * (a million blockers: 9 s of CPU for the projects' descriptions alone).
 * The triggers are dropped before the rows are made (their SQL saved in
 * proj, text and ind) and put back after the fill. */
static int gen_fill_text(struct gen *g, char **proj, size_t n_proj, char **text,
                         size_t n_text, char **ind, size_t n_ind, int rc, struct err *e)
{
    if (!rc && n_proj)
        rc = sq_exec(g->st,
                     "INSERT INTO project_fts (rowid, key, title) SELECT id, key, title FROM project",
                     e);
    if (!rc && n_text)
        rc = sq_exec(g->st,
                     "INSERT INTO project_text_fts (rowid, title, description)"
                     " SELECT id, title, description FROM project",
                     e);
    if (!rc && n_ind)
        rc = sq_exec(g->st,
                     "INSERT INTO indicator_fts (rowid, key, name) SELECT id, key, name FROM indicator",
                     e);
    rc = saved_run(g, proj, n_proj, rc, e);
    rc = saved_run(g, text, n_text, rc, e);
    return saved_run(g, ind, n_ind, rc, e);
}

static int gen_all(struct gen *g, struct err *e)
{
    for (int i = 0; i < S_N; i++) {
        if (sqlite3_prepare_v3(g->st->db, gen_sql[i], -1, SQLITE_PREPARE_PERSISTENT, &g->stmt[i],
                               NULL) != SQLITE_OK)
            return sq_error(g->st, e, "preparing the generator");
    }
    /* The roll-up's triggers would recompute a project per severe blocker
     * and an indicator per reading; it is computed once at the end. */
    char **rollup = NULL, **proj_fts = NULL, **text_fts = NULL, **ind_fts = NULL;
    size_t n_rollup = 0, n_proj_fts = 0, n_text_fts = 0, n_ind_fts = 0;
    int rc = triggers_drop(g, "rollup%", &rollup, &n_rollup, e);
    if (!rc)
        rc = triggers_drop(g, "project_fts_%", &proj_fts, &n_proj_fts, e);
    if (!rc)
        rc = triggers_drop(g, "project_text_fts_%", &text_fts, &n_text_fts, e);
    if (!rc)
        rc = triggers_drop(g, "indicator_fts_%", &ind_fts, &n_ind_fts, e);
    if (!rc)
        rc = gen_departments(g, e);
    if (!rc)
        rc = gen_projects(g, e);
    if (!rc)
        rc = gen_blockers_bulk(g, e);
    if (!rc)
        rc = gen_indicators(g, e);
    rc = gen_fill_text(g, proj_fts, n_proj_fts, text_fts, n_text_fts, ind_fts, n_ind_fts, rc, e);
    /* Computed while its triggers are still away: they would carry each
     * project's new health to its department's counts, which the
     * computation fills afresh at its end anyway. */
    if (!rc)
        rc = rollup_rebuild(g->st, e);
    return saved_run(g, rollup, n_rollup, rc, e);
}

/* store_generate's write. The page cache grown for it is put back after
 * the commit. */
struct generate {
    long n;
    unsigned long seed;
    struct gen g;
    int64_t old_cache;
    bool grown;
};

static int generate_tx(struct store *st, void *arg, struct err *e)
{
    struct generate *a = arg;
    long n = a->n;
    int rc = check_empty(st, e);

    btime now = time_now();
    a->g = (struct gen){.st = st, .n = n, .today = time_day_start(now)};
    a->g.reading_hour = now - a->g.today >= 6 * 3600 ? 6 * 3600 : 0;
    a->g.rng.s = (uint64_t)a->seed;
    if (!rc) {
        rc = cache_grow(&a->g, &a->old_cache, e);
        a->grown = rc == 0;
    }
    if (!rc)
        rc = gen_all(&a->g, e);
    /* blocker_add numbers new blockers from this counter. */
    if (!rc) {
        sqlite3_stmt *cs = sq_prepare(st,
                                      "INSERT INTO meta (key, value) VALUES ('next_blocker', ?1)"
                                      " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                                      e);
        char next[32];
        snprintf(next, sizeof next, "%ld", n + 1);
        if (!cs)
            rc = -ERR_RUNTIME;
        else if (sq_bind_text(cs, 1, next) != SQLITE_OK || sqlite3_step(cs) != SQLITE_DONE)
            rc = sq_error(st, e, "saving the blocker counter");
        if (cs)
            sq_done(cs);
    }
    if (!rc) {
        char name[96];
        snprintf(name, sizeof name, "Demo organisation (scale %ld, seed %lu)", n, a->seed);
        rc = store_set_org_name(st, name, e);
    }
    /* One summary event instead of an audit row per generated entity: the
     * log of a million-blocker demo would otherwise dwarf the data, and
     * "what changed since the last stand-up" should start from a clean
     * organisation. */
    if (!rc) {
        char what[96];
        snprintf(what, sizeof what, "scale %ld, seed %lu", n, a->seed);
        rc = audit(st, "organisation", 0, NULL, "generate", NULL, NULL, what, e);
    }
    gen_fini(&a->g);
    return rc;
}

int store_generate(struct store *st, long n, unsigned long seed, struct err *e)
{
    if (n < 1 || n > DEMO_MAX_SCALE)
        return err_set(e, ERR_USAGE, "the scale must be between 1 and %ld (got %ld)",
                       DEMO_MAX_SCALE, n);
    int rc = store_authorize(st, PERM_ADMIN, NULL, NULL, "generating a demo organisation", e);
    if (rc)
        return rc;
    struct generate a = {.n = n, .seed = seed};
    /* Every reference the generator writes is an id it has just made, so
     * the per-row look-ups of the foreign keys (a project, departments, an
     * original per blocker; an indicator per reading) are left out for the
     * run, which only SQLite's setting outside a transaction allows; the
     * tests run `check`, foreign_key_check included, on what it makes. */
    rc = sq_exec(st, "PRAGMA foreign_keys = OFF", e);
    if (!rc)
        rc = store_write(st, generate_tx, &a, e);
    struct err ignored;
    if (sq_exec(st, "PRAGMA foreign_keys = ON", &ignored) && !rc)
        rc = err_set(e, ERR_RUNTIME, "%s", ignored.msg);
    if (a.grown)
        sq_cache_restore(a.g.st, a.old_cache);
    return rc;
}
