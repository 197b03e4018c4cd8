"""Corpus cases ember is known to fail, by id, with the cause (strict expected failures).

Written by ``python -m tests.differential.corpus --write-known`` from `causes.classify`;
when a fix makes a case pass, its test fails (XPASS) until the entry goes.
"""

KNOWN: dict[str, str] = {
    'rc12_as_strided_after_no_grad_view_write': 'rc12.no_grad_views',
    'random_7': 'rc13; rc12.no_grad_views',
    'random_34': 'deliberate.ties',
    'random_235': 'deliberate.ties',
    'random_534': 'rc12.no_grad_views',
}
