/* Prints everything smtp_status.h knows, for tests/test_c_header.py.
 * Every string is hex-encoded (NULL printed as "-"), so each byte is compared exactly.
 * macros.inc is written by the test from the registry: one MACRO(NAME, packed) per code. */
#define SMTP_STATUS_IMPLEMENTATION
#include "smtp_status.h"
#include "smtp_status.h" /* twice: the include guards must make this harmless */
#include <stdio.h>

/* The version's numbers are for the preprocessor too. */
#if SMTP_STATUS_VERSION_MAJOR < 2024u || SMTP_STATUS_VERSION_MINOR < 101u
#error "SMTP_STATUS_VERSION_MAJOR and _MINOR must be numbers #if can compare"
#endif

#ifdef __cplusplus
extern "C" {
#endif
/* Defined in header_second_unit.c, which includes the header without the implementation. */
unsigned smtp_status_second_unit_detail(unsigned subject, unsigned detail);
int smtp_status_second_unit_parse(const char *text);
const char *smtp_status_second_unit_reply_name(unsigned code);
unsigned smtp_status_second_unit_first_class(void);
#ifdef __cplusplus
}
#endif

static void hex(const char *text)
{
    if (text == NULL) {
        fputs(" -", stdout);
        return;
    }
    fputs(" x", stdout);
    while (*text != '\0') {
        printf("%02x", (unsigned)(unsigned char)*text);
        ++text;
    }
}

static void part(const char *kind, const struct smtp_status_part_info *entry, int found)
{
    printf("%s %u", kind, entry->value);
    hex(entry->name);
    hex(entry->summary);
    hex(entry->description);
    hex(entry->code);
    printf(" %d\n", found);
}

static void code_lookup(unsigned subject, unsigned detail)
{
    const struct smtp_status_code_info *info = smtp_status_lookup(subject, detail);
    if (info == NULL) {
        printf("lookup %u.%u NULL\n", subject, detail);
    } else {
        printf("lookup %u.%u %u.%u\n", subject, detail, info->subject, info->detail);
    }
}

/* Every packed code macro as a case label: duplicates would not compile. */
static unsigned macro_switch(unsigned packed)
{
    switch (packed) {
#define MACRO(name, value) case SMTP_STATUS_##name: return value;
#include "macros.inc"
#undef MACRO
    default:
        return 1000000u;
    }
}

