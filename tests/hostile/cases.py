"""The hostile corpus: what bad servers send, and what the ledger must record for each.

Every case is a path on one scripted loopback server (`tests.hostile.server`) and the outcome
the fetch log must show for it. The corpus test puts all page cases in one feed and every feed
case in a source of its own, runs real ingest passes, and checks each outcome and the rows.
"""

from __future__ import annotations

import gzip
import itertools
import json
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from html import escape

from tests.hostile import server as s
from tests.pages import article_html, rss_feed, story

CAP = 8_000_000  # max_bytes of the corpus configuration
# total_timeout of the corpus configuration: above read_timeout (1.0 s) by enough that a loaded
# machine still reports the silent server as a read timeout, below the slow drips (6 s and more).
TOTAL_TIMEOUT = 3.0
T0 = datetime(2026, 3, 1, 8, 0, tzinfo=UTC)


@dataclass(frozen=True)
class Case:
    """A page (or a redirect to somewhere) and the fetch-log outcome it must produce."""

    name: str
    handler: Callable[[int], s.Handler]  # takes the server's port (for self-redirects)
    outcome: str
    error_contains: str = ""  # a fragment of the recorded error, beyond the URL itself
    text_contains: str = ""  # a fragment of the stored text, for a page that must be stored

    @property
    def path(self) -> str:
        return f"/page/{self.name}"

    @property
    def stored(self) -> bool:
        return self.outcome == "ok"


def fixed(handler: s.Handler) -> Callable[[int], s.Handler]:
    return lambda port: handler


def page(title: str, topic: str, number: int, extra: str = "") -> bytes:
    paragraphs = story(topic, number)
    if extra:
        paragraphs.append(extra)
    return article_html(title, paragraphs).encode("utf-8")


