"""The public surface is what was meant, and the twins match."""

from __future__ import annotations

import inspect

import aimlapi_veo
from aimlapi_veo import AsyncVeoClient, VeoClient, errors

PUBLIC_METHODS = ["close", "create", "download", "generate", "get", "resume", "wait"]


def test_sync_and_async_clients_have_the_same_methods_and_parameters() -> None:
    """Same names, same parameters: code moves between the two by adding await."""
    for name in PUBLIC_METHODS:
        sync, asynchronous = getattr(VeoClient, name), getattr(AsyncVeoClient, name)
        assert (
            inspect.signature(sync).parameters.keys()
            == inspect.signature(asynchronous).parameters.keys()
        ), name
        assert inspect.iscoroutinefunction(asynchronous), name
    public = {n for n in dir(VeoClient) if not n.startswith("_")}
    assert public == {n for n in dir(AsyncVeoClient) if not n.startswith("_")}


def test_every_exception_is_exported_and_descends_from_veo_error() -> None:
    """One tree, all of it importable from the package."""
    classes = [
        c
        for _, c in inspect.getmembers(errors, inspect.isclass)
        if issubclass(c, Exception) and c.__module__ == errors.__name__
    ]
    for cls in classes:
        assert issubclass(cls, aimlapi_veo.VeoError)
        assert cls.__name__ in aimlapi_veo.__all__
        assert cls.__name__ in errors.__doc__  # the docstring's tree names every class


def test_all_names_exist() -> None:
    """__all__ lists only what is importable."""
    assert all(hasattr(aimlapi_veo, name) for name in aimlapi_veo.__all__)
