"""The method library and how a questionnaire's own library is merged onto it.

The method library (``method_library.yaml`` beside this module) holds the five first steps
to customer-centricity for any questionnaire: its area-specific actions pick a level by its
position (base, middle, top) and speak of it through placeholders filled with the
questionnaire's own titles, so it never names a level, aspect or question id.

:func:`merged` puts a questionnaire's own library on top: its actions come first, an own
action with the same id replaces the method's, and its roles and metrics add to the method's.
:func:`roadmap_library` is what every caller (CLI, page, PDF) uses: it never fails, it falls
back on the method library alone (and says why) when the questionnaire has no library of its
own, cannot be found on disk (it lives only in the database), or its library does not fit.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, replace
from pathlib import Path
from types import MappingProxyType

from cxmaturity.core.model import Questionnaire
from cxmaturity.core.registry import find_questionnaire_path
from cxmaturity.files.errors import InputError, LocatedError
from cxmaturity.roadmap.coverage import validate_against
from cxmaturity.roadmap.recommendations import RecommendationLibrary, library_for, load_library

#: The method library shipped with the product.
METHOD_LIBRARY_FILE = Path(__file__).with_name("method_library.yaml")


@functools.cache
def method_library() -> RecommendationLibrary:
    """The method library, loaded and validated once per process (its actions marked ``from_method``)."""
    library = load_library(METHOD_LIBRARY_FILE)
    actions = tuple(replace(action, from_method=True) for action in library.actions)
    return replace(library, actions=actions, method=(library.id, library.version), has_own_advice=False)


def merged(
    own: RecommendationLibrary | None, method: RecommendationLibrary | None = None, own_problems: int = 0
) -> RecommendationLibrary:
    """``own`` on top of the method library; the method library alone when ``own`` is None.

    The own actions keep their order and come first; a method action whose id the own library
    also uses is left out (the own one replaces it). Roles and metrics are the method's plus
    the own library's (the own one wins a shared key). Identity (id, version, languages,
    re-assessment cadence, file and lines for locating errors) is the own library's.
    """
    base = method if method is not None else method_library()
    base_actions = tuple(replace(action, from_method=True) for action in base.actions)
    identity = (base.id, base.version)
    if own is None:
        return replace(base, actions=base_actions, method=identity, has_own_advice=False, own_problems=own_problems)
    own_ids = {action.id for action in own.actions}
    return replace(
        own,
        actions=own.actions + tuple(action for action in base_actions if action.id not in own_ids),
        roles=MappingProxyType({**base.roles, **own.roles}),
        metrics=MappingProxyType({**base.metrics, **own.metrics}),
        method=identity,
        has_own_advice=True,
        own_problems=0,
    )


def own_library_beside(questionnaire_ref: str, questionnaire: Questionnaire) -> RecommendationLibrary | None:
    """The questionnaire's own library (``recommendations.yaml`` beside it), checked against it.

    ``questionnaire_ref`` is an id or a path. Returns None when there is no such file.
    Raises InputError (located) when the questionnaire cannot be found or its library is
    invalid or does not fit the questionnaire; coverage counts the method library's actions.
    """
    path = library_for(find_questionnaire_path(questionnaire_ref))
    if not path.is_file():
        return None
    library = load_library(path)
    problems = validate_against(library, questionnaire, method_library())
    if problems:
        raise InputError(problems)
    return library


@dataclass(frozen=True)
class LibraryChoice:
    """The library a roadmap is built from, and why the questionnaire's own advice is missing if it is.

    ``problems`` are the located errors of an own library that could not be used (empty
    otherwise); ``found`` is False when the questionnaire itself was not found on disk.
    """

    library: RecommendationLibrary
    problems: tuple[LocatedError, ...] = ()
    found: bool = True


def roadmap_library(questionnaire_ref: str, questionnaire: Questionnaire) -> LibraryChoice:
    """The merged library for a questionnaire, given by id or path; never raises.

    A questionnaire that lives only in the database (a restored backup, an upload) is not
    found on disk: it gets the method library alone, as does one without a library of its
    own. An own library with problems is left out and its problems are returned.
    """
    try:
        path = find_questionnaire_path(questionnaire_ref)
    except InputError:
        return LibraryChoice(merged(None), found=False)
    try:
        own = own_library_beside(str(path), questionnaire)
    except InputError as error:
        return LibraryChoice(merged(None, own_problems=len(error.errors)), tuple(error.errors))
    return LibraryChoice(merged(own))