def gzip_bomb(decoded_size: int) -> bytes:
    """Concatenated gzip members of zeros: ~1 KB of wire per MB of output, any size cheaply."""
    member = gzip.compress(bytes(1_000_000), compresslevel=9)
    return member * (decoded_size // 1_000_000)


def deflate_bomb(decoded_size: int) -> bytes:
    compressor = zlib.compressobj(9)
    chunk = bytes(1_000_000)
    out = b"".join(compressor.compress(chunk) for _ in range(decoded_size // len(chunk)))
    return out + compressor.flush()


def endless(piece: bytes) -> Iterator[bytes]:
    return itertools.repeat(piece)


def fifty_megabytes() -> Iterator[bytes]:
    return itertools.repeat(b"<p>" + b"x" * 65_530 + b"</p>", 800)


def nested(depth: int) -> bytes:
    body = "<div>" * depth + " ".join(story("deep markup", 2)) + "</div>" * depth
    return f"<html><head><title>Deep</title></head><body>{body}</body></html>".encode()


CLOUDFLARE_CHALLENGE = b"""<!DOCTYPE html><html><head><title>Just a moment...</title>
<script src="/cdn-cgi/challenge-platform/h/g/orchestrate/chl_page/v1"></script></head>
<body><div id="cf-browser-verification"><h1>Checking your browser before accessing the site.</h1>
<p>This process is automatic.</p></div></body></html>"""
HUMAN_CHECK = b"""<html><head><title>Security check</title></head><body><main>
<h1>One more step</h1><p>Please verify you are human by completing the action below.</p>
<p>Our systems have detected unusual traffic from your computer network.</p></main></body></html>"""
CONSENT_WALL = b"""<html><head><title>Before you continue</title></head><body><main>
<h1>We value your privacy</h1><p>We and our partners use cookies and similar technologies to
store and access information on your device, to measure audiences and to personalise ads.</p>
<button>Accept all cookies</button><button>Manage your privacy settings</button>
</main></body></html>"""
PAYWALL_STUB = article_html(
    "Harbour deal signed",
    [
        "The port authority signed a forty-year concession with a shipping group on Monday, "
        "officials said, ending months of talks over the future of the northern terminal.",
        "Subscribe to continue reading. Already a subscriber? Log in.",
    ],
).encode()
JS_SHELL = b"""<html><head><title>News</title><script src="/app.js"></script></head>
<body><noscript>You need to enable JavaScript to run this app.</noscript><div id="root"></div>
</body></html>"""
JS_ONLY = b"""<html><head><title>News</title></head><body><div id="app"></div>
<script>window.__STATE__ = {"articles": []}; render(document.getElementById("app"));</script>
</body></html>"""
LONG_ARTICLE_WITH_PAYWALL_FOOTER = page(
    "Bridge reopens after repairs",
    "the bridge closure",
    7,
    extra="Subscribe to continue reading our coverage of the valley. " * 2
    + " ".join(story("the valley roads", 31) * 4),
)
SHORT_BRIEF_ABOUT_CAPTCHAS = article_html(
    "Access denied to captcha-solving farm",
    [
        "Police said on Tuesday they had shut down a captcha-solving farm that employed 40 "
        "people in the harbour district, after access was denied to inspectors twice.",
        "The regional prosecutor told reporters that charges would follow within weeks.",
    ],
).encode()
LATIN1 = (
    "<html><head><meta charset='utf-8'><title>Café reopens</title></head><body><article>"
    "<h1>Café reopens</h1>"
    + "".join(f"<p>{p} Señora Núñez said the café would stay open.</p>" for p in story("café", 3))
    + "</article></body></html>"
).encode("latin-1")
NO_CHARSET_CP1252 = (
    "<html><head><title>\u201cQuoted\u201d headline</title></head><body><article><h1>Quoted</h1>"
    + "".join(
        f"<p>{p} \u2013 \u201cquoted\u201d and \u2018single\u2019.</p>" for p in story("quotes", 4)
    )
    + "</article></body></html>"
).encode("cp1252")
UTF16 = (
    "\ufeff<html><head><title>Wide page</title></head><body><article><h1>Wide page</h1>"
    + "".join(f"<p>{p}</p>" for p in story("wide encodings", 5))
    + "</article></body></html>"
).encode("utf-16-le")
INVALID_UTF8 = page("Broken bytes", "broken bytes", 6).replace(
    b"Officials", b"Offi\xc3\x28cials\xff"
)
HUGE_SINGLE_LINE = (
    article_html("One line", [" ".join(story("a very long line", 8) * 1200)])
    .encode()
    .replace(b"\n", b" ")
)
NUL_BYTES = page("Null bytes", "null bytes", 9).replace(b"Officials", b"Offi\x00cials")
# Two short Russian news items, windows-1251, with no charset in the header or the page (written
# for these tests): charset-normalizer, which decoded such pages before, read this one as Hebrew.
CP1251_TEXT = "Спасатели нашли двоих пропавших туристов."
CP1251_BRIEF = (
    "<html><head><title>Президент "
    "подписал указ</title></head>"
    "<body><h1>Президент "
    "подписал указ</h1>"
    "<p>Президент "
    "подписал указ.</p>"
    f"<p>{CP1251_TEXT}</p></body></html>"
).encode("cp1251")


def wall_page(lang: str, title: str, blocks: list[str], buttons: list[str]) -> bytes:
    """A consent, cookie or region interstitial as portals serve them: a heading, a few
    paragraphs of explanation, buttons and a footer, and nothing else."""
    heading, *paragraphs = blocks
    body = "".join(f"<p>{escape(p)}</p>" for p in paragraphs)
    knobs = "".join(f"<button type='submit'>{escape(b)}</button>" for b in buttons)
    return (
        f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8">'
        f"<title>{escape(title)}</title></head><body><div class='consent'>"
        f"<h1>{escape(heading)}</h1>{body}<form method='post'>{knobs}</form></div>"
        "<footer><a href='/privacy'>Privacy</a> · <a href='/terms'>Terms</a></footer>"
        "</body></html>"
    ).encode()


# A search engine's consent interstitial, in the wording such pages use (written for these tests).
SEARCH_CONSENT_EN = wall_page(
    "en",
    "Before you continue to Search",
    [
        "Before you continue to Search",
        "We use cookies and data to:",
        "- Deliver and maintain our services",
        "- Track outages and protect against spam, fraud and abuse",
        "- Measure audience engagement and site statistics to understand how our services are "
        "used and enhance their quality",
        "If you choose to \u2018Accept all\u2019, we will also use cookies and data to:",
        "- Develop and improve new services",
        "- Deliver and measure the effectiveness of ads",
        "- Show personalised content, depending on your settings",
        "- Show personalised ads, depending on your settings",
        "If you choose to \u2018Reject all\u2019, we will not use cookies for these additional "
        "purposes.",
        "Non-personalised content is influenced by things like the content that you are "
        "currently viewing, activity in your active search session and your location. "
        "Personalised content and ads can also include more relevant results, recommendations "
        "and tailored ads based on past activity from this browser, like previous searches. We "
        "also use cookies and data to tailor the experience to be age-appropriate, if relevant.",
        "Select \u2018More options\u2019 to see additional information, including details about "
        "managing your privacy settings. You can also visit our privacy tools at any time.",
    ],
    ["Reject all", "Accept all", "More options"],
)
SEARCH_CONSENT_DE = wall_page(
    "de",
    "Bevor Sie zu Google weitergehen",
    [
        "Bevor Sie zu Google weitergehen",
        "Wir verwenden Cookies und Daten, um unsere Dienste bereitzustellen und zu betreiben, "
        "Ausfälle zu überwachen und vor Spam, Betrug und Missbrauch zu schützen.",
        'Wenn Sie "Alle akzeptieren" auswählen, verwenden wir Cookies und Daten auch, um neue '
        "Dienste zu entwickeln und personalisierte Anzeigen und Inhalte zu zeigen.",
        'Wenn Sie "Alle ablehnen" auswählen, verwenden wir Cookies nicht für diese zusätzlichen '
        "Zwecke. Nicht personalisierte Inhalte hängen davon ab, was Sie gerade ansehen.",
    ],
    ["Alle ablehnen", "Alle akzeptieren", "Weitere Optionen"],
)
SEARCH_CONSENT_FR = wall_page(
    "fr",
    "Avant d'accéder à Google",
    [
        "Avant d'accéder à Google",
        "Nous utilisons des cookies et des données pour fournir et gérer nos services, suivre "
        "les interruptions de service et nous protéger contre le spam, la fraude et les abus.",
        'Si vous sélectionnez "Tout accepter", nous utiliserons aussi des cookies et des données '
        "pour développer de nouveaux services et diffuser des annonces personnalisées.",
        'Si vous sélectionnez "Tout refuser", nous n\u2019utiliserons pas de cookies à ces fins '
        "supplémentaires. Le contenu non personnalisé dépend de ce que vous consultez.",
    ],
    ["Tout refuser", "Tout accepter", "Plus d'options"],
)
SEARCH_CONSENT_ES = wall_page(
    "es",
    "Antes de ir a Google",
    [
        "Antes de ir a Google",
        "Usamos cookies y datos para ofrecer y mantener nuestros servicios, hacer un seguimiento "
        "de las interrupciones y protegernos frente al spam, el fraude y el abuso.",
        'Si seleccionas "Aceptar todo", también usaremos cookies y datos para desarrollar '
        "servicios nuevos y mostrar anuncios y contenido personalizados.",
        'Si seleccionas "Rechazar todo", no usaremos cookies para estos fines adicionales. '
        "El contenido no personalizado depende de lo que estés viendo en ese momento.",
    ],
    ["Rechazar todo", "Aceptar todo", "Más opciones"],
)
# A publisher's consent dialog on the IAB framework's wording.
PUBLISHER_CONSENT_EN = wall_page(
    "en",
    "Your privacy choices",
    [
        "We value your privacy",
        "We and our partners store and/or access information on a device, such as cookies, and "
        "process personal data, such as unique identifiers, for personalised advertising and "
        "content, ad and content measurement, audience research and services development.",
        "You can change your choices at any time by returning to this site.",
    ],
    ["Accept all", "Manage options"],
)
COOKIE_WALL_EN = wall_page(
    "en",
    "Cookies",
    [
        "This site uses cookies",
        "To continue, please accept cookies. We use cookies to remember your settings and to "
        "show advertising that pays for our journalism.",
        "Subscribe to read without ads, or continue with ads and tracking.",
    ],
    ["Accept cookies", "Subscribe"],
)
COOKIE_WALL_DE = wall_page(
    "de",
    "Mit Werbung lesen",
    [
        "Diese Website verwendet Cookies",
        "Mit Werbung lesen: Wir verwenden Cookies und ähnliche Technologien, um Ihnen Werbung "
        "anzuzeigen und unsere Angebote zu finanzieren.",
        "Werbefrei lesen mit dem Pur-Abo, ohne Werbetracking, für 2,99 Euro im Monat.",
    ],
    ["Cookies akzeptieren", "Pur-Abo abschließen"],
)
COOKIE_WALL_FR = wall_page(
    "fr",
    "Cookies",
    [
        "Ce site utilise des cookies",
        "Veuillez accepter les cookies pour poursuivre votre lecture. Nous utilisons des cookies "
        "pour mesurer l\u2019audience et vous proposer des publicités.",
    ],
    ["Accepter les cookies", "Paramètres des cookies"],
)
REGION_WALL_EN = wall_page(
    "en",
    "Unavailable",
    [
        "451: Unavailable due to legal reasons",
        "We recognise you are attempting to access this website from a country belonging to "
        "the European Economic Area (EEA), and therefore access cannot be granted at this time.",
        "Unfortunately, our website is currently unavailable in most European countries. We are "
        "engaged on the issue and committed to looking at options that support our full range "
        "of digital offerings to the EU market.",
    ],
    [],
)
REGION_WALL_DE = wall_page(
    "de",
    "Nicht verfügbar",
    ["Dieser Inhalt ist in Ihrem Land leider nicht verfügbar.", "Wir bitten um Verständnis."],
    [],
)
REGION_WALL_FR = wall_page(
    "fr",
    "Indisponible",
    ["Ce contenu n'est pas disponible dans votre pays.", "Merci de votre compréhension."],
    [],
)
REGION_WALL_ES = wall_page(
    "es",
    "No disponible",
    ["Este contenido no está disponible en tu país.", "Disculpa las molestias."],
    [],
)
# Real articles that report on consent and cookie walls, short enough to be looked at.
BRIEF_ABOUT_COOKIE_BANNERS = article_html(
    "Regulator orders 'Reject all' button next to 'Accept all cookies'",
    [
        "The data protection authority ordered three news publishers on Wednesday to show a "
        "\u201cReject all\u201d button as prominent as their \u201cAccept all cookies\u201d one "
        "within two months, or face fines of up to 50,000 euros a day.",
        "Inspectors found that the publishers' consent dialogs hid the refusal behind two further "
        "screens, the authority said in a statement.",
        "The publishers' association said its members would comply and called the deadline tight "
        "but workable.",
    ],
).encode()
BRIEF_ABOUT_GEOBLOCKING = article_html(
    "Streaming service blocks match in twelve countries",
    [
        "Viewers in twelve countries saw the message “This content is not available in your "
        "country” on Sunday, after the streaming service lost a dispute over broadcasting "
        "rights.",
        "The league said it would refund subscribers in the affected countries and was talking "
        "to other broadcasters about the remaining matches of the season.",
    ],
).encode()


BLOCKED_TARGETS = {
    "redirect-to-loopback-127-0-0-2": "http://127.0.0.2:{port}/secret",
    "redirect-to-metadata-169-254-169-254": "http://169.254.169.254/latest/meta-data/",
    "redirect-to-private-10-0-0-1": "http://10.0.0.1/admin",
    "redirect-to-ipv6-loopback": "http://[::1]:{port}/secret",
    "redirect-to-unspecified-0-0-0-0": "http://0.0.0.0:{port}/secret",
    "redirect-to-ipv4-mapped-ipv6": "http://[::ffff:127.0.0.2]:{port}/secret",
    "redirect-to-decimal-ip": "http://2130706434:{port}/secret",
    "redirect-to-multicast": "http://224.0.0.1/",
}


def blocked_redirect(target: str) -> Callable[[int], s.Handler]:
    return lambda port: s.redirect(target.format(port=port))


PAGE_CASES: tuple[Case, ...] = (
    Case("good-article", fixed(s.respond(page("Floods reach Arden", "floods", 12))), "ok"),
    Case(
        "gzip-bomb",
        fixed(s.respond(gzip_bomb(1_000_000_000), headers=[("Content-Encoding", "gzip")])),
        "too_large",
        "byte limit",
    ),
    Case(
        "deflate-bomb",
        fixed(s.respond(deflate_bomb(20_000_000), headers=[("Content-Encoding", "deflate")])),
        "too_large",
        "byte limit",
    ),
    Case(
        "truncated-gzip",
        fixed(
            s.respond(
                gzip.compress(page("Cut", "cut", 1))[:600], headers=[("Content-Encoding", "gzip")]
            )
        ),
        "protocol_error",
        "truncated",
    ),
    Case(
        "corrupt-gzip",
        fixed(
            s.respond(
                b"\x1f\x8b\x08\x00" + bytes(range(256)) * 4, headers=[("Content-Encoding", "gzip")]
            )
        ),
        "protocol_error",
        "damaged gzip",
    ),
    Case(
        "unsolicited-brotli",
        fixed(s.respond(b"\x1b\x03\x00\xf8\xa5\x9a", headers=[("Content-Encoding", "br")])),
        "protocol_error",
        "unsupported Content-Encoding 'br'",
    ),
    Case(
        "declared-50mb",
        fixed(s.respond(b"x" * 1000, content_length=50_000_000)),
        "too_large",
        "Content-Length 50000000",
    ),
    Case("streamed-50mb", fixed(s.chunked(fifty_megabytes())), "too_large", "byte limit"),
    Case(
        "endless-chunked",
        fixed(s.chunked(endless(b"<p>" + b"y" * 4000 + b"</p>"))),
        "too_large",
        "byte limit",
    ),
    Case(
        "slow-drip-body",
        fixed(s.drip(s.response_head() + b"<html>" + b"z" * 400, every=0.1, step=10)),
        "timeout",
        "total timeout",
    ),
    Case(
        "slow-drip-headers",
        fixed(s.drip(s.response_head(headers=[("X-Pad", "p" * 400)]), every=0.05, step=2)),
        "timeout",
        "total timeout",
    ),
    Case("silent-server", fixed(s.silent(5)), "timeout", "read timed out"),
    Case(
        "huge-header",
        fixed(s.respond(b"<html></html>", headers=[("X-Huge", "h" * 200_000)])),
        "protocol_error",
    ),
    Case(
        "ten-thousand-headers",
        fixed(s.respond(b"<html></html>", headers=[(f"X-H{i}", "v" * 20) for i in range(10_000)])),
        "protocol_error",
    ),
    Case(
        "body-shorter-than-content-length",
        fixed(s.respond(b"<html><body>short", content_length=5000)),
        "protocol_error",
    ),
    Case("garbage-status-line", fixed(s.raw(b"HELLO THERE\r\n\r\n")), "protocol_error"),
    Case("closed-without-response", fixed(s.raw(b"")), "protocol_error"),
    Case(
        "redirect-loop",
        lambda port: s.redirect("/page/redirect-loop"),
        "too_many_redirects",
        "redirect loop",
    ),
    Case(
        "redirect-to-file",
        fixed(s.redirect("file:///etc/passwd")),
        "invalid_url",
        "file:///etc/passwd",
    ),
    Case("redirect-to-ftp", fixed(s.redirect("ftp://127.0.0.1/pub")), "invalid_url", "ftp://"),
    *(
        Case(name, blocked_redirect(target), "blocked_address", "not in http_allowed_networks")
        for name, target in BLOCKED_TARGETS.items()
    ),
    Case("empty-200", fixed(s.respond(b"")), "not_html"),
    Case("binary-called-html", fixed(s.respond(b"\x89PNG\r\n\x1a\n" + bytes(5000))), "not_html"),
    Case("javascript-only", fixed(s.respond(JS_ONLY)), "no_text"),
    Case(
        "javascript-shell-noscript",
        fixed(s.respond(JS_SHELL)),
        "blocked_page",
        "JavaScript required",
    ),
    Case(
        "cloudflare-challenge",
        fixed(s.respond(CLOUDFLARE_CHALLENGE, status="200 OK")),
        "blocked_page",
        "bot wall",
    ),
    Case("human-check", fixed(s.respond(HUMAN_CHECK)), "blocked_page", "verify you are human"),
    Case("consent-wall", fixed(s.respond(CONSENT_WALL)), "blocked_page", "consent wall"),
    Case("paywall-stub", fixed(s.respond(PAYWALL_STUB)), "blocked_page", "paywall"),
    Case(
        "long-article-with-paywall-footer",
        fixed(s.respond(LONG_ARTICLE_WITH_PAYWALL_FOOTER)),
        "ok",
    ),
    Case("short-brief-about-captchas", fixed(s.respond(SHORT_BRIEF_ABOUT_CAPTCHAS)), "ok"),
    Case("declared-utf8-is-latin1", fixed(s.respond(LATIN1)), "ok"),
    Case(
        "no-charset-cp1252",
        fixed(s.respond(NO_CHARSET_CP1252, content_type="text/html")),
        "ok",
    ),
    Case(
        "utf16-with-bom",
        fixed(s.respond(UTF16, content_type="text/html")),
        "ok",
        text_contains="emergency crews were working",
    ),
    Case("invalid-utf8", fixed(s.respond(INVALID_UTF8)), "ok"),
    Case("nul-bytes", fixed(s.respond(NUL_BYTES)), "ok", text_contains="Officials in the"),
    Case(
        "no-charset-cp1251-brief",
        fixed(s.respond(CP1251_BRIEF, content_type="text/html")),
        "ok",
        text_contains=CP1251_TEXT,
    ),
    *(
        Case(name, fixed(s.respond(body)), "blocked_page", kind)
        for name, body, kind in (
            ("search-consent-en", SEARCH_CONSENT_EN, "consent wall"),
            ("search-consent-de", SEARCH_CONSENT_DE, "consent wall"),
            ("search-consent-fr", SEARCH_CONSENT_FR, "consent wall"),
            ("search-consent-es", SEARCH_CONSENT_ES, "consent wall"),
            ("publisher-consent-en", PUBLISHER_CONSENT_EN, "consent wall"),
            ("cookie-wall-en", COOKIE_WALL_EN, "cookie wall"),
            ("cookie-wall-de", COOKIE_WALL_DE, "cookie wall"),
            ("cookie-wall-fr", COOKIE_WALL_FR, "cookie wall"),
            ("region-wall-en", REGION_WALL_EN, "region wall"),
            ("region-wall-de", REGION_WALL_DE, "region wall"),
            ("region-wall-fr", REGION_WALL_FR, "region wall"),
            ("region-wall-es", REGION_WALL_ES, "region wall"),
        )
    ),
    Case("brief-about-cookie-banners", fixed(s.respond(BRIEF_ABOUT_COOKIE_BANNERS)), "ok"),
    Case("brief-about-geoblocking", fixed(s.respond(BRIEF_ABOUT_GEOBLOCKING)), "ok"),
    Case("huge-single-line", fixed(s.respond(HUGE_SINGLE_LINE)), "ok"),
    Case("deeply-nested-markup", fixed(s.respond(nested(20_000))), "no_text"),
)


def billion_laughs(link: str) -> bytes:
    levels = "\n".join(f'<!ENTITY lol{n} "{f"&lol{n - 1};" * 10}">' for n in range(1, 10))
    return f"""<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY lol0 "lol">
{levels}
]>
<rss version="2.0"><channel><title>&lol9;</title>
<item><title>&lol9;</title><link>{link}</link></item></channel></rss>""".encode()


def external_entity(link: str) -> bytes:
    return f"""<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<rss version="2.0"><channel><title>&xxe;</title>
<item><title>&xxe;</title><link>{link}</link></item></channel></rss>""".encode()


def hundred_thousand_items() -> bytes:
    items = "".join(f"<item><link>/many/{n}</link></item>" for n in range(100_000))
    head = '<?xml version="1.0"?><rss version="2.0"><channel><title>Many</title>'
    return f"{head}{items}</channel></rss>".encode()


def feed_with_invalid_utf8(link: str) -> bytes:
    return (
        b'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Caf\xe9 \xff'
        b"</title><item><title>Bad \xc3\x28 byte</title><link>" + link.encode() + b"</link>"
        b"</item></channel></rss>"
    )


def feed_with_foreign_schemes(link: str) -> bytes:
    items = [
        (link, "good", T0),
        ("file:///etc/passwd", "local file", T0),
        ("javascript:alert(1)", "script", T0),
        ("ftp://127.0.0.1/pub/story", "ftp", T0),
        ("data:text/html,<p>hi</p>", "data", T0),
    ]
    return rss_feed(items).encode()


def json_feed(version: str, link: str, *, text: bool) -> bytes:
    """A JSON Feed of one item (version "1" or "1.1"), its content as HTML or as text."""
    content = {"content_text": "The harbour reopened."} if text else {"content_html": "<p>Hi</p>"}
    item: dict[str, object] = {"id": link, "url": link, "title": "Harbour reopens", **content}
    item["date_published"] = "2026-03-01T08:00:00+01:00"
    if version == "1.1":
        item["authors"] = [{"name": "Dana Whitfield"}]
    feed = {
        "version": f"https://jsonfeed.org/version/{version}",
        "title": "The Example Courier",
        "home_page_url": "https://courier.example.org/",
        "items": [item],
    }
    return json.dumps(feed).encode()


def json_nesting_bomb(link: str) -> bytes:
    """A JSON Feed whose items nest a hundred thousand lists deep."""
    head = b'{"version": "https://jsonfeed.org/version/1.1", "items": '
    return head + b"[" * 100_000 + b"]" * 100_000 + b"}"


def feed_without_usable_links(link: str) -> bytes:
    """A feed that lists entries, none of which has a link that may be fetched."""
    return b"""<?xml version="1.0"?><rss version="2.0"><channel><title>Odd</title>
<item><title>Script</title><link>javascript:alert(1)</link></item>
<item><title>Mail</title><link>mailto:desk@example.org</link></item>
<item><title>Local file</title><link>file:///etc/passwd</link></item>
<item><title>No link at all</title><guid isPermaLink="false">x-1</guid></item>
</channel></rss>"""


@dataclass(frozen=True)
class FeedCase:
    """A source whose feed body is hostile, the poll status it must get, and its pages."""

    name: str
    body: Callable[[int, str], s.Handler]  # (port, URL of the feed's own article) -> handler
    status: str
    stored_links: int  # 1 when its own article must end up stored, else 0

    @property
    def path(self) -> str:
        return f"/feed/{self.name}.xml"

    @property
    def article_path(self) -> str:
        return f"/feed-article/{self.name}"

    @property
    def article(self) -> bytes:
        return page(f"Report from {self.name}", f"the {self.name} affair", len(self.name))


def _feed(make: Callable[[str], bytes]) -> Callable[[int, str], s.Handler]:
    return lambda port, link: s.respond(make(link), content_type="application/rss+xml")


FEED_CASES: tuple[FeedCase, ...] = (
    FeedCase("billion-laughs", _feed(billion_laughs), "ok", 1),
    FeedCase("external-entity", _feed(external_entity), "ok", 1),
    FeedCase(
        "hundred-thousand-items",
        lambda port, link: s.respond(hundred_thousand_items(), content_type="application/rss+xml"),
        "ok",
        0,
    ),
    FeedCase("invalid-utf8", _feed(feed_with_invalid_utf8), "ok", 1),
    FeedCase("foreign-schemes", _feed(feed_with_foreign_schemes), "ok", 1),
    FeedCase(
        "truncated-gzip",
        lambda port, link: s.respond(
            gzip.compress(billion_laughs(link))[:200],
            content_type="application/rss+xml",
            headers=[("Content-Encoding", "gzip")],
        ),
        "protocol_error",
        0,
    ),
    FeedCase(
        "gzip-bomb",
        lambda port, link: s.respond(
            gzip_bomb(100_000_000),
            content_type="application/rss+xml",
            headers=[("Content-Encoding", "gzip")],
        ),
        "too_large",
        0,
    ),
    FeedCase("html-instead-of-feed", lambda port, link: s.respond(CONSENT_WALL), "bad_feed", 0),
    FeedCase(
        "json-feed-1",
        lambda port, link: s.respond(
            json_feed("1", link, text=False), content_type="application/json"
        ),
        "ok",
        1,
    ),
    FeedCase(
        # Served as text/plain under a .xml path: the body alone says it is a JSON Feed.
        "json-feed-1-1",
        lambda port, link: s.respond(json_feed("1.1", link, text=True), content_type="text/plain"),
        "ok",
        1,
    ),
    FeedCase(
        "json-nesting-bomb",
        lambda port, link: s.respond(json_nesting_bomb(link), content_type="application/feed+json"),
        "bad_feed",
        0,
    ),
    FeedCase("no-usable-links", _feed(feed_without_usable_links), "bad_feed", 0),
    FeedCase(
        "feed-redirects-to-metadata",
        lambda port, link: s.redirect("http://169.254.169.254/feed"),
        "blocked_address",
        0,
    ),
)


def page_feed(port: int) -> bytes:
    """The feed listing every page case, an hour apart so versions follow a stable order."""
    items = [
        (f"http://127.0.0.1:{port}{case.path}", case.name, T0 + timedelta(minutes=i))
        for i, case in enumerate(PAGE_CASES)
    ]
    return rss_feed(items).encode()
