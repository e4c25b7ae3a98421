"""One generic walk over two pruned OpenAPI 3.0 documents; every finding is a row of `diff_rules`.

The walk covers what a pruned spec holds: operations (paired across moves), their naming,
parameters, request body, responses, media types, security, and schemas (properties, items,
nullable, type, format, enum, default, bounds, description) with local `$ref`s followed lazily
and each `$ref` cycle compared once. A request that is a `oneOf` discriminated by `model` (the
Veo family) is compared model by model, a schema naming one model standing for a family of one;
other `oneOf`/`anyOf`/`allOf` are not walked (no pruned spec of this project holds them).

Levels come from the rule table; a `may-break` change on a field the wrapper reads or sends
(`usage`, by HTTP method: `aimlapi_veo.spec_usage`) is raised to `breaking`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, replace
from typing import Any, Final
from urllib.parse import unquote

from specpipe.diff_model import Change, SpecError, sort_changes
from specpipe.diff_rules import lookup

Json = dict[str, Any]
Usage = Mapping[str, frozenset[str]]  # HTTP method -> locations the wrapper reads or sends
METHODS: Final = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
# Formats openapi-python-client turns into a Python type other than str.
TYPED_FORMATS: Final = {"date-time": "datetime", "date": "date", "uuid": "UUID", "binary": "File"}
BOUNDS: Final = {  # keyword -> which way is tighter: "upper" (smaller), "lower" (larger), "other"
    **dict.fromkeys(("maximum", "exclusiveMaximum", "maxLength", "maxItems"), "upper"),
    **dict.fromkeys(("minimum", "exclusiveMinimum", "minLength", "minItems"), "lower"),
    **dict.fromkeys(("uniqueItems", "multipleOf", "pattern"), "other"),
}
_MAX_HOPS = 64


def show(value: Any) -> str:
    """A value as JSON, so `"5"` and `5` read differently."""
    return json.dumps(value, sort_keys=True)


class Resolver:
    """Local `$ref`s (`#/...`) inside one document, followed on demand."""

    def __init__(self, doc: Json, side: str) -> None:
        self.doc, self.side = doc, side

    def deref(self, node: Any) -> tuple[Json, frozenset[str]]:
        refs: set[str] = set()
        while isinstance(node, dict) and isinstance(node.get("$ref"), str):
            ref = node["$ref"]
            if ref in refs or len(refs) > _MAX_HOPS:
                raise SpecError(self.side, f"$ref {ref!r} refers to itself")
            refs.add(ref)
            node = self._pointer(ref)
        return (node if isinstance(node, dict) else {}), frozenset(refs)

    def _pointer(self, ref: str) -> Any:
        if not ref.startswith("#"):
            detail = f"$ref {ref!r} points outside the document; only local refs are supported"
            raise SpecError(self.side, detail)
        node: Any = self.doc
        for raw in ref[1:].split("/")[1:]:
            key = unquote(raw).replace("~1", "/").replace("~0", "~")
            if isinstance(node, list) and key.isdigit() and int(key) < len(node):
                node = node[int(key)]
            elif isinstance(node, dict) and key in node:
                node = node[key]
            else:
                raise SpecError(self.side, f"$ref {ref!r} does not resolve (no {key!r})")
        return node

    def obj(self, node: Any) -> Json:
        return self.deref(node)[0]


def json_type(value: Any) -> str:
    for kind, name in ((bool, "boolean"), (int, "integer"), (float, "number"), (str, "string")):
        if isinstance(value, kind):
            return name
    return "array" if isinstance(value, list) else "null" if value is None else "object"


def schema_type(schema: Json) -> str | None:
    """The JSON type a schema describes; a missing `type` is inferred; None means any value."""
    if isinstance(schema.get("type"), str):
        return str(schema["type"])
    if "properties" in schema or "additionalProperties" in schema:
        return "object"
    if "items" in schema:
        return "array"
    kinds = {json_type(v) for v in schema.get("enum") or [] if v is not None}
    return "number" if kinds == {"integer", "number"} else kinds.pop() if len(kinds) == 1 else None


@dataclass(frozen=True)
class Site:
    """Where a finding sits: operation, side of the call, location and how rules name it."""

    old: Resolver
    new: Resolver
    op: str | None
    direction: str = "any"
    location: str = ""
    root: str = ""  # rule prefix of the schema itself (`request-body`), nested below (`-property`)
    noun: str = ""  # `request body`, `query parameter \`id\``
    used: frozenset[str] = frozenset()

    def at(self, **changes: Any) -> Site:
        return replace(self, **changes)

    def change(self, rule: str, path: str = "", case: str = "", **fields: Any) -> Change:
        site = (self.root + "-property" if self.root.endswith("-parameter") else
                f"{self.direction}-property") if path else self.root  # fmt: skip
        what = f"{self.noun} property `{path}`" if path and self.noun.endswith("`") else (
            f"{self.direction} property `{path}`" if path else self.noun)  # fmt: skip
        row = lookup(rule, case, self.direction)
        fields = {"op": self.op, "what": what, **fields}
        location = ".".join(p for p in (self.location, path) if p)
        found = Change(
            row.id.format(site=site), row.level, self.op, location,
            row.message.format(**fields), row.reason.format(**fields),
        )  # fmt: skip
        return self._raised(found)

    def _raised(self, change: Change) -> Change:
        """may-break becomes breaking on a field the wrapper reads or sends."""
        key = re.sub(r"^responses\.2\d\d(?=\.|$)", "responses.2xx", change.location)
        hit = next((u for u in sorted(self.used) if _touches(key, u)), None)
        if change.level != "may-break" or hit is None:
            return change
        why = f"{change.reason}; this client uses `{hit}` (aimlapi_veo.spec_usage)"
        return replace(change, level="breaking", reason=why)


def _split(before: Mapping[str, Any], after: Mapping[str, Any], swap: Any = None) -> tuple[
    list[str], list[str], list[tuple[str, str]]
]:  # fmt: skip
    """Keys gone, keys new, and (old, new) pairs; with `swap(key)` true for the one key gone
    and the one new, they pair up as one thing replaced (a media type, a success status)."""
    gone, fresh = sorted(before.keys() - after.keys()), sorted(after.keys() - before.keys())
    pairs = [(k, k) for k in sorted(before.keys() & after.keys())]
    one_gone, one_new = (
        [k for k in gone if swap and swap(k)],
        [k for k in fresh if swap and swap(k)],
    )
    if len(one_gone) == len(one_new) == 1:
        pairs.append((one_gone[0], one_new[0]))
        gone.remove(one_gone[0])
        fresh.remove(one_new[0])
    return gone, fresh, pairs


def _kind(required: bool) -> str:
    return "required" if required else "optional"


def _touches(location: str, used: str) -> bool:
    return location == used or used.startswith(location + ".") or location.startswith(used + ".")


# --- operations ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Operation:
    path: str
    method: str
    node: Json
    item: Json

    @property
    def label(self) -> str:
        return f"{self.method.upper()} {self.path}"

    @property
    def location(self) -> str:
        return f"paths.{self.path}.{self.method}"

    @property
    def op_id(self) -> str | None:
        value = self.node.get("operationId")
        return value if isinstance(value, str) and value else None


def diff_specs(old: Any, new: Any, usage: Usage | None = None) -> list[Change]:
    """Every change from `old` to `new`, levelled and sorted. Raises SpecError on bad input."""
    res = Resolver(_document(old, "old"), "old"), Resolver(_document(new, "new"), "new")
    before, after = _operations(res[0]), _operations(res[1])
    pairs = [(before.pop(k), after.pop(k)) for k in sorted(before.keys() & after.keys())]
    for same in (_same_id, lambda a, b: _same_body(a, b, res)):
        for gone in list(before.values()):
            moved = next((op for op in after.values() if same(gone, op)), None)
            if moved is not None:
                pairs.append(
                    (before.pop((gone.path, gone.method)), after.pop((moved.path, moved.method)))
                )
    new_paths = set(res[1].doc.get("paths", {}))
    changes = []
    for op in before.values():
        deprecated = "with" if op.node.get("deprecated") is True else "without"
        scope = "api" if op.path in new_paths else "api-path"
        changes.append(
            Site(*res, op.label, location=op.location).change(
                f"{scope}-removed-{deprecated}-deprecation"
            )
        )
    changes += [
        Site(*res, op.label, location=op.location).change("endpoint-added") for op in after.values()
    ]
    for old_op, new_op in pairs:
        used = (usage or {}).get(new_op.method.upper(), frozenset())
        changes += _operation(Site(*res, new_op.label, used=used), old_op, new_op)
    return sort_changes(changes)


def _document(doc: Any, side: str) -> Json:
    if not isinstance(doc, dict):
        raise SpecError(side, "not a JSON object")
    if "openapi" not in doc and "paths" not in doc:
        raise SpecError(side, "not an OpenAPI document (no `openapi` or `paths`)")
    for key in ("paths", "components"):
        if not isinstance(doc.get(key, {}), dict):
            raise SpecError(side, f"`{key}` is not an object")
    return doc


def _operations(res: Resolver) -> dict[tuple[str, str], Operation]:
    found = {}
    for path, raw in sorted(res.doc.get("paths", {}).items()):
        item = res.obj(raw)
        for method in METHODS:
            if isinstance(item.get(method), dict):
                found[(path, method)] = Operation(path, method, item[method], item)
    return found


def _same_id(old: Operation, new: Operation) -> bool:
    return old.op_id is not None and old.op_id == new.op_id


def _same_body(old: Operation, new: Operation, res: tuple[Resolver, Resolver]) -> bool:
    """Upstream moved create to another path with a new operationId and a slightly different
    body: the same method and body shape (media types, property and required names) is a move."""
    shape = _shape(old, res[0])
    return old.method == new.method and shape is not None and shape == _shape(new, res[1])


def _shape(op: Operation, res: Resolver) -> tuple[Any, ...] | None:
    content = res.obj(op.node.get("requestBody")).get("content")
    shape = []
    for media_type, media in sorted(content.items() if isinstance(content, dict) else []):
        schema = res.obj(media.get("schema") if isinstance(media, dict) else None)
        shape.append((media_type, sorted(_props(schema)), sorted(_required(schema))))
    # Bodies without named fields (a bare string, a file) say nothing about identity.
    return tuple(shape) if any(names for _, names, _ in shape) else None


def _operation(site: Site, old: Operation, new: Operation) -> Iterator[Change]:
    top = site.at(location=new.location)
    if (old.path, old.method) != (new.path, new.method):
        yield top.change("api-path-moved", old=old.label, old_path=old.path)
    if old.op_id != new.op_id:
        kind = "added" if old.op_id is None else "removed" if new.op_id is None else "changed"
        yield site.at(location="operationId").change(
            f"api-operation-id-{kind}", old=old.op_id, new=new.op_id
        )
    tags = [(op.node.get("tags") or ["default"])[0] for op in (old, new)]
    if tags[0] != tags[1]:
        yield site.at(location="tags").change("api-tag-changed", old=tags[0], new=tags[1])
    deprecated = [op.node.get("deprecated") is True for op in (old, new)]
    if deprecated[0] != deprecated[1]:
        rule = "endpoint-deprecated" if deprecated[1] else "endpoint-reactivated"
        yield site.at(location="deprecated").change(rule)
    yield from _parameters(site.at(direction="request"), old, new)
    yield from _request_body(site.at(direction="request", location="requestBody"), old, new)
    yield from _responses(site.at(direction="response"), old, new)
    yield from _security(site.at(location="security"), old, new)


def _parameters(site: Site, old: Operation, new: Operation) -> Iterator[Change]:
    before, after = _params(old, site.old), _params(new, site.new)
    for key in sorted(before.keys() | after.keys()):
        where, _, name = key.partition(".")
        here = site.at(
            location=f"parameters.{key}",
            root="request-parameter",
            noun=f"{where} parameter `{name}`",
        )
        was, now = before.get(key), after.get(key)
        if now is None:
            yield here.change("request-parameter-removed")
        elif was is None:
            yield here.change(f"new-{_kind(_param_required(now))}-request-parameter")
        else:
            if _param_required(was) != _param_required(now):
                yield here.change(f"request-parameter-became-{_kind(_param_required(now))}")
            yield from _schema(here, was.get("schema"), now.get("schema"))


def _params(op: Operation, res: Resolver) -> dict[str, Json]:
    """Path-level parameters, overridden by operation-level ones with the same `in` and name."""
    found = {}
    for raw in [*(op.item.get("parameters") or []), *(op.node.get("parameters") or [])]:
        param = res.obj(raw)
        if isinstance(param.get("in"), str) and isinstance(param.get("name"), str):
            found[f"{param['in']}.{param['name']}"] = param
    return found


def _param_required(param: Json) -> bool:
    return param.get("in") == "path" or param.get("required") is True


def _request_body(site: Site, old: Operation, new: Operation) -> Iterator[Change]:
    before, after = (
        site.old.obj(old.node.get("requestBody")),
        site.new.obj(new.node.get("requestBody")),
    )
    required = after.get("required") is True
    if before and not after:
        yield site.change("request-body-removed")
    elif after and not before:
        yield site.change(f"request-body-added-{_kind(required)}")
    elif before:
        if (before.get("required") is True) != required:
            yield site.change(f"request-body-became-{_kind(required)}")
        body = site.at(root="request-body", noun="request body")
        yield from _content(body, before.get("content"), after.get("content"))


def _responses(site: Site, old: Operation, new: Operation) -> Iterator[Change]:
    before, after = (
        {str(code): res.obj(r) for code, r in (op.node.get("responses") or {}).items()}
        for op, res in ((old, site.old), (new, site.new))
    )
    gone, fresh, pairs = _split(before, after, swap=lambda code: code.startswith("2"))
    for was, now in pairs:
        if was != now:
            here = site.at(location=f"responses.{now}")
            yield here.change("response-success-status-changed", old=was, new=now)
    for codes, verb in ((gone, "removed"), (fresh, "added")):
        for code in codes:
            kind = "success" if code.startswith("2") else "non-success"
            yield site.at(location=f"responses.{code}").change(
                f"response-{kind}-status-{verb}", code=code
            )
    for was, now in pairs:
        body = site.at(location=f"responses.{now}", root="response-body", noun="response body")
        yield from _content(body, before[was].get("content"), after[now].get("content"))


def _content(site: Site, old: Any, new: Any) -> Iterator[Change]:
    """Media types and their schemas; one type replaced by another is one change, and the two
    schemas are still compared. A body that appears or vanishes whole is its schema doing so."""
    before, after = (m if isinstance(m, dict) else {} for m in (old, new))
    gone, fresh, pairs = _split(before, after, swap=lambda _: True)
    for media in gone:
        whole = not after and _schema_of(before[media]) is not None
        yield site.change(f"{{site}}-{'schema' if whole else 'media-type'}-removed", old=media)
    for media in fresh:
        whole = not before and _schema_of(after[media]) is not None
        yield site.change(f"{{site}}-{'schema' if whole else 'media-type'}-added", new=media)
    for was, now in pairs:
        if was != now:
            yield site.change("{site}-media-type-changed", old=was, new=now)
        schemas = _schema_of(before[was]), _schema_of(after[now])
        if schemas[0] is None and schemas[1] is not None:
            yield site.change("{site}-schema-added", new=now)
        elif schemas[1] is None and schemas[0] is not None:
            yield site.change("{site}-schema-removed", old=now)
        elif schemas[0] is not None:
            yield from _schema(site, *schemas)


def _schema_of(media: Any) -> Any:
    return media.get("schema") if isinstance(media, dict) else None


# --- schemas -------------------------------------------------------------------------------------


def _schema(
    site: Site, old_node: Any, new_node: Any, path: str = "", seen: frozenset[Any] = frozenset()
) -> Iterator[Change]:
    (old, old_refs), (new, new_refs) = site.old.deref(old_node), site.new.deref(new_node)
    if (old_refs or new_refs) and (old_refs, new_refs) in seen:
        return  # a recursive schema: this pair of $ref chains is being compared already
    seen |= {(old_refs, new_refs)}
    old_models, new_models = _models(old), _models(new)
    if site.direction == "request" and not path and len(old_models | new_models) > 1:
        gone, fresh, pairs = _split(old_models, new_models)
        yield from (site.change("request-model-removed", model=m) for m in gone)
        yield from (site.change("request-model-added", model=m) for m in fresh)
        for model, _ in pairs:
            each = site.at(op=f"{site.op} [{model}]")
            yield from _schema(each, old_models[model], new_models[model], path, seen)
        return
    yield from _values(site, path, old, new)
    if schema_type(old) != schema_type(new):
        return  # a new type: what lies below is a different thing, not a change to it
    old_props, new_props = _props(old), _props(new)
    old_req, new_req = _required(old), _required(new)
    request = site.direction == "request"
    gone, fresh, pairs = _split(old_props, new_props)
    for name in gone:
        kind = _kind(name in old_req)
        rule = "request-property-removed" if request else f"response-{kind}-property-removed"
        yield site.change(rule, _join(path, name), kind=kind)
    for name in fresh:
        kind = _kind(name in new_req)
        rule = f"new-{kind}-request-property" if request else f"response-{kind}-property-added"
        yield site.change(rule, _join(path, name))
    for name, _ in pairs:
        if (name in old_req) != (name in new_req):
            yield site.change(
                f"{site.direction}-property-became-{_kind(name in new_req)}", _join(path, name)
            )
        yield from _schema(site, old_props[name], new_props[name], _join(path, name), seen)
    if "items" in old and "items" in new:
        yield from _schema(site, old["items"], new["items"], f"{path}[]", seen)


def _models(schema: Json) -> dict[str, Any]:
    """model -> its request schema: a discriminated oneOf's mapping, or a schema naming one."""
    mapping = schema.get("discriminator", {}).get("mapping")
    if isinstance(mapping, dict):
        return {model: {"$ref": ref} for model, ref in mapping.items()}
    values = _props(schema).get("model", {}).get("enum", [])
    return {values[0]: schema} if len(values) == 1 else {}


