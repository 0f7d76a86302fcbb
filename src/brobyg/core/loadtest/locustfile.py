"""Locust scenario for `brobyg bench load`: every role logs in and works through the pages its home page offers.

FastHttpUser (geventhttpclient) is used because the load generator shares the machine's two cores with the server:
it spends several times less CPU per request than the requests-based HttpUser.

Staff users follow the links of their home page and navigation (so new screens join the load run by themselves),
anonymous visitors search the public directory, and some calls go to the JSON API.
"""
import os
import random
import re
from urllib.parse import urlencode

from locust import FastHttpUser, between, task

PASSWORD = os.environ.get("BROBYG_DEMO_PASSWORD", "brobyg-demo-2026")
ROLES = os.environ.get("BROBYG_LOAD_USERS", "facilitator,referrer,bridgebuilder,association,volunteer,evaluator")
# Downloads (PDF, Excel, calendars, pictures) and state-changing links are not part of the browsing mix.
SKIP = re.compile(r"^/(accounts/logout|admin|static|i18n)|\.(pdf|xlsx|ics|png|svg)$|/(pdf|xlsx|svg)/?$|"
                  r"/(export|download|erase|withdraw)")
QUERIES = ["fodbold", "musik", "strik", "café", "natur", "sprog", "gå", "madlavning", ""]
POSTCODES = ["8000", "2200", "5000", "9000", "6700", "4000", "7100", "8200"]


def _links(html: str) -> list[str]:
    hrefs = re.findall(r'href="(/[^"#]*)"', html)
    return sorted({h.replace("&amp;", "&") for h in hrefs if not SKIP.search(h)})


class StaffUser(FastHttpUser):
    weight = 3
    wait_time = between(1, 3)

    def on_start(self):
        self.username = random.choice(ROLES.split(","))
        page = self.client.get("/accounts/login/", name="login form")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text or "")
        form = {"username": self.username, "password": PASSWORD, "csrfmiddlewaretoken": token.group(1) if token else ""}
        self.client.post("/accounts/login/", name="login", data=urlencode(form),
                         headers={"Referer": self.host + "/accounts/login/",
                                  "Content-Type": "application/x-www-form-urlencoded"})
        with self.client.get("/", name="home", catch_response=True) as home:
            if "/accounts/logout/" not in (home.text or ""):
                home.failure(f"login as {self.username} failed")
        self.links = _links(home.text or "") or ["/"]

    @task(5)
    def follow_a_link(self):
        url = random.choice(self.links)
        response = self.client.get(url, name=f"{self.username}: {re.sub(r'/[0-9]+', '/<id>', url.split('?')[0])}")
        if response.ok and len(self.links) < 40:
            self.links.extend(link for link in _links(response.text or "")[:10] if link not in self.links)

    @task(2)
    def home(self):
        self.client.get("/", name="home")

    @task(1)
    def api_me(self):
        self.client.get("/api/v1/accounts/me", name="api: me")


class Visitor(FastHttpUser):
    weight = 2
    wait_time = between(1, 3)

    @task(4)
    def search(self):
        params = {"q": random.choice(QUERIES), "postcode": random.choice(POSTCODES), "distance": "10"}
        self.client.get("/activities/?" + urlencode(params), name="public directory search")

    @task(1)
    def front(self):
        self.client.get("/", name="public home")

    @task(1)
    def api_search(self):
        self.client.get("/api/v1/directory/activities?" + urlencode({"q": random.choice(QUERIES)}),
                        name="api: directory search")
