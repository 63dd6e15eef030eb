"""Use cases of surveys (问卷调查): the one import surface for screens, API, demo and tests. Where each rule
lives:

- writing a survey and its questions, submitting, four-eyes approval (publication) and return:
  `authoring.py`;
- the one-time verification code, its rate limits, the one response per person and the answers' checks:
  `responses.py`;
- the tally of the responses and the XLSX export: `exporting.py`.

Every step is audited as `surveys.<entity>.<verb>`.
"""

from .authoring import (
    may_approve,
    survey_approve,
    survey_authors,
    survey_create,
    survey_return,
    survey_save,
    survey_submit,
)
from .exporting import export_xlsx, results
from .responses import (
    CODE_ATTEMPTS,
    CODE_MINUTES,
    CODES_PER_ADDRESS_PER_HOUR,
    MAX_TEXT,
    clean_answers,
    respondent_key,
    send_code,
    submit_response,
)

__all__ = [
    "CODES_PER_ADDRESS_PER_HOUR",
    "CODE_ATTEMPTS",
    "CODE_MINUTES",
    "MAX_TEXT",
    "clean_answers",
    "export_xlsx",
    "may_approve",
    "respondent_key",
    "results",
    "send_code",
    "submit_response",
    "survey_approve",
    "survey_authors",
    "survey_create",
    "survey_return",
    "survey_save",
    "survey_submit",
]
