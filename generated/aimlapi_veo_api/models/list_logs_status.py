from typing import Literal

ListLogsStatus = Literal["failed", "succeeded"]

LIST_LOGS_STATUS_VALUES: set[ListLogsStatus] = {
    "failed",
    "succeeded",
}


def check_list_logs_status(value: str) -> ListLogsStatus:
    if value in LIST_LOGS_STATUS_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {LIST_LOGS_STATUS_VALUES!r}")
