"""Pure query engine: a Query over a Catalog -> the matching agents and side-effect counts.

Everything that can be worked out once per catalog is precomputed in `CatalogIndex`
(normalised search text, a typo index, and one bitmask of agents per side effect and band),
so that a query costs a few integer operations per side effect rather than Python work per
agent and effect.

How "not known" frequency behaves
---------------------------------
An agent that lists an effect with frequency "not known" is treated as possibly having it
at ANY frequency. So with a minimum band of, say, "common":
- "lists any of / all of" includes that agent (it may be common), and
- "lists none of" excludes it (we cannot say it is free of the effect at that band).
An unknown frequency therefore never makes an agent look free of an effect, and for one
effect "any" and "none" always split the shown agents into two parts with no overlap.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum

from app.catalog.model import Agent, Catalog, FrequencyBand, PainContext, Route, SideEffect

TYPO_MIN_LENGTH = 5


class FilterMode(StrEnum):
    ANY = "any"
    ALL = "all"
    NONE = "none"

    @property
    def label(self) -> str:
        return {"any": "lists any of", "all": "lists all of", "none": "lists none of"}[self.value]


@dataclass(frozen=True)
class Query:
    text: str = ""
    #: Side-effect ids, labels or synonyms ("long QT" selects qt_prolongation).
    effects: frozenset[str] = frozenset()
    mode: FilterMode = FilterMode.ANY
    #: Least frequent band that still counts; None counts every listed effect.
    min_band: FrequencyBand | None = None
    context: PainContext | None = None
    route: Route | None = None

    @property
    def is_empty(self) -> bool:
        return (
            not self.text.strip()
            and not self.effects
            and self.context is None
            and self.route is None
        )


@dataclass(frozen=True)
class QueryResult:
    agents: tuple[Agent, ...]
    #: For each side-effect id: how many of the shown agents list it at or above the band.
    counts: Mapping[str, int]
    total: int
    #: The resolved side-effect ids of the query, and entries that matched no term.
    effect_ids: frozenset[str] = frozenset()
    unknown_effects: tuple[str, ...] = ()

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(a.id for a in self.agents)


_ASCII_NON_ALNUM = re.compile(r"[^0-9a-z]+")


def normalise(text: str) -> str:
    """Case- and accent-insensitive form with punctuation as spaces."""
    if text.isascii():  # most text: no accents to strip (the index normalises ~600 strings)
        return " ".join(_ASCII_NON_ALNUM.sub(" ", text.casefold()).split())
    return _normalise_unicode(text)


def _normalise_unicode(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    return " ".join("".join(c if c.isalnum() else " " for c in plain).split())


def _deletions(word: str) -> set[str]:
    return {word} | {word[:i] + word[i + 1 :] for i in range(len(word))}


def _mask_to_indices(mask: int) -> list[int]:
    bits = bin(mask)[:1:-1]  # least significant bit first
    return [i for i, bit in enumerate(bits) if bit == "1"]


@dataclass
class _AgentText:
    blob: str  # all searchable text, normalised, space-joined, padded with spaces
    names: str  # name, brand names and synonyms, normalised and padded
    name: str  # the generic name, normalised


class CatalogIndex:
    """What a Catalog's queries need, computed once."""

    def __init__(self, catalog: Catalog):
        self.catalog = catalog
        self.agents: tuple[Agent, ...] = catalog.agents
        self.all_mask = (1 << len(self.agents)) - 1
        self.effects: dict[str, SideEffect] = {e.id: e for e in catalog.vocabulary.side_effects}
        self._texts = [self._agent_text(a) for a in self.agents]
        # Reversed so that a list of flags reads as a binary number, last agent first.
        self._rev_blobs = [t.blob for t in reversed(self._texts)]
        self._rev_names = [t.names for t in reversed(self._texts)]
        self._rev_generic = [t.name for t in reversed(self._texts)]
        self._typo: dict[str, int] | None = None
        self._effect_terms = self._build_effect_terms(self.effects.values())
        self._band_masks = self._build_band_masks()
        self._context_masks = self._masks_by(lambda a: {u.context for u in a.pain_uses})
        self._route_masks = self._masks_by(lambda a: set(a.routes))

    # -- construction -------------------------------------------------------------------

    @staticmethod
    def _agent_text(agent: Agent) -> _AgentText:
        names = [agent.name, *(b.name for b in agent.brand_names), *agent.synonyms, agent.id]
        other = [agent.drug_class, *agent.atc_codes]
        normal_names = [normalise(n) for n in names]
        # Also the squashed form, so "rel1017" finds "REL-1017" and "n2o" finds "N2O".
        squashed = [n.replace(" ", "") for n in normal_names]
        blob = " ".join([*normal_names, *squashed, *(normalise(o) for o in other)])
        return _AgentText(f" {blob} ", f" {' '.join(normal_names)} ", normalise(agent.name))

    def _typo_index(self) -> dict[str, int]:
        """deletion-neighbourhood key -> mask of agents with a word having that key.

        Built on the first typo-tolerant query, over distinct words without digits (codes and
        numbers need exact matches), so even a large formulary builds it in a blink.
        """
        if self._typo is None:
            word_masks: dict[str, int] = {}
            for i, text in enumerate(self._texts):
                bit = 1 << i
                for word in set(text.blob.split()):
                    if len(word) >= TYPO_MIN_LENGTH - 1 and word.isalpha():
                        word_masks[word] = word_masks.get(word, 0) | bit
            index: dict[str, int] = {}
            for word, mask in word_masks.items():
                for key in _deletions(word):
                    index[key] = index.get(key, 0) | mask
            self._typo = index
        return self._typo

    @staticmethod
    def _build_effect_terms(effects: Iterable[SideEffect]) -> dict[str, str]:
        terms: dict[str, str] = {}
        for effect in effects:
            for term in (effect.id, effect.label, *effect.synonyms):
                terms.setdefault(normalise(term), effect.id)
        return terms

    def _build_band_masks(self) -> dict[int, dict[str, int]]:
        """threshold rank -> effect id -> mask of agents listing it at or above that rank.

        Rank 0 means "any frequency". A "not known" entry is in every threshold's mask.
        """
        thresholds = [0, *(b.rank for b in FrequencyBand if b is not FrequencyBand.NOT_KNOWN)]
        masks: dict[int, dict[str, int]] = {t: {} for t in thresholds}
        for i, agent in enumerate(self.agents):
            bit = 1 << i
            for adverse in agent.adverse_effects:
                rank = adverse.frequency.rank
                for threshold in thresholds:
                    if rank == 0 or rank >= threshold:
                        table = masks[threshold]
                        table[adverse.effect] = table.get(adverse.effect, 0) | bit
        return masks

    def _masks_by(self, keys_of) -> dict[object, int]:
        masks: dict[object, int] = {}
        for i, agent in enumerate(self.agents):
            for key in keys_of(agent):
                masks[key] = masks.get(key, 0) | (1 << i)
        return masks

    # -- side-effect terms --------------------------------------------------------------

    def resolve_effect(self, term: str) -> str | None:
        """A side-effect id for an id, label or synonym; None when nothing matches."""
        if term in self.effects:
            return term
        return self._effect_terms.get(normalise(term))

    def effects_matching(self, text: str) -> list[str]:
        """Effect ids whose id, label or a synonym contains `text` (for the filter's search)."""
        needle = normalise(text)
        if not needle:
            return list(self.effects)
        found = dict.fromkeys(eid for term, eid in self._effect_terms.items() if needle in term)
        return [eid for eid in self.effects if eid in found]

    # -- queries ------------------------------------------------------------------------

    @staticmethod
    def _mask_of(flags: list[str]) -> int:
        """Bitmask from "1"/"0" flags given most significant (last agent) first."""
        return int("".join(flags) or "0", 2)

    def _text_tiers(self, text: str) -> list[int] | None:
        """Masks of matching agents, best tier first; None when the text is blank.

        Tiers: the name starts with the text; every word starts a name/brand/synonym word;
        every word is a substring of the searchable text; matched only through a typo.
        The scans are plain comprehensions over precomputed strings: this is the hot path.
        """
        words = normalise(text).split()
        if not words:
            return None
        blobs, names, generic = self._rev_blobs, self._rev_names, self._rev_generic
        exact = word_starts = mask = self.all_mask
        for word in words:
            word_mask = self._mask_of(["1" if word in b else "0" for b in blobs])
            exact &= word_mask
            start = f" {word}"
            word_starts &= self._mask_of(["1" if start in n else "0" for n in names])
            if len(word) >= TYPO_MIN_LENGTH and word.isalpha():
                typo = self._typo_index()
                for key in _deletions(word):
                    word_mask |= typo.get(key, 0)
            mask &= word_mask
            if not mask:
                return []
        whole = " ".join(words)
        name_first = self._mask_of(["1" if g.startswith(whole) else "0" for g in generic]) & mask
        word_starts &= mask & ~name_first
        exact &= ~(name_first | word_starts)
        return [name_first, word_starts, exact, mask & ~(name_first | word_starts | exact)]

    def _effect_mask(
        self, ids: frozenset[str], mode: FilterMode, band: FrequencyBand | None
    ) -> int:
        table = self._band_masks[band.rank if band is not None else 0]
        if not ids:
            return self.all_mask
        listed = [table.get(eid, 0) for eid in sorted(ids)]
        if mode is FilterMode.ALL:
            mask = self.all_mask
            for m in listed:
                mask &= m
            return mask
        either = 0
        for m in listed:
            either |= m
        return either if mode is FilterMode.ANY else self.all_mask & ~either

    def run(self, query: Query) -> QueryResult:
        resolved: dict[str, None] = {}
        unknown: list[str] = []
        for term in sorted(query.effects):
            eid = self.resolve_effect(term)
            if eid is None:
                unknown.append(term)
            else:
                resolved[eid] = None
        ids = frozenset(resolved)

        tiers = self._text_tiers(query.text)
        mask = self.all_mask
        if tiers is not None:
            mask = 0
            for tier in tiers:
                mask |= tier
        if query.context is not None:
            mask &= self._context_masks.get(query.context, 0)
        if query.route is not None:
            mask &= self._route_masks.get(query.route, 0)
        mask &= self._effect_mask(ids, query.mode, query.min_band)

        if tiers is None:
            indices = _mask_to_indices(mask)
        else:
            indices = [i for tier in tiers for i in _mask_to_indices(tier & mask)]
        table = self._band_masks[query.min_band.rank if query.min_band is not None else 0]
        counts = {eid: (table.get(eid, 0) & mask).bit_count() for eid in self.effects}
        return QueryResult(
            agents=tuple(self.agents[i] for i in indices),
            counts=counts,
            total=len(self.agents),
            effect_ids=ids,
            unknown_effects=tuple(unknown),
        )


def run_query(catalog: Catalog, query: Query, index: CatalogIndex | None = None) -> QueryResult:
    """Convenience for one-off queries; hold a CatalogIndex for repeated ones."""
    return (index or CatalogIndex(catalog)).run(query)


def lists_effect(agent: Agent, effect_id: str, band: FrequencyBand | None) -> bool:
    """Does `agent` list `effect_id` at or above `band` (not known counts at every band)?"""
    for adverse in agent.adverse_effects:
        if adverse.effect == effect_id:
            rank = adverse.frequency.rank
            return band is None or rank == 0 or rank >= band.rank
    return False
