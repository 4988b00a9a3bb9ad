/* A second translation unit: declarations only, linked against the implementation. */
#include "smtp_status.h"

#ifdef __cplusplus
extern "C"
#endif
unsigned smtp_status_test_second_unit(void);

unsigned smtp_status_test_second_unit(void)
{
    const struct smtp_status_code_info *info = smtp_status_lookup(7, 26);
    return info == NULL ? 0u : info->detail;
}
