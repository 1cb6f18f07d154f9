/*
 * Fuzzes the organisation file reader (orgfile_read_buf) and writer: any
 * input is read or refused with "FILE:LINE:COL: ..."; what was read is
 * written, read back and written again, and the two writings must be the
 * same bytes (what export writes, import reads, unchanged).
 */
#include "fuzz.h"

#include "baton/orgfile.h"

static char *write_org(const struct org *o, size_t *len)
{
    char *buf = NULL;
    FILE *f = open_memstream(&buf, len);
    FUZZ_CHECK(f != NULL, "open_memstream");
    struct err e = {0};
    int rc = orgfile_write(f, o, &e);
    fclose(f);
    FUZZ_CHECK(rc == 0, "cannot write what was read: %s", e.msg);
    return buf;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct org o;
    struct err e = {0};
    int rc = orgfile_read_buf("fuzz.yaml", (const char *)data, size, &o, &e);
    if (rc < 0) {
        fuzz_check_refusal(rc, &e, "fuzz.yaml");
        return 0;
    }
    size_t len1, len2;
    char *first = write_org(&o, &len1);
    org_fini(&o);
    rc = orgfile_read_buf("written.yaml", first, len1, &o, &e);
    FUZZ_CHECK(rc == 0, "cannot read back what was written: %s\n--- written:\n%s", e.msg, first);
    char *second = write_org(&o, &len2);
    org_fini(&o);
    FUZZ_CHECK(len1 == len2 && memcmp(first, second, len1) == 0,
               "writing what was read back changed it\n--- first:\n%s\n--- second:\n%s", first,
               second);
    free(first);
    free(second);
    return 0;
}
