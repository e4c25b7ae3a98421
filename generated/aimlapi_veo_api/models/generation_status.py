from enum import StrEnum


class GenerationStatus(StrEnum):
    """Known values are members; any other string the server sends is kept, not rejected.

    The live service sends values its spec does not list (e.g. status `waiting`), so parsing
    must not raise. An unknown value becomes a pseudo-member: `.value` holds it verbatim and
    `is_known` is False. (From spec/templates/literal_enum.py.jinja, the project's template.)
    """

    COMPLETED = "completed"
    ERROR = "error"
    GENERATING = "generating"
    QUEUED = "queued"

    def __str__(self) -> str:
        return str(self.value)

    @property
    def is_known(self) -> bool:
        """Whether the spec lists this value."""
        return self._name_ in type(self).__members__

    @classmethod
    def _missing_(cls, value: object) -> "GenerationStatus | None":
        if not isinstance(value, str):
            return None
        member = str.__new__(cls, value)
        member._name_ = value
        member._value_ = value
        return member


def check_generation_status(value: str) -> GenerationStatus:
    return GenerationStatus(value)
