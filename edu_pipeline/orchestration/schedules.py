"""The nightly run at 01:00 in Đắk Lắk, whether or not a file changed.

It runs even on a quiet night because the rules move with the calendar: after the 25th of a
quarter's last month a school that sent nothing goes from "not yet submitted" to "missing", and
the published data must not look older than a day.
"""

import dagster as dg

from edu_pipeline.orchestration.jobs import province_job

NIGHTLY_CRON, TIMEZONE = "0 1 * * *", "Asia/Ho_Chi_Minh"

nightly_schedule = dg.ScheduleDefinition(
    name="nightly_province_run",
    job=province_job,
    cron_schedule=NIGHTLY_CRON,
    execution_timezone=TIMEZONE,
    default_status=dg.DefaultScheduleStatus.RUNNING,
    description="Chạy lúc 01:00 hằng đêm, kể cả khi không có tệp mới / Every night at 01:00 "
    "Asia/Ho_Chi_Minh, even when no file changed (deadlines move with the calendar).",
)
