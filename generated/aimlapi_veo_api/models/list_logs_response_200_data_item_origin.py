from enum import StrEnum


class ListLogsResponse200DataItemOrigin(StrEnum):
    """Known values are members; any other string the server sends is kept, not rejected.

    The live service sends values its spec does not list (e.g. status `waiting`), so parsing
    must not raise. An unknown value becomes a pseudo-member: `.value` holds it verbatim and
    `is_known` is False. (From spec/templates/literal_enum.py.jinja, the project's template.)
    """

    API = "api"
    PLAYGROUND = "playground"

    def __str__(self) -> str:
        return str(self.value)

    @property
    def is_known(self) -> bool:
        """Whether the spec lists this value."""
        return self._name_ in type(self).__members__

    @classmethod
    def _missing_(cls, value: object) -> "ListLogsResponse200DataItemOrigin | None":
        if not isinstance(value, str):
            return None
        member = str.__new__(cls, value)
        member._name_ = value
        member._value_ = value
        return member


def check_list_logs_response_200_data_item_origin(value: str) -> ListLogsResponse200DataItemOrigin:
    return ListLogsResponse200DataItemOrigin(value)
