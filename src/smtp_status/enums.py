"""The registry's three tables as enums, modelled on ``http.HTTPStatus``.

Members carry IANA's texts as attributes and their description as ``__doc__``. The member
lists are generated (``_generated/enums.py``); this module attaches each member's row.
"""

from ._generated.enums import CODE_ROWS, HEADER_ROWS, EnhancedCode, StatusClass, Subject

__all__ = ["EnhancedCode", "StatusClass", "Subject"]


def _attach() -> None:
    rows = iter(HEADER_ROWS)
    for header in (*StatusClass, *Subject):
        summary, description, references, submitter, change_controller = next(rows)
        header.summary = summary
        header.description = description
        header.__doc__ = description
        header.references = references
        header.submitter = submitter
        header.change_controller = change_controller
    for member, row in zip(EnhancedCode, CODE_ROWS, strict=True):
        (subject, detail, sample_text, description, basic_code, basic_codes, references,
         submitter, change_controller, date, deprecated, replaced_by, classes) = row
        member.subject = Subject(subject)
        member.detail = detail
        member.sample_text = sample_text
        member.description = description
        member.__doc__ = description
        member.basic_code = basic_code
        member.basic_codes = basic_codes
        member.references = references
        member.submitter = submitter
        member.change_controller = change_controller
        member._date = date  # pyright: ignore[reportPrivateUsage]  (enums.py owns it)
        member.deprecated = deprecated
        member.replaced_by = None if replaced_by is None else EnhancedCode(replaced_by)
        member.classes = frozenset(StatusClass(value) for value in classes)


_attach()
