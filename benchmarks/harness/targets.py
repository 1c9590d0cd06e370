"""What to request: every page kind with ~100 distinct URLs, each with a person allowed to see
it, and a session for each of those people (made in the database as a sign-in would, with the
privacy consent mark a sign-in puts there). Runs inside Django against one seeded database and
writes JSON for the runner:

    python -m benchmarks.harness.targets OUT.json     (DATABASE_URL names the database)

Each page's first URLs are tried in process with the test client: a page that does not answer
200 with its viewer falls back to its ``fallback`` viewer (lab log pages: the innovation unit
while lab rights are still guardian grants in this tree), else it is recorded as an error."""

import json
import os
import random
import sys

from benchmarks.harness import pages as page_builders

DISTINCT = int(os.environ.get("BENCH_DISTINCT", "100"))


def sessions(user_ids: set[int]) -> dict[int, str]:
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    from accounts.models import User
    from privacy.services import consent_required

    keys = {}
    for user in User.objects.filter(pk__in=user_ids):
        store = SessionStore()
        store[SESSION_KEY] = str(user.pk)
        store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        store[HASH_SESSION_KEY] = user.get_session_auth_hash()
        consent_required(user, store)  # as a sign-in does (privacy.services): the consent mark
        store.create()
        keys[user.pk] = store.session_key
    return keys


def check(page: dict, keys: dict[int, str]) -> str:
    """'' when the first two requests answer 200 with a body, else what they answered."""
    from django.conf import settings
    from django.test import Client

    for url, user, htmx in page["requests"][:2]:
        client = Client(HTTP_ACCEPT_LANGUAGE="ko")
        client.cookies[settings.SESSION_COOKIE_NAME] = keys[user]
        response = client.get(url, headers={"HX-Request": "true"} if htmx else {})
        if response.status_code != 200 or not response.content.strip():
            return f"{url} as user {user}: {response.status_code}, {len(response.content)} bytes"
    return ""


def main(out: str) -> None:
    import django

    django.setup()
    rng = random.Random(15)
    built = page_builders.build(rng, DISTINCT)
    keys = sessions({user for page in built["pages"] for _, user, _ in page["requests"]}
                    | {user for page in built["pages"] for _, user, _ in page.get("fallback", [])})
    for page in built["pages"]:
        page["error"] = check(page, keys)
        if page["error"] and page.get("fallback"):
            page["viewer_wanted"] = page["viewer"]
            page["requests"], page["viewer"] = page["fallback"], page["fallback_viewer"]
            page["error"] = check(page, keys)
            print(f"  {page['name']}: answers nothing to its {page['viewer_wanted']} (in this tree); "
                  f"measured as {page['viewer']}", flush=True)
        page.pop("fallback", None)
        page["requests"] = [[url, keys[user], htmx] for url, user, htmx in page["requests"]]
        if page["error"]:
            print(f"  harness error: {page['name']}: {page['error']}", flush=True)
    with open(out, "w", encoding="utf-8") as handle:
        json.dump(built, handle, ensure_ascii=False)


if __name__ == "__main__":
    main(sys.argv[1])
