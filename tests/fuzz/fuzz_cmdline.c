/*
 * Fuzzes the cockpit's `:` command line and filter as far as they are pure:
 * the line editor (insert, backspace, delete, cursor moves, Ctrl-u), its
 * history and completion of command names. The bytes are a script of
 * edits; whatever is typed, the line stays within its buffer, terminated,
 * with the cursor inside it.
 */
#include "fuzz.h"

#include <locale.h>

#include "baton/utf8.h"
#include "baton/view.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    if (!setlocale(LC_ALL, "C.UTF-8"))
        setlocale(LC_ALL, "");
    return 0;
}

static const char *const names[] = {"demo", "goto", "help", "narrow", "q",
                                    "quit", "reload", "theme", "theme-dark"};

static void check_line(const struct line_edit *l)
{
    FUZZ_CHECK(l->len < LINE_MAX_BYTES, "length %zu", l->len);
    FUZZ_CHECK(l->cur <= l->len, "cursor %zu past length %zu", l->cur, l->len);
    FUZZ_CHECK(l->buf[l->len] == 0, "line not terminated at %zu", l->len);
    FUZZ_CHECK(strlen(l->buf) == l->len, "strlen %zu, len %zu", strlen(l->buf), l->len);
    /* The line is drawn sanitised and the cursor column counts that way:
     * each byte shows as at most four columns ("\x9b"). */
    int col = line_cursor_col(l);
    FUZZ_CHECK(col >= 0 && col <= 4 * (int)l->cur, "cursor column %d at byte %zu", col, l->cur);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct line_edit l;
    line_clear(&l);
    struct history h;
    history_init(&h);
    struct strbuf shown;
    sb_init(&shown);
    size_t i = 0;
    while (i < size) {
        unsigned op = data[i++];
        switch (op % 12) {
        case 0: { /* type up to 4 bytes, as the terminal sent them */
            size_t n = 1 + (op >> 4) % 4;
            char text[8] = {0};
            for (size_t k = 0; k < n && i < size; k++)
                text[k] = (char)data[i++];
            (void)line_insert(&l, text);
            break;
        }
        case 1:
            line_backspace(&l);
            break;
        case 2:
            line_delete(&l);
            break;
        case 3:
            line_left(&l);
            break;
        case 4:
            line_right(&l);
            break;
        case 5:
            line_kill(&l);
            break;
        case 6:
            sb_clear(&shown);
            (void)view_complete(&l, names, sizeof names / sizeof names[0], &shown);
            break;
        case 7:
            history_add(&h, l.buf);
            line_clear(&l);
            history_reset(&h);
            break;
        case 8:
            line_set(&l, history_prev(&h));
            break;
        case 9:
            line_set(&l, history_next(&h));
            break;
        case 10: { /* paste a run of bytes */
            size_t n = (op >> 4) * 8;
            char *text = fuzz_str(data + i, n < size - i ? n : size - i);
            i += strlen(text) < size - i ? strlen(text) : size - i;
            (void)line_insert(&l, text);
            free(text);
            break;
        }
        default: { /* set the whole line from the rest of the input */
            char *text = fuzz_str(data + i, size - i);
            line_set(&l, text);
            free(text);
            i = size;
            break;
        }
        }
        check_line(&l);
    }
    sb_fini(&shown);
    history_fini(&h);
    return 0;
}
