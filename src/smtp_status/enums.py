"""The registry's three tables as enums, modelled on ``http.HTTPStatus``.

Members carry IANA's texts as attributes and their description as ``__doc__``. The member
lists are generated (``_generated/enums.py``); this module attaches each member's row.
"""

from ._generated.enums import CODE_ROWS, HEADER_ROWS, EnhancedCode, StatusClass, Subject

__all__ = ["EnhancedCode", "StatusClass", "Subject"]


def _attach() -> None:
    for header, row in zip((*StatusClass, *Subject), HEADER_ROWS, strict=True):
        header.summary = row["summary"]
        header.description = row["description"]
        header.__doc__ = row["description"]
        header.references = row["references"]
        header.submitter = row["submitter"]
        header.change_controller = row["change_controller"]
    for member, code in zip(EnhancedCode, CODE_ROWS, strict=True):
        member.subject = Subject(code["subject"])
        member.detail = code["detail"]
        member.sample_text = code["sample_text"]
        member.description = code["description"]
        member.__doc__ = code["description"]
        member.basic_code = code["basic_code"]
        member.basic_codes = code["basic_codes"]
        member.references = code["references"]
        member.submitter = code["submitter"]
        member.change_controller = code["change_controller"]
        member._date = code["date"]  # pyright: ignore[reportPrivateUsage]  (enums.py owns it)
        member.deprecated = code["deprecated"]
        replaced_by = code["replaced_by"]
        member.replaced_by = None if replaced_by is None else EnhancedCode(replaced_by)
        member.classes = frozenset(StatusClass(value) for value in code["classes"])


_attach()
