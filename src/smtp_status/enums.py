"""The registry's three tables as enums, modelled on ``http.HTTPStatus``.

Members carry IANA's texts as attributes and their description as ``__doc__``; ``text`` is
the short description on all three (a class's or subject's summary, a code's sample text),
and ``str()`` gives it. The member lists are generated (``_generated/enums.py``), and so are
the rows of texts (``_generated/enum_rows.py``); ``attach`` here puts each member's row on
it, the first time a program reads any member's text (see ``_bases._RowAttribute``): the
package's import loads neither the rows nor this module.
"""

from ._generated.enums import EnhancedCode, StatusClass, Subject

__all__ = ["EnhancedCode", "StatusClass", "Subject"]

_attached = False


def attach() -> None:
    """Put every member's row in its ``__dict__``, once: from then on the texts are plain
    instance attributes, which win over the descriptors that called this."""
    global _attached  # once per process
    if _attached:
        return
    from ._generated.enum_rows import CODE_ROWS, HEADER_ROWS

    # One update of each member's __dict__ per row: a thousand single attribute
    # assignments cost more than the enums themselves.
    for header, (summary, description, references, submitter, change_controller) in zip(
            (*StatusClass, *Subject), HEADER_ROWS, strict=True):
        vars(header).update(
            summary=summary, text=summary, description=description, __doc__=description,
            references=references, submitter=submitter, change_controller=change_controller)
    for member, row in zip(EnhancedCode, CODE_ROWS, strict=True):
        (subject, detail, sample_text, text, description, basic_code, basic_codes, references,
         submitter, change_controller, date, deprecated, replaced_by, classes) = row
        vars(member).update(
            subject=Subject(subject), detail=detail, sample_text=sample_text, text=text,
            description=description, __doc__=description, basic_code=basic_code,
            basic_codes=basic_codes, references=references, submitter=submitter,
            change_controller=change_controller, _date=date, deprecated=deprecated,
            replaced_by=None if replaced_by is None else EnhancedCode(replaced_by),
            classes=frozenset(StatusClass(value) for value in classes))
    _attached = True
