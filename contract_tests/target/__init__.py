"""The contract suite proper: schemathesis and the drift probe against a running API.

`make contract` (and `make test`) run it against a sandbox this suite starts on a free loopback
port; `make contract-live` (CONTRACT_TARGET=live) against AIMLAPI_BASE_URL. See ../target.py.
"""
