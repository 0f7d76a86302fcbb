"""The research behind the guidance on the screens, and how a screen names it (issue 17).

Help texts carry their source as a code, "(000 §7.2)" or "(004 Part 2)" — exact for developers, meaningless to a
coordinator. ``link_citations`` turns each such parenthesis in rendered page content into a small "Source" link
to the public sources page (/kilder/), which names the report (title, who published it, when) and the section.
base.html applies it to every page's content ({% cited %}), so templates and forms keep their codes.
"""
import re
from dataclasses import dataclass
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.html import escape
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


@dataclass(frozen=True)
class Report:
    code: str
    title: str  # as the report names itself (Danish)
    publisher: str
    year: str
    about: str


NOT_STATED = gettext_lazy("not stated in the copy we hold")

REPORTS = [
    Report("000", "Flere med i lokale fællesskaber – erfaringsopsamling fra 15 projekter", NOT_STATED,
           gettext_lazy("projects 2021–2023"),
           gettext_lazy("Experience from 15 local partnership projects: the collaboration model (§6) and the bridge "
                        "from knowing an offer to belonging to a community (§7).")),
    Report("001", "Frivillig faglighed i partnerskaber – Grow Your Life og frivillig kulturformidling", NOT_STATED,
           gettext_lazy("projects 2015–2018"),
           gettext_lazy("Two partnerships built on volunteers' professional skills, in Fredericia and Copenhagen.")),
    Report("002", "Samskabelse – evaluering af tre samskabende partnerskaber",
           gettext_lazy("VIVE and Roskilde University for Socialstyrelsen"), gettext_lazy("projects 2015–2018"),
           gettext_lazy("New roles for citizens in vulnerable positions, forms of collaboration, networks and "
                        "self-evaluation in co-creation partnerships.")),
    Report("003", "Lokale partnerskaber på tværs af sektorer med mange aktører – et litteraturstudie",
           gettext_lazy("VIVE and Roskilde University, funded by Social- og Boligstyrelsen"),
           gettext_lazy("part of the evaluation 2022–2025"),
           gettext_lazy("What the research says about partnerships with 30 or more actors: facilitation, citizen "
                        "involvement, documentation and evaluation.")),
    Report("004", "At arbejde med frivillighed blandt beboere", NOT_STATED, NOT_STATED,
           gettext_lazy("Volunteering among residents of social housing areas: recruitment, support, retention, "
                        "anchoring and a checklist.")),
]
BY_CODE = {r.code: r for r in REPORTS}

# "(000 §7.2)", "(002; 000 §7.4.1)", "(004 Part 2)", "(002, INSP!)", "(001: relations, structure …)"
CITATION = re.compile(r"[ \u00a0]?\((?P<ref>00[0-4](?:\b[^()<>]*)?)\)")
# A help text that starts with its source: "000 §7.1.2: the municipality, the association, or shared."
# A code standing alone in an element: <span class="cite">000 §6.1.1</span>, a table cell "003 §6".
ALONE = re.compile(r"^(?P<space>\s*)(?P<ref>00[0-4](?: §[\d.–]+| Part \d+| Del \d+| Table \d+)?)(?P<end>\s*)$")
LEADING = re.compile(r"^(?P<space>\s*)(?P<ref>00[0-4] §[\d.]+): (?P<rest>[^<]+?)(?P<end>\s*)$")
# Parts of the page whose text must stay as it is (form values, scripts, the title) or may not hold a link.
_VERBATIM = re.compile(r"(<(textarea|script|style|title|option|select|button|summary|a|code)\b.*?</\2\s*>|<[^>]+>)",
                       re.DOTALL | re.IGNORECASE)


def _section(text: str) -> str:
    """The section as a reader of the interface's language writes it ("Part 2" → "del 2" in Danish)."""
    for word, label in (("Part", _("part %s")), ("Table", _("table %s")), ("Del", _("part %s"))):
        if re.fullmatch(rf"{word} (\d+)", text):
            return label % text.split()[1]
    return text


def parse(ref: str) -> list[tuple[Report, str]]:
    """'002; 000 §7.4.1' → [(report 002, ''), (report 000, '§7.4.1')]."""
    out = []
    for part in re.split(r";\s*", ref):
        match = re.match(r"(00[0-4])[\s,:]*(.*)", part.strip())
        if match and match.group(1) in BY_CODE:
            out.append((BY_CODE[match.group(1)], _section(match.group(2).strip())))
    return out


def readable(ref: str) -> str:
    """'003 §6' → 'Lokale partnerskaber … – et litteraturstudie, §6' (for exports and PDFs, where no link fits)."""
    parts = parse(ref or "")
    return "; ".join(f"{r.title}{', ' + section if section else ''}" for r, section in parts) or (ref or "")


def link(ref: str) -> str:
    """The small "Source" link for one citation (HTML; the report and section named for screen readers)."""
    ref = ref.replace("&amp;", "&")
    if not parse(ref):
        return escape(ref)
    url = reverse("core:sources") + "?" + urlencode({"ref": ref})
    label = _("Source")
    return (f'<a class="source-link" href="{escape(url)}">{escape(label)}'
            f'<span class="visually-hidden">: {escape(readable(ref))}</span></a>')


def _link(match) -> str:
    if not parse(match.group("ref").replace("&amp;", "&")):
        return match.group(0)
    return " " + link(match.group("ref"))


def _drop(match) -> str:
    return "" if parse(match.group("ref").replace("&amp;", "&")) else match.group(0)


def _leading(match) -> str:  # "000 §7.1.2: the municipality, …" → "the municipality, … Source"
    return f"{match.group('rest')} {link(match.group('ref'))}"


def link_citations(html: str) -> str:
    pieces = _VERBATIM.split(html)
    out = []
    i = 0
    while i < len(pieces):
        text = pieces[i]
        if "00" in text:
            text = CITATION.sub(_link, text)
            text = ALONE.sub(lambda m: m.group("space") + link(m.group("ref")) + m.group("end"), text)
            text = LEADING.sub(lambda m: m.group("space") + _leading(m) + m.group("end"), text)
        out.append(text)
        if i + 1 < len(pieces):
            element, name = pieces[i + 1], (pieces[i + 2] or "").lower()
            if name in ("a", "button", "summary") and "(00" in element:  # no link in a link: the code just goes
                element = re.sub(r">([^<]*)<", lambda m: ">" + CITATION.sub(_drop, m.group(1)) + "<", element)
            out.append(element)  # a tag or a verbatim element
        i += 3  # split() also returns the inner group (the element name)
    return "".join(out)