int main(void)
{
    unsigned index;
    static const char *const inputs[] = {
        "5.1.1", "2.0.0", "4.7.999", "5.999.1",
        "5.01.1", "5.1.1000", "3.1.1", " 5.1.1", "5.1.1 ", "5.1", "5..1", "+5.1.1",
        "5.1.1.1", "", "\331\245.1.1", "5.1.a", "5.1.01"
    };
    static const unsigned unregistered[][2] = {
        {1u, 99u}, {8u, 0u}, {1000u, 1u}, {0u, 1001u}, {1u, 1001u}, {8u, 1u}, {999u, 999u}
    };

    printf("counts %u %u %u %u\n", (unsigned)SMTP_STATUS_CODE_COUNT,
           (unsigned)SMTP_STATUS_CLASS_COUNT, (unsigned)SMTP_STATUS_SUBJECT_COUNT,
           (unsigned)SMTP_STATUS_REPLY_COUNT);
    printf("updated");
    hex(SMTP_STATUS_REGISTRY_UPDATED);
    printf("\n");
    printf("version");
    hex(SMTP_STATUS_VERSION);
    printf(" %u %u %u\n", SMTP_STATUS_VERSION_MAJOR, SMTP_STATUS_VERSION_MINOR,
           SMTP_STATUS_VERSION_PATCH);

    for (index = 0; index < SMTP_STATUS_CODE_COUNT; ++index) {
        const struct smtp_status_code_info *info = &smtp_status_codes[index];
        printf("code %u %u", info->subject, info->detail);
        hex(info->code);
        hex(info->name);
        hex(info->sample_text);
        hex(info->description);
        hex(info->basic_code);
        hex(info->references);
        printf(" %d %d\n", info->deprecated,
               smtp_status_lookup(info->subject, info->detail) == info);
    }
    for (index = 0; index < sizeof unregistered / sizeof unregistered[0]; ++index) {
        code_lookup(unregistered[index][0], unregistered[index][1]);
    }

    for (index = 0; index < SMTP_STATUS_CLASS_COUNT; ++index) {
        const struct smtp_status_part_info *entry = &smtp_status_classes[index];
        part("class", entry, smtp_status_class_lookup(entry->value) == entry);
    }
    for (index = 0; index < SMTP_STATUS_SUBJECT_COUNT; ++index) {
        const struct smtp_status_part_info *entry = &smtp_status_subjects[index];
        part("subject", entry, smtp_status_subject_lookup(entry->value) == entry);
    }
    for (index = 0; index < 12; ++index) {
        printf("class-lookup %u %d\n", index, smtp_status_class_lookup(index) != NULL);
        printf("subject-lookup %u %d\n", index, smtp_status_subject_lookup(index) != NULL);
    }
    printf("subject-lookup 1000 %d\n", smtp_status_subject_lookup(1000u) != NULL);

    for (index = 0; index < SMTP_STATUS_REPLY_COUNT; ++index) {
        const struct smtp_status_reply_info *reply = &smtp_status_replies[index];
        printf("reply %u", reply->code);
        hex(reply->name);
        hex(reply->text);
        hex(reply->description);
        hex(reply->enhanced);
        printf(" %d %d\n", reply->defined, smtp_status_reply_lookup(reply->code) == reply);
    }
    {
        const struct smtp_status_reply_info *reply = smtp_status_reply_lookup(550u);
        printf("reply-550 %u", reply == NULL ? 0u : reply->code);
        hex(reply == NULL ? NULL : reply->name);
        hex(reply == NULL ? NULL : reply->enhanced);
        printf("\n");
    }
    printf("reply-lookup 0 %d\n", smtp_status_reply_lookup(0u) != NULL);
    printf("reply-lookup 599 %d\n", smtp_status_reply_lookup(599u) != NULL);
    printf("reply-lookup 1550 %d\n", smtp_status_reply_lookup(1550u) != NULL);

    for (index = 0; index < sizeof inputs / sizeof inputs[0]; ++index) {
        unsigned cls = 77u, subject = 77u, detail = 77u;
        int result = smtp_status_parse(inputs[index], &cls, &subject, &detail);
        printf("parse");
        hex(inputs[index]);
        printf(" %d %u %u %u\n", result, cls, subject, detail);
    }
    {
        unsigned cls = 77u, subject = 77u, detail = 77u;
        printf("parse-null-text %d\n", smtp_status_parse(NULL, &cls, &subject, &detail));
        for (index = 0; index < 8; ++index) {
            int result;
            cls = subject = detail = 77u;
            result = smtp_status_parse("4.2.22", (index & 1u) ? &cls : NULL,
                                       (index & 2u) ? &subject : NULL,
                                       (index & 4u) ? &detail : NULL);
            printf("parse-null %u %d %u %u %u\n", index, result, cls, subject, detail);
        }
    }

#define MACRO(name, value) \
    printf("macro %s %u %u %u %u\n", #name, (unsigned)SMTP_STATUS_##name, \
           (unsigned)SMTP_STATUS_SUBJECT(SMTP_STATUS_##name), \
           (unsigned)SMTP_STATUS_DETAIL(SMTP_STATUS_##name), macro_switch(value));
#include "macros.inc"
#undef MACRO
    printf("pack %u\n", (unsigned)SMTP_STATUS_PACK(7u, 26u));

    printf("second-unit %u %u %d %d %u\n", smtp_status_second_unit_detail(7u, 26u),
           smtp_status_second_unit_detail(1u, 99u), smtp_status_second_unit_parse("5.7.1"),
           smtp_status_second_unit_parse("5.7.01"), smtp_status_second_unit_first_class());
    printf("second-unit-reply");
    hex(smtp_status_second_unit_reply_name(550u));
    printf("\n");
    return 0;
}
