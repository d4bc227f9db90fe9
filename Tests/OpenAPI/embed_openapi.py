#!/usr/bin/env python3
"""Writes Sources/PulseHub/HTTP/OpenAPIDocument.swift from Config/openapi.json (the document the
server answers at GET /api/openapi.json). Run it after editing the JSON: `make openapi-source`.
PulseHubTests.OpenAPIDocumentTests fails when the two differ."""
import json, pathlib, sys

root = pathlib.Path(__file__).resolve().parents[2]
text = (root / "Config" / "openapi.json").read_text(encoding="utf-8").rstrip("\n")
json.loads(text)  # refuse to embed a document that is not JSON
if '"""##' in text or "\\##" in text:
    sys.exit("the document holds a sequence that ends a Swift ## raw string")
swift = f'''// Generated from Config/openapi.json by Tests/OpenAPI/embed_openapi.py; do not edit by hand.

/// The OpenAPI 3.1 description of Pulse's HTTP API, served at `GET /api/openapi.json`: the
/// committed `Config/openapi.json`, embedded so the binary needs no file to answer. Immutable.
public enum OpenAPIDocument {{
    /// The document's JSON text, byte for byte the committed file (without its final newline).
    public static let text = ##"""
{text}
"""##

    public static let bytes = Array(text.utf8)
}}
'''
(root / "Sources" / "PulseHub" / "HTTP" / "OpenAPIDocument.swift").write_text(swift, encoding="utf-8")