def _join(path: str, name: str) -> str:
    return f"{path}.{name}" if path else name


def _props(schema: Json) -> dict[str, Any]:
    props = schema.get("properties")
    return props if isinstance(props, dict) else {}


def _required(schema: Json) -> set[str]:
    names = schema.get("required")
    return {n for n in names if isinstance(n, str)} if isinstance(names, list) else set()


def _values(site: Site, path: str, old: Json, new: Json) -> Iterator[Change]:
    """Rules about the values one schema admits; after a type change the type-bound ones stop."""
    nullable = old.get("nullable") is True, new.get("nullable") is True
    if nullable[0] != nullable[1]:
        yield site.change(
            "{site}-became-nullable" if nullable[1] else "{site}-became-not-nullable", path
        )
    if site.direction == "request":
        yield from _default(site, path, old, new)
    old_type, new_type = schema_type(old), schema_type(new)
    if old_type != new_type:
        shown = [t or "any (untyped)" for t in (old_type, new_type)]
        if isinstance(new.get("enum"), list):
            shown[1] += f" (enum {', '.join(show(v) for v in new['enum'])})"
        widened = site.direction == "request" and (old_type, new_type) == ("integer", "number")
        yield site.change(
            "{site}-type-generalized" if widened else "{site}-type-changed",
            path,
            old=shown[0],
            new=shown[1],
        )
        return
    if old.get("format") != new.get("format"):
        formats = old.get("format"), new.get("format")
        typed = "; ".join(f"{f} is {TYPED_FORMATS[f]}" for f in formats if f in TYPED_FORMATS)
        yield site.change(
            "{site}-format-changed", path, "typed" if typed else "",
            old=formats[0] or "none", new=formats[1] or "none", typed=typed,
        )  # fmt: skip
    yield from _enum(site, path, old.get("enum"), new.get("enum"))
    for keyword, bound in BOUNDS.items():
        was, now = old.get(keyword), new.get(keyword)
        if was != now:
            rule = (
                "{site}-constraint-tightened"
                if _tighter(bound, was, now)
                else "{site}-constraint-loosened"
            )
            yield site.change(rule, path, keyword=keyword, old=_bound(was), new=_bound(now))
    if (
        old.get("description") != new.get("description")
        and old.get("description")
        and new.get("description")
    ):
        yield site.change("{site}-description-changed", path)


