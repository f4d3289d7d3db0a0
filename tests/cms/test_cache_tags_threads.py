"""Tag collection is per request, also when one worker serves requests on threads.

gunicorn's ``gthread`` workers (and any threaded server) render several answers at once
in one process: the first ``bench-writes`` run with threads answered 5 % of its reads
with a 500 because the menu's ``shown_as`` decorator kept its context token on the one
instance every thread shared.
"""

import threading

from cms import cache_tags


@cache_tags.shown_as(cache_tags.MENU)
def _menu(barrier, loaded_tag):
    barrier.wait(timeout=5)  # both threads are inside before either leaves
    cache_tags.depends_on(loaded_tag)  # hidden by shown_as: the answer shows the menu only
    barrier.wait(timeout=5)


def _render(barrier, results, name):
    with cache_tags.collecting() as collected:
        cache_tags.depends_on(f"own:{name}")
        _menu(barrier, f"hidden:{name}")
        cache_tags.depends_on(f"after:{name}")
    results[name] = collected.tags


def test_concurrent_renders_keep_their_own_tags():
    barrier = threading.Barrier(2)
    results, errors = {}, []

    def run(name):
        try:
            _render(barrier, results, name)
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)

    threads = [threading.Thread(target=run, args=(name,)) for name in ("a", "b")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=10)

    assert errors == []
    for name in ("a", "b"):
        assert results[name] == {f"own:{name}", cache_tags.MENU, f"after:{name}"}
