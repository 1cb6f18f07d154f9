/*
 * The indicator chart: time ranges, and bars of aggregated readings with
 * the target and thresholds drawn across them.
 */
#include "baton/chart.h"

static const struct {
    const char *name;
    int days;
} ranges[CHART_RANGE_COUNT] = {
    [CHART_30D] = {"30 days", 30},
    [CHART_90D] = {"90 days", 90},
    [CHART_YEAR] = {"year", 365},
    [CHART_ALL] = {"all", 0},
};

static int range_valid(int r)
{
    return r >= 0 && r < CHART_RANGE_COUNT ? r : CHART_RANGE_DEFAULT;
}

const char *chart_range_name(int r)
{
    return ranges[range_valid(r)].name;
}

int chart_range_days(int r)
{
    return ranges[range_valid(r)].days;
}

int chart_range_step(int r, int dir)
{
    r = range_valid(r);
    return (r + (dir > 0 ? 1 : CHART_RANGE_COUNT - 1)) % CHART_RANGE_COUNT;
}
