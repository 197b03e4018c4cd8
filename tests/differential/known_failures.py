"""Corpus cases ember is known to fail, by id, with the cause (strict expected failures).

Written by ``python -m tests.differential.corpus --write-known`` from `causes.classify`;
when a fix makes a case pass, its test fails (XPASS) until the entry goes.
"""

KNOWN: dict[str, str] = {

}
