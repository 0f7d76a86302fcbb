"""Accessibility and polish in the browser, in Danish (issue 17): what a Danish user sees, and what axe cannot see."""
import os
from pathlib import Path

import pytest

from tests.security.test_links import ROLES

from .conftest import screenshot
from .test_directory import activities  # noqa: F401  (fixture: seven published activities around Aarhus)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_map_markers_are_spread_in_danish(page, activities):  # noqa: F811
    """Numbers in SVG must not get decimal commas: with cx="231,6" every marker collapses into the corner."""
    page.goto(page.base_url + "/activities/?view=map&postcode=8000&distance=50")
    assert page.evaluate("document.documentElement.lang") == "da"
    dots = page.locator(".dir-map-svg circle[r='12']")
    assert dots.count() == 7
    boxes = [dots.nth(i).bounding_box() for i in range(dots.count())]
    positions = {(round(b["x"]), round(b["y"])) for b in boxes}
    assert len(positions) >= 3, positions  # Aarhus C, 8200 and Randers lie apart
    svg = page.locator(".dir-map-svg").bounding_box()
    assert any(b["x"] - svg["x"] > 50 and b["y"] - svg["y"] > 50 for b in boxes)  # not all in the top-left corner
    screenshot(page, "a11y-map-da")


# --- every page the link crawler reaches, as every role, in Danish ---------------------------------------------------

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
PHONE, STAFF_WIDTH = 320, 390  # public pages must work on the smallest phone, staff pages on an ordinary one

# What axe cannot see, measured in the page itself: duplicate ids, checkbox and radio groups without a fieldset and
# legend, sideways scrolling, and the contrast of every button (axe skips buttons whose text is a symbol like ☐).
CHECKS = r"""() => {
  const out = [];
  const seen = {};
  document.querySelectorAll("[id]").forEach(el => { seen[el.id] = (seen[el.id] || 0) + 1; });
  Object.entries(seen).filter(([, n]) => n > 1).forEach(([id, n]) => out.push(`id "${id}" used ${n} times`));
  document.querySelectorAll("[aria-describedby], [aria-labelledby]").forEach(el => {
    ["aria-describedby", "aria-labelledby"].forEach(attr => (el.getAttribute(attr) || "").split(/\s+/).filter(Boolean)
      .forEach(ref => { if (!document.getElementById(ref)) { out.push(`${attr} points at a missing id "${ref}"`); } }));
  });
  const groups = {};
  document.querySelectorAll("input[type=checkbox], input[type=radio]").forEach(el => {
    const key = (el.form ? el.form.getAttribute("action") || "form" : "") + " " + el.name;
    (groups[key] = groups[key] || []).push(el);
  });
  Object.entries(groups).filter(([, els]) => els.length > 1).forEach(([key, els]) => {
    const fs = els[0].closest("fieldset");
    const legend = fs && fs.querySelector(":scope > legend");
    if (!legend || !legend.textContent.trim() || els.some(el => el.closest("fieldset") !== fs)) {
      out.push(`checkbox/radio group "${els[0].name}" without a fieldset and legend`);
    }
  });
  const root = document.documentElement;
  if (root.scrollWidth > window.innerWidth) {
    const wide = [...document.body.querySelectorAll("*")].filter(el => el.getBoundingClientRect().right > window.innerWidth + 1
      && !el.closest(".table-wrap, .visually-hidden, .skip-link") && ![...el.children].some(c => c.getBoundingClientRect().right > window.innerWidth + 1));
    out.push(`scrolls sideways: ${root.scrollWidth} px at ${window.innerWidth} px (` +
             wide.slice(0, 3).map(el => el.tagName.toLowerCase() + (el.className && el.className.baseVal === undefined ? "." + el.className.split(" ").join(".") : "")).join(", ") + ")");
  }
  const rgb = s => { const m = s.match(/[\d.]+/g).map(Number); return {r: m[0], g: m[1], b: m[2], a: m.length > 3 ? m[3] : 1}; };
  const lum = c => { const f = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
                     return 0.2126 * f(c.r) + 0.7152 * f(c.g) + 0.0722 * f(c.b); };
  const background = el => {
    for (let e = el; e; e = e.parentElement) { const c = rgb(getComputedStyle(e).backgroundColor); if (c.a > 0.5) { return c; } }
    return {r: 255, g: 255, b: 255, a: 1};
  };
  document.querySelectorAll("button, .button, input[type=submit], input[type=button]").forEach(el => {
    if (!el.getClientRects().length || getComputedStyle(el).visibility === "hidden") { return; }
    const style = getComputedStyle(el);
    const l1 = lum(rgb(style.color)), l2 = lum(background(el));
    const ratio = (Math.max(l1, l2) + 0.05) / (Math.min(l1, l2) + 0.05);
    const large = parseFloat(style.fontSize) >= 24 || (parseFloat(style.fontSize) >= 18.66 && Number(style.fontWeight) >= 700);
    if (ratio < (large ? 3 : 4.5)) {
      out.push(`button "${(el.textContent || el.value || "").trim().slice(0, 30)}" (class "${el.className}") contrast ${ratio.toFixed(2)}`);
    }
  });
  return out;
}"""


