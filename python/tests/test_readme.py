"""The README's Python example, run as a doctest: every output it shows must be what the
package prints."""

import doctest
import re

from conftest import REPO


def readme_example():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split("\n## From Python\n", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```python\n(.*?)```", section, flags=re.S)
    assert len(blocks) == 1, "the From Python section holds one Python example"
    return blocks[0]


def test_the_readme_example_runs_as_shown():
    example = readme_example()
    test = doctest.DocTestParser().get_doctest(example, {}, "README.md", "README.md", 0)
    assert len(test.examples) >= 10
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    runner.run(test)
    outcome = runner.summarize(verbose=False)
    assert outcome.failed == 0, f"{outcome.failed} of the README's examples failed (see above)"


def test_the_package_docstring_runs_as_shown():
    import kizuna

    failed, attempted = doctest.testmod(kizuna, optionflags=doctest.ELLIPSIS)
    assert attempted > 0 and failed == 0
