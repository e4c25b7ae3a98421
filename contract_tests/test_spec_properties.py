"""Spec <-> generated models, by example: hundreds of schema-drawn values per schema.

Responses: every value the response schema admits parses with the generated model, keeps the
annotated types, and round-trips (`to_dict(from_dict(x)) == x`, extra members included).
Requests: every body the request schema admits can be built through the model's constructor,
and what the model then serializes validates against the request schema.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings

from aimlapi_veo.models import Model, models
from contract_tests.model_types import build_model, runtime_type_problems
from contract_tests.operation_map import response_model
from contract_tests.spec import Json, Operation, validation_errors
from contract_tests.strategies import json_values
from contract_tests.test_spec_codegen import RESPONSES

# Enough to matter (each schema has nullable, optional and extra members to combine), small
# enough that both schemas take a few seconds on a CI runner.
EXAMPLES = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
#: One (operation, status) per distinct response schema: both operations answer with the one
#: generation schema, and every refusal with the one error schema; each is drawn from once.
DISTINCT_RESPONSES = list(
    {
        json.dumps(op.response_schema(status), sort_keys=True): (op, status)
        for op, status in RESPONSES[::-1]
    }.values()
)


@pytest.mark.parametrize(("op", "status"), DISTINCT_RESPONSES, ids=str)
def test_every_response_the_schema_admits_parses_and_round_trips(
    op: Operation, status: int
) -> None:
    """from_dict never raises on a valid answer, types hold, and to_dict gives the answer back."""
    schema = op.response_schema(status)
    assert schema is not None
    model: Any = response_model(op, status)

    @EXAMPLES
    @given(json_values(schema))
    def check(answer: Json) -> None:
        assert validation_errors(schema, answer) == []  # the strategy itself stays honest
        parsed = model.from_dict(answer)
        assert runtime_type_problems(parsed) == []
        assert parsed.to_dict() == answer

    check()


@pytest.mark.parametrize("model", models().values(), ids=lambda m: m.id)
def test_every_request_body_built_through_the_model_validates(model: Model) -> None:
    """Constructor -> to_dict() gives a body the model's schema accepts: what was set, plus
    `model` (its one value, the class's default); no other default is filled in."""
    schema = model.schema

    @settings(EXAMPLES, max_examples=30)
    @given(json_values(schema))
    def check(body: Json) -> None:
        sent = build_model(model.request_class(), body).to_dict()
        assert validation_errors(schema, sent) == []
        assert sent == {"model": model.id, **body}

    check()
