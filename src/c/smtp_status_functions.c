/* smtp_status.h's functions: hand-written C, not a template. python -m generators generate
 * copies this file as it is into the header's implementation section (after the tables it
 * reads), so edit it here; tests/test_c_header.py compiles the header with it in five strict
 * modes. It needs the declarations and tables above it in the header, and no other include. */

const struct smtp_status_reply_info *smtp_status_reply_lookup(unsigned code)
{
    size_t index;
    for (index = 0; index < SMTP_STATUS_REPLY_COUNT; ++index) {
        if (smtp_status_replies[index].code == code) {
            return &smtp_status_replies[index];
        }
    }
    return NULL;
}

const struct smtp_status_code_info *smtp_status_lookup(unsigned subject, unsigned detail)
{
    /* Binary search: the table is sorted by (subject, detail). */
    size_t low = 0;
    size_t high = SMTP_STATUS_CODE_COUNT;
    unsigned long wanted = SMTP_STATUS_PACK((unsigned long)subject, detail);
    if (subject > 999u || detail > 999u) {
        return NULL; /* packing is unique only for sub-codes of up to 3 digits */
    }
    while (low < high) {
        size_t middle = low + (high - low) / 2;
        const struct smtp_status_code_info *entry = &smtp_status_codes[middle];
        unsigned long here = SMTP_STATUS_PACK((unsigned long)entry->subject, entry->detail);
        if (here == wanted) {
            return entry;
        }
        if (here < wanted) {
            low = middle + 1;
        } else {
            high = middle;
        }
    }
    return NULL;
}

static const struct smtp_status_part_info *smtp_status__part_lookup(
    const struct smtp_status_part_info *table, size_t count, unsigned value)
{
    size_t index;
    for (index = 0; index < count; ++index) {
        if (table[index].value == value) {
            return &table[index];
        }
    }
    return NULL;
}

const struct smtp_status_part_info *smtp_status_class_lookup(unsigned cls)
{
    return smtp_status__part_lookup(smtp_status_classes, SMTP_STATUS_CLASS_COUNT, cls);
}

const struct smtp_status_part_info *smtp_status_subject_lookup(unsigned subject)
{
    return smtp_status__part_lookup(smtp_status_subjects, SMTP_STATUS_SUBJECT_COUNT, subject);
}

/* Reads 1 to 3 ASCII digits without a leading zero (RFC 3463 s2); returns the
 * position after them, or NULL. */
static const char *smtp_status__sub_code(const char *text, unsigned *value)
{
    unsigned result = 0;
    int digits = 0;
    while (text[digits] >= '0' && text[digits] <= '9') {
        if (digits == 3) {
            return NULL;
        }
        result = result * 10u + (unsigned)(text[digits] - '0');
        ++digits;
    }
    if (digits == 0 || (digits > 1 && text[0] == '0')) {
        return NULL;
    }
    *value = result;
    return text + digits;
}

int smtp_status_parse(const char *text, unsigned *cls, unsigned *subject, unsigned *detail)
{
    unsigned parsed_subject;
    unsigned parsed_detail;
    const char *cursor;
    if (text == NULL || (text[0] != '2' && text[0] != '4' && text[0] != '5') || text[1] != '.') {
        return -1;
    }
    cursor = smtp_status__sub_code(text + 2, &parsed_subject);
    if (cursor == NULL || *cursor != '.') {
        return -1;
    }
    cursor = smtp_status__sub_code(cursor + 1, &parsed_detail);
    if (cursor == NULL || *cursor != '\0') {
        return -1;
    }
    if (cls != NULL) {
        *cls = (unsigned)(text[0] - '0');
    }
    if (subject != NULL) {
        *subject = parsed_subject;
    }
    if (detail != NULL) {
        *detail = parsed_detail;
    }
    return 0;
}
