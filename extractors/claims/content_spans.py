"""Where a cue's content starts and ends, and how the contents of one sentence are kept apart.

The content follows its cue, past "that", an addressee or an adverbial ("told reporters on Friday
that"); or it stands before a postposed cue ("CONTENT, X said") or around it ("The toll, the
group said, is likely to rise"); a noun cue's content that is the subject ends before the main
verb ("Moscow's claim that ... was rejected"). With several attributions in a sentence, a
content that runs into the next stops at the clause boundary between them (``separate``), and a
quotation that frames an attribution makes it a direct quote whose content is the quoted text
(``with_quoted_content``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from extractors.claims.attribution_record import Attribution, Cue
from extractors.claims.cues import CUES
from extractors.claims.lexicon import (
    ADDRESSEE_CUES,
    AUXILIARIES,
    BE_FORMS,
    CLAUSE_OPENERS,
    CLAUSE_SUBJECTS,
    COORDINATORS,
    DETERMINERS,
    FINITE_MARKERS,
    MONTHS,
    OBJECT_PRONOUNS,
    ORGANISATION_WORDS,
    PARTICIPLE_OPENERS,
    RELAY_CUES,
    SOURCE_HEADS,
    WEEKDAYS,
)
from extractors.claims.lexicon import TAIL_ADVERBIAL_OPENERS as TAIL_OPENERS
from extractors.claims.noun_phrases import is_plural_noun
from extractors.claims.token_checks import (
    CLAUSE_PUNCTUATION,
    QUOTES,
    SUBORDINATORS,
    adverbial_tail,
    clause_follows,
    ends_clause_at,
    is_apostrophe,
    is_past_verb,
    only_punctuation_from,
    opens_quotation,
    opens_subject,
    past_relay_aside,
    past_tally,
    starts_verb,
    strip,
    token_at,
)
from extractors.claims.tokens import Token

# Opening quote -> its closing quote; straight double quotes pair by alternation. A "\u2019"
# between two words is the apostrophe of "the residents\u2019 homes", not a closing quote.
_CLOSING_QUOTES = {"\u201c": "\u201d", "\u2018": "\u2019", '"': '"'}
_QUOTE_JOINERS = frozenset(",:")  # between a quotation and its attribution: `"Q," X said`
_THAT_WINDOW = 6
_THAT_AFTER_ADJUNCTS_WINDOW = 9  # "told The New York Times in an interview that"
_ADJUNCT_BEFORE_CLAUSE = 6  # "said in a statement on Friday it would": the adjunct's words
_MAX_ADDRESSEE = 4  # "told reporters in Geneva: "Q"": words between a cue and its quotation
# Common nouns an addressee's name runs on into: "told AFP news agency", "told SANA reporter".
_ADDRESSEE_HEADS = ORGANISATION_WORDS | SOURCE_HEADS
# Cues whose addressee is only a pronoun or a name: "showed them", not "showed neglect".
_EVIDENCE_ADDRESSEE_LEMMAS = frozenset({"show"})
_BOUNDARY_WINDOW = 6  # ", but in a later statement the ministry said": the clause's opener
_INFINITIVE_WINDOW = 8  # "pledged on a visit to northern Iraq to": words before the "to"
_SHORT_TAIL = 3  # "The toll, the group said, is ...": words between the cue and the comma
# Words that join a verb to the one before it within the same clause ("said and added", "the
# plan that failed").
_CLAUSE_JOINERS = frozenset({"and", "or", "but", "that", "which", "who", "whom"})


def main_verb_after_clause(tokens: Sequence[Token], start: int) -> int | None:
    """Where the main clause's verb starts after a subject that holds a noun cue's clause
    ("Moscow's claim that the strikes hit militants was rejected", "the warning that the dam
    could burst prompted evacuations", "the claim that the vote was rigged is false"): the
    second verb group after ``start``, the clause's own being the first; one joined to the
    first by a coordinator or a relative word belongs to the clause. None when there is none
    or punctuation comes first."""
    clause_verb = False
    after_auxiliary = False
    for index in range(start, len(tokens)):
        token = tokens[index]
        word = token.lower
        if not (token.is_word or token.is_digit):
            return None
        finite = word in FINITE_MARKERS and token.text[0].islower()
        if finite or (is_past_verb(tokens, index) and not after_auxiliary):
            joined = tokens[index - 1].lower in _CLAUSE_JOINERS
            if clause_verb and not after_auxiliary and not joined:
                return index
            clause_verb = True
        after_auxiliary = _is_verb_group(word)
    return None


def main_passive_after(tokens: Sequence[Token], start: int) -> int | None:
    """The be-form of the main clause's passive after a subject that holds a noun cue's
    content, where the clause's own verb has no telling form ("Moscow's claim that the strikes
    hit militants was rejected"): the last be-form followed by a participle."""
    found = None
    for index in range(start + 1, len(tokens) - 1):
        following = tokens[index + 1].lower
        if tokens[index].lower in BE_FORMS and following.endswith(("ed", "en")):
            found = index
    while found is not None and found - 1 > start and _is_verb_group(tokens[found - 1].lower):
        found -= 1  # "could not be verified"
    return found


def main_verb_after(tokens: Sequence[Token], start: int) -> int | None:
    """The verb that follows a subject noun phrase from ``start`` ("of the plan drew a sharp
    response", "for the bill surprised his colleagues"): a finite auxiliary or a past."""
    for index in range(start + 1, len(tokens)):
        token = tokens[index]
        if not (token.is_word or token.is_digit):
            return None
        if starts_verb(tokens, index):
            return index
    return None


def _is_verb_group(word: str) -> bool:
    """An auxiliary, modal or negation before a main verb."""
    return word in AUXILIARIES or word in FINITE_MARKERS or word == "not"


def separate(text: str, tokens: Sequence[Token], found: list[Attribution]) -> list[Attribution]:
    """Cut a content that runs on into the next attribution at the clause boundary between
    them, and one that reaches back into the attribution before it after that attribution."""
    result = list(found)
    for index in range(len(result) - 1):
        current, following = result[index], result[index + 1]
        # A participle's frame reaches back to the shared source: the clause starts at its cue.
        opening = following.frame_start
        if opening < current.cue_end:
            opening = following.cue_start
        frame_start_char = tokens[opening].start
        boundary = _boundary_before(tokens, current.cue_end, opening)
        if boundary is None and tokens[opening].lower in CUES.gerunds:
            boundary = opening  # a participle opens its own clause, comma or not
            while boundary > current.cue_end and tokens[boundary - 1].lower in PARTICIPLE_OPENERS:
                boundary -= 1  # "... after rejecting": the opener goes with the participle
        runs_on = current.content_start < frame_start_char < current.content_end
        if runs_on and boundary is not None:
            end = tokens[boundary - 1].end if boundary > 0 else current.content_start
            start, end = strip(text, current.content_start, end)
            if start < end:
                result[index] = replace(current, content_end=end)
        frame_end_char = tokens[current.frame_end - 1].end
        reaches_back = following.content_start < frame_end_char < following.content_end
        if reaches_back and following.content_end <= frame_start_char:
            start, end = strip(
                text, max(frame_end_char, current.content_end), following.content_end
            )
            start = _skip_openers(text, tokens, start)
            if start < end:
                result[index + 1] = replace(following, content_start=start, content_end=end)
    return result


def _boundary_before(tokens: Sequence[Token], start: int, frame_start: int) -> int | None:
    """The token index where the clause before ``frame_start`` ends: a comma, semicolon or
    conjunction ("while", "but", "whereas") before the next attribution's frame, with at most
    a short adverbial between ("..., but on Monday the ministry said")."""
    for position in range(frame_start - 1, max(start - 1, frame_start - _BOUNDARY_WINDOW), -1):
        token = tokens[position]
        if token.text in {",", ";"} or token.lower in CLAUSE_OPENERS:
            boundary = position
            while boundary - 1 >= start and (
                tokens[boundary - 1].text in {",", ";"}
                or tokens[boundary - 1].lower in CLAUSE_OPENERS
            ):
                boundary -= 1
            return boundary
    return None


def _skip_openers(text: str, tokens: Sequence[Token], start: int) -> int:
    """Past conjunctions that open the content: "..., while the rebels ..." starts at "the"."""
    for token in tokens[token_at(tokens, start) :]:
        if token.lower in CLAUSE_OPENERS or token.text in {",", ";"}:
            start = token.end
            continue
        break
    while start < len(text) and text[start].isspace():
        start += 1
    return start


def resumes_content(tokens: Sequence[Token], after_cue: int) -> bool:
    """ "The toll, the group said, is likely to rise": a comma soon after the cue, and the
    content goes on after it; not when a participle or another cue follows ("..., police
    said, citing witnesses", "..., rights groups said, adding that ...")."""
    for index in range(after_cue, min(len(tokens), after_cue + _SHORT_TAIL + 1)):
        if tokens[index].text != ",":
            continue
        following = tokens[index + 1].lower if index + 1 < len(tokens) else ""
        another = following in CUES.gerunds or following in CUES.phrases
        return not another and following not in COORDINATORS  # ", and added that ..."
    return False


def is_postposed(tokens: Sequence[Token], cue: Cue) -> bool:
    """ "CONTENT, X said (on Friday)." rather than "X said (that) CONTENT": the clause ends
    right after the cue, or after its addressee ("X told Sputnik", "X told the BBC"), or a
    short adverbial ("on Friday", "in a statement") ends it."""
    after = _addressee_end(tokens, cue.end) or cue.end
    following = tokens[after] if after < len(tokens) else None
    if following is None:
        return True
    if following.lower in SUBORDINATORS and after == cue.end:
        # "... a monitoring group said as rebels took the town" (commas stripped), not "said
        # after the meeting that ...", whose content follows.
        return not _that_follows(tokens, after + 1)
    if following.lower in CUES.gerunds and (
        after > cue.end or _opens_participle_clause(tokens, cue)
    ):
        return True  # "told The New Arab adding that ...": the participle opens its own clause
    if following.is_word or following.is_digit:
        return adverbial_tail(tokens, after) and infinitive_after_adjunct(tokens, cue.end) is None
    return following.text in CLAUSE_PUNCTUATION and following.text != ":"


def infinitive_after_adjunct(tokens: Sequence[Token], index: int) -> int | None:
    """Where the to-infinitive of the cue ending at ``index`` starts after its adjunct
    ("agreed on Wednesday to extend the ceasefire", "vowed early on Friday to resign"): its
    content, not a postposed cue's tail. "to" before a determiner, a name or a plural ("said
    on Friday to reporters") opens a phrase. None when there is none."""
    if index == 0 or CUES.lemmas.get(tokens[index - 1].lower) not in CUES.to_infinitive:
        return None
    for position in range(index, min(len(tokens) - 1, index + _INFINITIVE_WINDOW)):
        token = tokens[position]
        if token.text in CLAUSE_PUNCTUATION:
            return None
        following = tokens[position + 1]
        after = tokens[position + 2] if position + 2 < len(tokens) else None
        if (
            token.lower == "to"
            and following.text[0].islower()
            and not (following.lower in DETERMINERS or is_plural_noun(following.lower))
            and not (after is not None and after.is_capitalized)  # "a visit to northern Iraq"
        ):
            return position
    return None


def _opens_participle_clause(tokens: Sequence[Token], cue: Cue) -> bool:
    """Whether the cue gerund right after a one-word cue opens a participle clause of its own,
    its comma stripped (FA-KES): "the ministry said adding that ...", "media reported citing a
    source". Not after a cue of several words, whose complement the gerund can be ("admitted
    to threatening", "posted on Twitter accusing"), nor a relay whose host's content follows
    ("media reported citing an official that ...")."""
    if cue.end - cue.start > 1:
        return False
    return tokens[cue.end].lower not in RELAY_CUES or not _that_follows(tokens, cue.end + 1)


def _that_follows(tokens: Sequence[Token], start: int) -> bool:
    """Whether a "that" comes within a few words from ``start`` (the clause a cue reports)."""
    return any(token.lower == "that" for token in tokens[start : start + _THAT_WINDOW])


def _addressee_end(tokens: Sequence[Token], index: int) -> int | None:
    """Past the addressee of a tell-class cue right before ``index`` ("told Fox News",
    "told the BBC", "assured them", "told reporters it would stay"): an object pronoun, a
    name of up to four capitalised words with an optional determiner, or one or two words
    that the clause's end or a new clause follows; None when the cue takes no addressee or
    none is there."""
    if index == 0 or index >= len(tokens) or tokens[index].lower == "that":
        return None
    lemma = CUES.lemmas.get(tokens[index - 1].lower)
    if lemma not in ADDRESSEE_CUES:
        return None
    told = lemma == "tell"
    if tokens[index].lower in OBJECT_PRONOUNS:
        return index + 1
    position = index + 1 if tokens[index].lower in DETERMINERS else index
    end = position
    while end < min(len(tokens), position + _MAX_ADDRESSEE) and tokens[end].is_capitalized:
        end += 1
    if end > position:
        while end < len(tokens) and tokens[end].lower in _ADDRESSEE_HEADS:
            end += 1  # "told AFP news agency", "told SANA reporter"
        return end
    if lemma in _EVIDENCE_ADDRESSEE_LEMMAS:
        return None  # "a study that showed neglect.": the object shown, not whom to
    for end in (position + 2, position + 1):  # "told the local council", "told reporters"
        if end > len(tokens) or not all(token.is_word for token in tokens[position:end]):
            continue
        if end == position + 2 and opens_subject(tokens[position + 1]):
            continue  # "told reporters the vote would ...": the second word opens the clause
        if end == len(tokens) or ends_clause_at(tokens, end) or adverbial_tail(tokens, end):
            return end  # "told reporters.", "told reporters on Wednesday.
        # "that" is skipped by the caller; "warned residents to leave" reports the object too
        if tokens[end].lower not in {"that", "to"} and clause_follows(tokens, end, strict=False):
            return end
        if end == position + 1 and told and opens_subject(tokens[end]):
            return end  # "told reporters the fire spread fast": "tell" takes its addressee first
    return None


def _demonstrative(tokens: Sequence[Token], that: int) -> bool:
    """ "that characterization," or "that claim.": a determiner before a bare noun that ends
    the clause, not a complementizer opening one."""
    noun = that + 1
    after = noun + 1
    return (
        after < len(tokens)
        and tokens[noun].is_word
        and not tokens[noun].is_capitalized
        and tokens[noun].lower not in DETERMINERS
        and tokens[after].text in {",", ".", ";", ":", "!", "?"}
    )


def content_start_after(tokens: Sequence[Token], index: int) -> int:
    """Where the reported clause starts: after a "that" right here, or after an addressee or
    an adverbial ("told reporters that", "said on Friday that"); else right here. A later
    "that" belongs to the content ("said they felt dejected that ...")."""
    lemma = CUES.lemmas.get(tokens[index - 1].lower) if index > 0 else None
    if index < len(tokens) and tokens[index].text in QUOTES and not opens_quotation(tokens, index):
        index += 1  # 'it "firmly opposed" the plan': the partial quotation's closing mark
    index = past_relay_aside(tokens, index)  # "reported, citing two officials, that ..."
    index = past_tally(tokens, index, lemma)  # "ruled 5-4 on Thursday that"
    takes_addressee = lemma in ADDRESSEE_CUES
    adverbial = index < len(tokens) and tokens[index].lower in TAIL_OPENERS
    for position in range(index, min(len(tokens), index + _THAT_AFTER_ADJUNCTS_WINDOW)):
        if tokens[position].lower == "that":
            if position + 1 == len(tokens) or tokens[position + 1].lower in FINITE_MARKERS:
                return tokens[position].start  # "said that was wrong": "that" is the subject
            if _demonstrative(tokens, position):
                return tokens[position].start  # "disputed that characterization, saying ..."
            return tokens[position].end
        dated = tokens[position].is_digit and tokens[position - 1].lower in MONTHS  # "June 9"
        if not (takes_addressee or adverbial) or not (tokens[position].is_word or dated):
            break
        if position > index and tokens[position].lower in CUES.gerunds:
            break  # "said after the council met adding that ...": the "that" is another cue's
    infinitive = infinitive_after_adjunct(tokens, index) if adverbial else None
    if infinitive is not None:
        return tokens[infinitive].start  # "agreed on Wednesday to extend the ceasefire"
    addressee_end = _addressee_end(tokens, index)
    told = (
        lemma == "tell"
        and addressee_end is not None
        and addressee_end < len(tokens)
        and opens_subject(tokens[addressee_end])
    )
    if addressee_end is not None and (told or clause_follows(tokens, addressee_end, strict=False)):
        return tokens[addressee_end].start  # "told Fox News he would veto the bill"
    if index < len(tokens) and tokens[index].text in {",", ":"}:
        index += 1
    if index + 1 < len(tokens) and tokens[index].lower in WEEKDAYS:
        index += 1  # "The Pentagon said Friday it had ...": the day is no content
    subject = _pronoun_clause_after_adjunct(tokens, index) if adverbial else None
    if subject is not None:
        index = subject  # "said on Tuesday it would", "said in a statement it would"
    return tokens[index].start if index < len(tokens) else tokens[-1].end


def _pronoun_clause_after_adjunct(tokens: Sequence[Token], index: int) -> int | None:
    """Where a clause with a pronoun subject and its finite verb starts after a short
    adjunct of words at ``index`` ("on Tuesday it would", "in a statement he had"), the
    content's start; None when no such clause follows the adjunct."""
    for position in range(index + 1, min(len(tokens) - 1, index + _ADJUNCT_BEFORE_CLAUSE)):
        token = tokens[position]
        if token.lower in CLAUSE_SUBJECTS and tokens[position + 1].lower in FINITE_MARKERS:
            return position
        if not token.is_word:
            return None
    return None


def with_quoted_content(
    text: str, tokens: Sequence[Token], attribution: Attribution
) -> Attribution:
    """The attribution as a direct quote when a quotation frames it: one that opens the
    sentence and closes right before the frame, and/or one that opens right after the frame
    and closes the sentence. The content is then the quoted text, quote marks left out."""
    quotations = _quotations(tokens)
    if not quotations:
        return attribution
    leading = _quotation_before(tokens, quotations, attribution.frame_start)
    trailing = _quotation_after(tokens, quotations, attribution.frame_end)
    first = leading or trailing
    last = trailing or leading
    if first is None or last is None:
        return attribution
    start, end = strip(text, tokens[first[0]].end, tokens[last[1]].start)
    if start == end:
        return attribution
    return replace(attribution, content_start=start, content_end=end, is_direct_quote=True)


def _quotations(tokens: Sequence[Token]) -> list[tuple[int, int]]:
    """(opening, closing) token indices of the sentence's quoted stretches: curly quotes pair
    by shape, straight ones by alternation; an unclosed quotation is left out, and quotes of
    another kind inside a quotation are part of it."""
    quotations: list[tuple[int, int]] = []
    opening: int | None = None
    closing_mark = ""
    for index, token in enumerate(tokens):
        mark = token.text
        if opening is None and mark in _CLOSING_QUOTES:
            opening, closing_mark = index, _CLOSING_QUOTES[mark]
        elif opening is not None and mark == closing_mark and not is_apostrophe(tokens, index):
            quotations.append((opening, index))
            opening = None
    return quotations


def _quotation_before(
    tokens: Sequence[Token], quotations: Sequence[tuple[int, int]], frame_start: int
) -> tuple[int, int] | None:
    """`"Q," X said`: the quotation opening the sentence and closing right before the frame."""
    opening, closing = quotations[0]
    if opening != 0 or closing >= frame_start:
        return None
    between = tokens[closing + 1 : frame_start]
    return (opening, closing) if all(token.text in _QUOTE_JOINERS for token in between) else None


def _quotation_after(
    tokens: Sequence[Token], quotations: Sequence[tuple[int, int]], frame_end: int
) -> tuple[int, int] | None:
    """`X said: "Q"`, `X told reporters: "Q"`: the quotation opening right after the frame
    (past a short addressee ended by ":", "," or "that") and closing the sentence."""
    following = next((pair for pair in quotations if pair[0] >= frame_end), None)
    if following is None:
        return None
    opening, closing = following
    if not only_punctuation_from(tokens, closing + 1):
        return None
    between = tokens[frame_end:opening]
    if not between:
        return following
    joiner, addressee = between[-1], between[:-1]
    if joiner.text not in _QUOTE_JOINERS and joiner.lower != "that":
        return None
    fits = len(addressee) <= _MAX_ADDRESSEE and all(token.is_word for token in addressee)
    return following if fits else None
