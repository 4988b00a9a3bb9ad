"""The registry's three tables as enums, modelled on ``http.HTTPStatus``.

Members carry IANA's texts as attributes and their description as ``__doc__``; ``text`` is
the short description on all three (a class's or subject's summary, a code's sample text),
and ``str()`` gives it. The member lists are generated (``_generated/__init__.py``), and so are
the rows of texts (``_generated/enum_rows.py``); ``attach`` here puts each member's row on
it, the first time a program reads any member's text (see ``_bases._RowAttribute``): the
package's import loads neither the rows nor this module.
"""

from ._generated import EnhancedCode, StatusClass, Subject

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
    for header, row in zip((*StatusClass, *Subject), HEADER_ROWS, strict=True):
        vars(header).update(
            summary=row["summary"], text=row["summary"], description=row["description"],
            __doc__=row["description"], references=row["references"],
            submitter=row["submitter"], change_controller=row["change_controller"])
    for member, code in zip(EnhancedCode, CODE_ROWS, strict=True):
        replaced_by = code["replaced_by"]
        vars(member).update(
            subject=Subject(code["subject"]), detail=code["detail"],
            sample_text=code["sample_text"], text=code["text"],
            description=code["description"], __doc__=code["description"],
            basic_code=code["basic_code"], basic_codes=code["basic_codes"],
            references=code["references"], submitter=code["submitter"],
            change_controller=code["change_controller"], _date=code["date"],
            deprecated=code["deprecated"],
            replaced_by=None if replaced_by is None else EnhancedCode(replaced_by),
            classes=frozenset(StatusClass(value) for value in code["classes"]))
    _attached = True