def _pages_for(role):
    """The pages the link crawler (tests/security/test_links.py) reaches as this role, one per kind."""
    from collections import deque

    from tests.security.test_links import LIMIT, SKIP, _generic, links
    from tests.security.test_permission_matrix import _client

    client = _client(role)
    queue, kinds, pages = deque(["/"]), set(), []
    while queue and len(pages) < LIMIT:
        path = queue.popleft()
        if _generic(path) in kinds or SKIP.search(path):
            continue
        kinds.add(_generic(path))
        response = client.get(path)
        if response.status_code == 200 and "html" in response.get("Content-Type", ""):
            pages.append(path)
            queue.extend(link for link in links(response.content.decode()) if link != path)
    return client, pages


# Pages the crawler's one-per-kind rule would not reach with these parameters.
EXTRA = {"anonymous": ["/activities/?view=map", "/activities/?view=map&postcode=8000&distance=10"]}


@pytest.mark.parametrize("role", ROLES)
def test_every_page_passes_axe_and_the_checks_axe_cannot_make(browser, live_server, role):
    """As anonymous and every role, in Danish: axe-core WCAG 2.0/2.1 A+AA with 0 violations, unique ids, a fieldset
    and legend for every checkbox or radio group, no sideways scroll (320 px public, 390 px staff) and readable
    buttons on every page the crawler reaches."""
    if not AXE.exists():
        pytest.skip("axe-core not installed (npm install)")
    from django.core.cache import cache
    from django.core.management import call_command

    call_command("demo", quiet_logins=True, stdout=open(os.devnull, "w"))
    problems, visited = [], 0
    cache.clear()
    client, pages = _pages_for(role)
    pages += EXTRA.get(role, [])
    width = PHONE if role == "anonymous" else STAFF_WIDTH
    context = browser.new_context(locale="da-DK", viewport={"width": width, "height": 800}, bypass_csp=True)
    host = live_server.url.split("//")[1].split(":")[0]
    context.add_cookies([{"name": name, "value": morsel.value, "domain": host, "path": "/"}
                         for name, morsel in client.cookies.items()])
    page = context.new_page()
    for path in pages:
        page.goto(live_server.url + path)
        page.add_script_tag(path=str(AXE))
        violations = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})"
                                   ".then(r => r.violations.map(v => v.id + ' (' + v.nodes.length + '): ' +"
                                   " v.nodes.slice(0, 2).map(n => n.target.join(' ')).join(', ')))", WCAG)
        problems += [f"{role} {path}: axe {v}" for v in violations]
        problems += [f"{role} {path}: {p}" for p in page.evaluate(CHECKS)]
        visited += 1
    context.close()
    assert visited > (3 if role == "anonymous" else 5)
    assert not problems, f"{len(problems)} problems on {visited} pages:\n" + "\n".join(problems)


