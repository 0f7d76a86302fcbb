"""Evaluation API (read only): the dashboard's indicator values at the three levels (003 §6). Facilitators and
evaluators of the partnership, as on the dashboard; another partnership's id answers 404, anonymous callers 401.
The values come from the function the dashboard uses, so they pass the disclosure rule (core.stats) exactly as there:
hidden counts, means over too few people, and periods in whole months (the answer gives the period used)."""
from __future__ import annotations

import datetime as dt

from ninja import Field, Path, Query, Router, Schema
from ninja.security import django_auth

from brobyg.audit.services import record
from brobyg.core.stats import rule_text, small_count
from brobyg.partnerships.api import partnership_for

from . import services

router = Router(tags=["evaluation"], auth=django_auth)


class EvaluationErrorOut(Schema):
    detail: str


class EvaluationValidationErrorOut(Schema):
    detail: list[dict]


class EvaluationPartnershipPath(Schema):
    partnership_id: int = Field(..., ge=1, le=2**62)


class EvaluationPeriodIn(Schema):
    start: dt.date | None = Field(None, description="first day of the period (open if not given); the period "
                                                    "starts on the first of this month")
    end: dt.date | None = Field(None, description="last day of the period (open if not given); the period ends "
                                                  "on the last day of this month")


class EvaluationIndicatorOut(Schema):
    key: str
    label: str
    unit: str = Field(..., description="count | share | days | score | change")
    value: int | float | None = Field(..., description="null when there is no value or it is suppressed")
    suppressed: bool = Field(..., description="true when null hides a count or average of too few people")
    shown: str = Field(..., description="the value as the dashboard shows it")
    source: str


class EvaluationLevelOut(Schema):
    level: str
    label: str
    indicators: list[EvaluationIndicatorOut]


class EvaluationIndicatorsOut(Schema):
    partnership_id: int
    start: dt.date | None
    end: dt.date | None
    small_count: int = Field(..., description="counts of people below this are suppressed")
    rule: str = Field(..., description="the disclosure rule every value has passed, in words")
    levels: list[EvaluationLevelOut]


@router.get("/{partnership_id}/indicators",
            response={200: EvaluationIndicatorsOut, 401: EvaluationErrorOut, 403: EvaluationErrorOut,
                      404: EvaluationErrorOut, 422: EvaluationValidationErrorOut},
            summary="The dashboard's indicators for a period, small counts suppressed as on the dashboard")
def indicators(request, path: Path[EvaluationPartnershipPath], period: Query[EvaluationPeriodIn]):
    partnership = partnership_for(request, path.partnership_id, services.VIEW_ROLES)
    start, end = services.period(period.start, period.end)
    levels = services.indicator_levels(partnership, start, end)
    record(request, "dashboard.view", partnership, partnership=partnership, detail="api")
    return {"partnership_id": partnership.pk, "start": start, "end": end, "small_count": small_count(),
            "rule": rule_text(),
            "levels": [{"level": lv["level"], "label": str(lv["label"]),
                        "indicators": [{"key": r["key"], "label": str(r["label"]), "unit": r["unit"],
                                        "value": r["value"], "suppressed": r["suppressed"], "shown": r["shown"],
                                        "source": r["source"]} for r in lv["rows"]]}
                       for lv in levels]}