def _enum(site: Site, path: str, old: Any, new: Any) -> Iterator[Change]:
    if isinstance(old, list) and isinstance(new, list):
        before, after = {show(v) for v in old}, {show(v) for v in new}
        for value in sorted(before - after):
            yield site.change("{site}-enum-value-removed", path, value=value)
        for value in sorted(after - before):
            yield site.change("{site}-enum-value-added", path, value=value)
    elif isinstance(new, list):
        yield site.change("{site}-became-enum", path, new=", ".join(show(v) for v in new))
    elif isinstance(old, list):
        yield site.change("{site}-enum-dropped", path)


def _default(site: Site, path: str, old: Json, new: Json) -> Iterator[Change]:
    """Request defaults only: they decide what a caller who omits the field gets."""
    had, has = "default" in old, "default" in new
    if (not had and not has) or (had and has and show(old["default"]) == show(new["default"])):
        return
    verb = "changed" if had and has else "added" if has else "removed"
    values = {"old": show(old.get("default")), "new": show(new.get("default"))}
    yield site.change(f"{{site}}-default-value-{verb}", path, misfit=_misfit(new), **values)


def _misfit(schema: Json) -> str:
    """A note when a default does not match the declared type (upstream has `"5"` on an integer)."""
    declared, actual = schema_type(schema), json_type(schema.get("default"))
    fits = (
        "default" not in schema
        or declared in (None, actual)
        or (declared, actual) == ("number", "integer")
    )
    return "" if fits else f" (note: the default is a {actual}, not a valid {declared})"