def test_results_are_a_few_tab_stops_from_the_search_box(page, activities):  # noqa: F811
    """The long filter list sat between the search box and the first result (22 Tab stops)."""
    page.goto(page.base_url + "/activities/")
    page.focus("#id_q")
    page.keyboard.press("Tab")
    skip = page.locator(":focus")
    assert skip.get_attribute("href") == "#results" and skip.is_visible()
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('#results') !== null")
    first = page.locator("#results a").first.get_attribute("href")
    presses = 2
    while page.evaluate("document.activeElement.getAttribute('href')") != first and presses < 10:
        page.keyboard.press("Tab")
        presses += 1
    assert presses <= 4, presses  # Tab, Enter, Tab (and the list/map switch)


BUTTON_STYLES = r"""() => {
  const names = new Set();
  for (const sheet of document.styleSheets) {
    for (const rule of sheet.cssRules) {
      for (const m of (rule.selectorText || "").matchAll(/\.([a-z-]*button[a-z-]*)/g)) { names.add(m[1]); }
    }
  }
  return [...names];
}"""


def test_every_button_style_is_readable_at_rest_and_on_hover(page):
    """Each button class of every stylesheet, on the page and on the header, computed in the browser
    (white-on-white 'Mark as done' buttons had contrast 1.00; axe skips buttons whose text is a symbol)."""
    from django.contrib.staticfiles import finders

    page.goto(page.base_url + "/")
    sheets = [f"/static/{app}/{app}.css" for app in
              ("directory", "volunteers", "bridging", "evaluation", "initiatives", "partnerships")
              if finders.find(f"{app}/{app}.css")]
    for href in sheets:
        page.evaluate("href => new Promise(ok => { const l = document.createElement('link'); l.rel = 'stylesheet';"
                      " l.href = href; l.onload = ok; document.head.appendChild(l); })", href)
    names = page.evaluate(BUTTON_STYLES)
    assert {"button", "button-secondary", "button-danger", "button-small", "link-button"} <= set(names)
    combos = [[n] for n in names] + [["button", n] for n in names if n != "button"] + \
        [["button", "button-small", "button-secondary"]]
    page.evaluate("""combos => { const main = document.querySelector('main');
        combos.forEach((c, i) => { const b = document.createElement('button'); b.className = c.join(' ');
          b.id = 'style-' + i; b.textContent = '☐ Markér som udført'; main.appendChild(b); });
        const h = document.createElement('button'); h.className = 'link-button'; h.id = 'style-header';
        h.textContent = 'Log ud'; document.querySelector('.header-tools').appendChild(h); }""", combos)
    combos.append(["link-button (in the header)"])
    contrast = CHECKS.split("const background")[0].split("const rgb")[1]  # the same colour maths as the page checks
    ratio_js = ("id => { const rgb" + contrast + "const background = el => { for (let e = el; e; e = e.parentElement) {"
                " const c = rgb(getComputedStyle(e).backgroundColor); if (c.a > 0.5) { return c; } }"
                " return {r: 255, g: 255, b: 255, a: 1}; };"
                " const el = document.getElementById(id); const l1 = lum(rgb(getComputedStyle(el).color));"
                " const l2 = lum(background(el)); return (Math.max(l1, l2) + 0.05) / (Math.min(l1, l2) + 0.05); }")
    problems = []
    for i, combo in enumerate(combos):
        element = "style-header" if i == len(combos) - 1 else f"style-{i}"
        rest = page.evaluate(ratio_js, element)
        page.hover(f"#{element}")
        hover = page.evaluate(ratio_js, element)
        page.mouse.move(0, 0)
        if min(rest, hover) < 4.5:
            problems.append(f"{' '.join(combo)}: {rest:.2f} at rest, {hover:.2f} on hover")
    assert not problems, problems
    screenshot(page, "a11y-button-styles")
