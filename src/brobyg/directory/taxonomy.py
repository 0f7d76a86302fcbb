"""The interest taxonomy and target groups shipped with Brobyg (data, not code).

Names are English msgids; the Danish catalog translates them (``gettext(category.name)``). Slugs are stable and are
used by the HSDS export as taxonomy-term codes, by the bridging app to match a citizen's interests, and in URLs.
The interest list follows what the projects in 000 §4.1 and §7.4.2 offered (sport, music, crafts, nature, cooking,
culture, language cafés, social get-togethers, volunteer tasks …).
"""
from django.utils.translation import gettext_noop

# (slug, English name, Danish search words that the stemmer would not find from the English name)
CATEGORIES = [
    ("sport", gettext_noop("Sport"), "sport idræt fodbold badminton håndbold gymnastik"),
    ("bevaegelse", gettext_noop("Exercise and movement"), "bevægelse motion gåtur yoga dans løb"),
    ("musik", gettext_noop("Music"), "musik kor sang band"),
    ("kreativt", gettext_noop("Creative and crafts"), "kreativt håndværk maling strik syning værksted"),
    ("natur", gettext_noop("Nature and outdoor life"), "natur friluftsliv have skov fiskeri"),
    ("madlavning", gettext_noop("Cooking and meals"), "madlavning mad fællesspisning bagning"),
    ("kultur", gettext_noop("Culture and art"), "kultur kunst museum teater film litteratur"),
    ("sprogcafe", gettext_noop("Language café"), "sprogcafé sprog dansk samtale lektiehjælp"),
    ("samvaer", gettext_noop("Social get-together"), "samvær fællesskab café hygge netværk"),
    ("frivillige-opgaver", gettext_noop("Volunteer tasks"), "frivillig opgaver hjælpe besøgsven"),
    ("spil", gettext_noop("Games"), "spil brætspil kortspil skak bridge"),
    ("laering", gettext_noop("Learning and courses"), "læring kursus foredrag undervisning it"),
    ("selvhjaelp", gettext_noop("Self-help and peer support"), "selvhjælp samtalegruppe støtte sorg"),
    ("boern-familier", gettext_noop("Children and families"), "børn familie forældre"),
]

EVERYONE = "alle"  # "Everyone": an activity that names it is open to all, whatever other groups it names

TARGET_GROUPS = [
    ("alle", gettext_noop("Everyone")),
    ("psykisk-saarbare", gettext_noop("People with mental vulnerability")),
    ("fysisk-handicap", gettext_noop("People with physical disabilities")),
    ("udviklingshandicap", gettext_noop("People with intellectual disabilities")),
    ("hjerneskade", gettext_noop("People with brain injury or concussion")),
    ("ensomme-aeldre", gettext_noop("Lonely older people")),
    ("unge", gettext_noop("Young people")),
    ("boern", gettext_noop("Children")),
    ("familier", gettext_noop("Families")),
    ("flygtninge-indvandrere", gettext_noop("Refugees and immigrants")),
    ("udenfor-arbejdsmarkedet", gettext_noop("People outside the labour market")),
    ("socialt-udsatte", gettext_noop("Socially vulnerable adults")),
    ("kvinder-vold", gettext_noop("Women who have experienced violence")),
]


def group_bit(pk: int) -> int:
    """The bit of a target group in ``Activity.target_group_mask`` (more than 62 groups share bits, which can only
    let an activity through, never hide one)."""
    return 1 << (pk % 62)


def group_mask(groups) -> int:
    """The mask of an activity's target groups (objects with pk and slug); 0 = open to all."""
    groups = list(groups)
    if any(g.slug == EVERYONE for g in groups):
        return 0
    mask = 0
    for g in groups:
        mask |= group_bit(g.pk)
    return mask


def seed(Category, TargetGroup) -> None:
    """Create or update the shipped categories and target groups (idempotent; used by migrations and the demo)."""
    for order, (slug, name, words) in enumerate(CATEGORIES):
        Category.objects.update_or_create(slug=slug, defaults={"name": name, "keywords": words, "order": order})
    for order, (slug, name) in enumerate(TARGET_GROUPS):
        TargetGroup.objects.update_or_create(slug=slug, defaults={"name": name, "order": order})
