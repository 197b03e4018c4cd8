"""The README's examples are doctests: what it shows is what ember prints."""

import doctest
from pathlib import Path

README = Path(__file__).resolve().parent.parent / "README.md"


def test_readme_examples_print_what_the_readme_shows():
    results = doctest.testfile(str(README), module_relative=False, verbose=False,
                               optionflags=doctest.ELLIPSIS)
    assert results.attempted > 10
    assert results.failed == 0
