/*
 * The form's own checks: required fields, whole numbers in range, real
 * dates and times, decimal numbers, choices; trimming; focus skipping
 * read-only fields and stopping on the first bad one.
 */
#include <string.h>

#include "../check.h"
#include "baton/form.h"

static const char *const statuses[] = {"planned", "active", "done", NULL};

static struct form sample(void)
{
    struct form fm;
    form_init(&fm, "Edit project ENG-1");
    struct form_field *f = form_field_add(&fm, "key", "Key", FF_TEXT, true, "ENG-1");
    f->readonly = true;
    form_field_add(&fm, "title", "Title", FF_TEXT, true, "  New billing  ");
    f = form_field_add(&fm, "progress", "Progress", FF_INT, false, "40");
    f->min = 0;
    f->max = 100;
    form_field_add(&fm, "due", "Due", FF_DATE, false, "2026-12-15");
    form_field_add(&fm, "at", "At", FF_TIME, false, "2026-12-15T10:30");
    form_field_add(&fm, "target", "Target", FF_NUMBER, false, "1.2e6");
    f = form_field_add(&fm, "status", "Status", FF_CHOICE, true, "active");
    f->choices = statuses;
    return fm;
}

static void test_good_form_passes(void)
{
    struct form fm = sample();
    CHECK(form_check(&fm));
    CHECK_STR(form_get(&fm, "title"), "New billing");
    CHECK(form_get(&fm, "nope") == NULL);
}

static void test_each_kind_refuses(void)
{
    struct form fm = sample();
    line_set(&form_field(&fm, "progress")->value, "150");
    CHECK(!form_check_field(form_field(&fm, "progress")));
    CHECK_CONTAINS(form_field(&fm, "progress")->err, "0 to 100");
    line_set(&form_field(&fm, "progress")->value, "4o");
    CHECK(!form_check_field(form_field(&fm, "progress")));
    line_set(&form_field(&fm, "due")->value, "2026-02-30");
    CHECK(!form_check_field(form_field(&fm, "due")));
    CHECK_CONTAINS(form_field(&fm, "due")->err, "YYYY-MM-DD");
    line_set(&form_field(&fm, "due")->value, "2026-12-15T10:00");
    CHECK(!form_check_field(form_field(&fm, "due"))); /* a date field wants a date */
    line_set(&form_field(&fm, "at")->value, "someday");
    CHECK(!form_check_field(form_field(&fm, "at")));
    line_set(&form_field(&fm, "at")->value, "2026-12-08 09:00"); /* local: UTC here */
    CHECK(form_check_field(form_field(&fm, "at")));
    CHECK_STR(form_get(&fm, "at"), "2026-12-08T09:00:00Z");
    line_set(&form_field(&fm, "due")->value, "2026-12-24");
    CHECK_STR(form_get(&fm, "due"), "2026-12-24");
    line_set(&form_field(&fm, "target")->value, "12,5");
    CHECK(!form_check_field(form_field(&fm, "target")));
    CHECK_STR(form_field(&fm, "target")->err, "use a dot: 12.5");
    line_set(&form_field(&fm, "target")->value, "1,200.5");
    CHECK(!form_check_field(form_field(&fm, "target")));
    CHECK_STR(form_field(&fm, "target")->err, "no thousands separators: 1200.5");
    line_set(&form_field(&fm, "target")->value, "lots");
    CHECK(!form_check_field(form_field(&fm, "target")));
    CHECK_STR(form_field(&fm, "target")->err, "a number, please (like 2.5 or 1.2e6)");
    line_set(&form_field(&fm, "status")->value, "finished");
    CHECK(!form_check_field(form_field(&fm, "status")));
    CHECK_CONTAINS(form_field(&fm, "status")->err, "planned, active, done");
    line_set(&form_field(&fm, "title")->value, "   ");
    CHECK(!form_check_field(form_field(&fm, "title")));
    CHECK_STR(form_field(&fm, "title")->err, "required");
    line_set(&form_field(&fm, "progress")->value, "");
    CHECK(form_check_field(form_field(&fm, "progress"))); /* optional and empty */
}

static void test_focus(void)
{
    struct form fm = sample();
    fm.focus = 1;
    form_focus_move(&fm, -1); /* skips the read-only key, wraps to the end */
    CHECK_INT(fm.focus, 6);
    CHECK(form_focus_last(&fm));
    form_focus_move(&fm, 1);
    CHECK_INT(fm.focus, 1);
    line_set(&form_field(&fm, "due")->value, "someday");
    line_set(&form_field(&fm, "status")->value, "");
    CHECK(!form_check(&fm));
    CHECK_INT(fm.focus, 3); /* the first bad field */
}

int main(void)
{
    RUN(test_good_form_passes);
    RUN(test_each_kind_refuses);
    RUN(test_focus);
    return check_report();
}
