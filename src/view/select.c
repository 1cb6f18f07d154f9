/*
 * Selection and scrolling over a window of rows. Only the numbers live
 * here: which row is under the cursor and which is at the top of the
 * window. The pane fetches the rows of the window from these numbers, so
 * moving costs the same whatever the total.
 */
#include "baton/view.h"

void sel_clamp(struct sel *s)
{
    if (s->height < 1)
        s->height = 1;
    if (s->total < 0)
        s->total = 0;
    if (s->cursor >= s->total)
        s->cursor = s->total - 1;
    if (s->cursor < 0)
        s->cursor = 0;
    if (s->cursor < s->top)
        s->top = s->cursor;
    if (s->cursor >= s->top + s->height)
        s->top = s->cursor - s->height + 1;
    /* no empty space below the last row while there are rows above */
    if (s->top > s->total - s->height)
        s->top = s->total - s->height;
    if (s->top < 0)
        s->top = 0;
}

void sel_set_total(struct sel *s, int64_t total)
{
    s->total = total;
    sel_clamp(s);
}

void sel_set_height(struct sel *s, int height)
{
    s->height = height;
    sel_clamp(s);
}

void sel_move(struct sel *s, int64_t delta)
{
    s->cursor += delta;
    sel_clamp(s);
}

void sel_goto(struct sel *s, int64_t index)
{
    s->cursor = index < 0 ? s->total - 1 : index;
    sel_clamp(s);
}

void sel_page(struct sel *s, int dir, bool half)
{
    int64_t step = half ? (s->height + 1) / 2 : s->height;
    if (step < 1)
        step = 1;
    s->top += dir * step;
    s->cursor += dir * step;
    sel_clamp(s);
}
