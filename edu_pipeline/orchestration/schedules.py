"""The nightly run, at 01:00 in Đắk Lắk unless `EDU_NIGHTLY_CRON` says otherwise.

It runs even on a quiet night because the rules move with the calendar: after the 25th of a
quarter's last month a school that sent nothing goes from "not yet submitted" to "missing", and
the published data must not look older than a day.
"""

import dagster as dg

from edu_pipeline.orchestration.jobs import province_job

NIGHTLY_CRON, TIMEZONE = "0 1 * * *", "Asia/Ho_Chi_Minh"


def nightly_schedule(cron: str = NIGHTLY_CRON) -> dg.ScheduleDefinition:
    """The province run every night at `cron` (the server's setting; a test makes it due now).

    >>> nightly_schedule().cron_schedule
    '0 1 * * *'
    """
    when = "lúc 01:00" if cron == NIGHTLY_CRON else f"theo lịch {cron}"
    return dg.ScheduleDefinition(
        name="nightly_province_run",
        job=province_job,
        cron_schedule=cron,
        execution_timezone=TIMEZONE,
        default_status=dg.DefaultScheduleStatus.RUNNING,
        description=f"Chạy {when} hằng đêm (giờ Việt Nam), kể cả khi không có tệp mới / Every "
        f"night ({cron}, Asia/Ho_Chi_Minh), even when no file changed (deadlines move with the "
        "calendar).",
    )
