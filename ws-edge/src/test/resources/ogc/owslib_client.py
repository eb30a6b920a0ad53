"""OWSLib's OGC API - Features client against the edge's /ogc, for OgcClientsTest.

Usage: owslib_client.py URL TOKEN PAGE_SIZE  -> reads as that token: collections, every page of
                                                incidents (following next links), a bbox query,
                                                one item and a missing one
       owslib_client.py URL - 0             -> without a token (its own process: OWSLib keeps
                                                headers module-wide, so they would leak into it)
Prints one JSON object; the Java test asserts on it.
"""
import json
import sys
from urllib.parse import parse_qs, urlparse

import owslib
from owslib.ogcapi.features import Features


def error_of(call):
    try:
        call()
        return None
    except Exception as e:  # OWSLib raises requests' HTTPError or its own exceptions
        return type(e).__name__ + ": " + str(e)


def main():
    url, token, page_size = sys.argv[1], sys.argv[2], int(sys.argv[3])
    out = {"owslib": owslib.__version__}
    if token == "-":
        api = Features(url)
        out["links"] = [link["rel"] for link in api.links]
        out["conformance"] = api.conformance()["conformsTo"]
        out["collections_error"] = error_of(api.collections)
        out["items_error"] = error_of(lambda: api.collection_items("incidents"))
        print(json.dumps(out))
        return
    api = Features(url, headers={"Authorization": "Bearer " + token})
    collections = api.collections()
    out["collections"] = [c["id"] for c in collections["collections"]]
    out["extent"] = api.collection("incidents")["extent"]
    ids, pages, matched, cursor = [], 0, None, None
    while True:
        params = {"limit": page_size}
        if cursor:
            params["cursor"] = cursor
        page = api.collection_items("incidents", **params)
        pages += 1
        matched = page["numberMatched"]
        ids += [f["id"] for f in page["features"]]
        nxt = [link["href"] for link in page["links"] if link["rel"] == "next"]
        if not nxt:
            break
        cursor = parse_qs(urlparse(nxt[0]).query)["cursor"][0]
    out.update(ids=ids, pages=pages, matched=matched)
    out["bbox_ids"] = [f["id"] for f in api.collection_items("incidents", bbox=[-122.45, 37.70, -122.15, 37.80])["features"]]
    out["datetime_ids"] = [f["id"] for f in api.collection_items("incidents", **{"datetime": "2026-11-22T19:10:00Z/.."})["features"]]
    out["alert_ids"] = [f["id"] for f in api.collection_items("alerts")["features"]]
    out["item"] = api.collection_item("incidents", ids[0])["id"] if ids else None
    out["missing_error"] = error_of(lambda: api.collection_item("incidents", "NO-SUCH"))
    print(json.dumps(out))


if __name__ == "__main__":
    main()
