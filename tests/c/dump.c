/* Prints everything the header knows, strings hex-encoded so every byte is checked. */
#define SMTP_STATUS_IMPLEMENTATION
#include "smtp_status.h"
#include <stdio.h>

/* Defined in second_unit.c, which sees only the declarations. */
#ifdef __cplusplus
extern "C"
#endif
unsigned smtp_status_test_second_unit(void);

static void hex(const char *text)
{
    if (text == NULL) {
        printf("NULL");
        return;
    }
    while (*text != '\0') {
        printf("%02x", (unsigned)(unsigned char)*text);
        ++text;
    }
}

int main(void)
{
    unsigned index;
    unsigned cls = 0, subject = 0, detail = 0;
    static const char *const inputs[] = {
        "5.1.1", "2.0.0", "4.7.999", "5.999.1", "5.01.1", "5.1.1000", "3.1.1", " 5.1.1",
        "5.1.1 ", "5.1", "5..1", "+5.1.1", "5.1.1.1", "", "\331\245.1.1", "5.1.a", "5.1.01"
    };
    printf("count %d %d %d %d\n", SMTP_STATUS_CODE_COUNT, SMTP_STATUS_CLASS_COUNT,
           SMTP_STATUS_SUBJECT_COUNT, SMTP_STATUS_REPLY_COUNT);
    for (index = 0; index < SMTP_STATUS_CODE_COUNT; ++index) {
        const struct smtp_status_code_info *info = &smtp_status_codes[index];
        printf("code %u %u ", info->subject, info->detail);
        hex(info->code); printf(" "); hex(info->name); printf(" ");
        hex(info->sample_text); printf(" "); hex(info->description); printf(" ");
        hex(info->basic_code); printf(" "); hex(info->references);
        printf(" %d %d\n", info->deprecated,
               smtp_status_lookup(info->subject, info->detail) == info);
    }
    for (index = 0; index < SMTP_STATUS_REPLY_COUNT; ++index) {
        const struct smtp_status_reply_info *reply = &smtp_status_replies[index];
        printf("reply %u ", reply->code);
        hex(reply->name); printf(" "); hex(reply->text); printf(" ");
        hex(reply->enhanced);
        printf(" %d %d\n", reply->defined, smtp_status_reply_lookup(reply->code) == reply);
    }
    printf("unregistered %d %d %d %d %d\n", smtp_status_lookup(1, 99) == NULL,
           smtp_status_lookup(8, 0) == NULL, smtp_status_lookup(1000, 1) == NULL,
           smtp_status_lookup(0, 1001) == NULL, smtp_status_reply_lookup(515) == NULL);
    printf("parts %s %s %d\n", smtp_status_class_lookup(5)->name,
           smtp_status_subject_lookup(7)->name, smtp_status_class_lookup(3) == NULL);
    for (index = 0; index < sizeof inputs / sizeof inputs[0]; ++index) {
        int result = smtp_status_parse(inputs[index], &cls, &subject, &detail);
        printf("parse %d", result);
        if (result == 0) {
            printf(" %u.%u.%u", cls, subject, detail);
        }
        printf("\n");
    }
    printf("second-unit %u\n", smtp_status_test_second_unit());
    printf("null-pointers %d\n", smtp_status_parse("4.2.2", NULL, NULL, NULL));
    printf("macros %u %u %u\n", SMTP_STATUS_MAILBOX_FULL,
           SMTP_STATUS_SUBJECT(SMTP_STATUS_MAILBOX_FULL), SMTP_STATUS_DETAIL(SMTP_STATUS_MAILBOX_FULL));
    return 0;
}