def _tighter(bound: str, was: Any, now: Any) -> bool:
    """True when the new value admits fewer values (or may: a changed pattern counts as tighter)."""
    if was is None or now is None:
        return now is not None and now is not False
    if isinstance(was, bool) or isinstance(now, bool):
        return bool(now) and not bool(was)
    if isinstance(was, int | float) and isinstance(now, int | float) and bound != "other":
        return now < was if bound == "upper" else now > was
    return True


def _bound(value: Any) -> str:
    return "none" if value is None else repr(value) if isinstance(value, str) else str(value)


# --- security ------------------------------------------------------------------------------------

Alternative = tuple[tuple[str, tuple[str, ...]], ...]  # scheme name -> sorted scopes
SCHEME_KEYS: Final = {
    "apiKey": ("in", "name"),
    "http": ("scheme",),
    "oauth2": ("flows",),
    "openIdConnect": ("openIdConnectUrl",),
}


def _security(site: Site, old: Operation, new: Operation) -> Iterator[Change]:
    """Alternatives a caller satisfies one of; the generated client asks for an
    AuthenticatedClient once any is required, so going from none to one breaks callers."""
    before, after = _alternatives(old, site.old.doc), _alternatives(new, site.new.doc)
    anonymous = [not alts or () in alts for alts in (before, after)]
    for alt in sorted(before - after):
        yield site.change(
            "api-security-removed", case="open" if anonymous[1] else "", old=_show(alt)
        )
    for alt in sorted(after - before):
        closing = anonymous[0] and not anonymous[1]
        yield site.change("api-security-added", case="closing" if closing else "", new=_show(alt))
    names = {n for alt in before for n, _ in alt} & {n for alt in after for n, _ in alt}
    for name in sorted(names):
        schemes = _scheme(site.old.doc, name), _scheme(site.new.doc, name)
        if schemes[0] != schemes[1]:
            old_text, new_text = (
                json.dumps(s, sort_keys=True, separators=(",", ":")) for s in schemes
            )
            here = site.at(location=f"components.securitySchemes.{name}")
            yield here.change("api-security-scheme-changed", name=name, old=old_text, new=new_text)


