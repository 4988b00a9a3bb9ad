/* A second translation unit for tests/test_c_header.py: it includes smtp_status.h WITHOUT
 * SMTP_STATUS_IMPLEMENTATION, so it sees only the declarations, and links against the
 * implementation compiled into header_dump.c (the stb split). */
#include "smtp_status.h"

#ifdef __cplusplus
extern "C" {
#endif
unsigned smtp_status_second_unit_detail(unsigned subject, unsigned detail);
int smtp_status_second_unit_parse(const char *text);
const char *smtp_status_second_unit_reply_name(unsigned code);
unsigned smtp_status_second_unit_first_class(void);
#ifdef __cplusplus
}
#endif

#ifdef SMTP_STATUS_IMPLEMENTED
#error "the implementation leaked into a unit that did not ask for it"
#endif

unsigned smtp_status_second_unit_detail(unsigned subject, unsigned detail)
{
    const struct smtp_status_code_info *info = smtp_status_lookup(subject, detail);
    return info == NULL ? 1000000u : SMTP_STATUS_PACK(info->subject, info->detail);
}

int smtp_status_second_unit_parse(const char *text)
{
    return smtp_status_parse(text, NULL, NULL, NULL);
}

const char *smtp_status_second_unit_reply_name(unsigned code)
{
    const struct smtp_status_reply_info *reply = smtp_status_reply_lookup(code);
    return reply == NULL ? NULL : reply->name;
}

unsigned smtp_status_second_unit_first_class(void)
{
    return smtp_status_classes[0].value;
}