def _alternatives(op: Operation, doc: Json) -> set[Alternative]:
    """The operation's own `security`, else the document's; each requirement canonicalised."""
    raw = op.node["security"] if "security" in op.node else doc.get("security")
    return {
        tuple(sorted((str(k), tuple(sorted(map(str, v or [])))) for k, v in req.items()))
        for req in (raw if isinstance(raw, list) else [])
        if isinstance(req, dict)
    }


def _show(alt: Alternative) -> str:
    parts = [f"{name}[{', '.join(scopes)}]" if scopes else name for name, scopes in alt]
    return "security requirement " + " + ".join(parts) if alt else "anonymous access"


def _scheme(doc: Json, name: str) -> Json:
    """The parts of a scheme that decide what a caller sends (not descriptions or bearerFormat)."""
    schemes = doc.get("components", {}).get("securitySchemes")
    scheme = schemes.get(name) if isinstance(schemes, dict) else None
    if not isinstance(scheme, dict):
        return {}
    picked = {"type": scheme.get("type")}
    picked |= {
        k: scheme.get(k) for k in SCHEME_KEYS.get(str(scheme.get("type")), ()) if k in scheme
    }
    if isinstance(http := picked.get("scheme"), str):
        picked["scheme"] = http.lower()  # RFC 7235: auth schemes are case-insensitive
    return picked
