"""The video block in a 320 px wide window with 200 % text: nothing wider than the window.

No demo page has a video (the repository ships no real video file), so the block is
rendered from factories into a page that loads the site's stylesheet.
"""

from django.utils import translation

from topics.blocks import VideoBlock

from ..factories import VideoBlockFactory

DOCUMENT = """<!doctype html><html lang="de" style="font-size: 200%"><head>
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="{base}/static/css/site.css"></head>
<body><main>{block}</main></body></html>"""


def test_video_block_has_no_horizontal_scrolling_at_320_px(new_page, live_site):
    value = VideoBlockFactory(
        title="Lebermetastasenbehandlungsmöglichkeiten in Gebärdensprache", sign_language="dgs"
    )
    with translation.override("de"):
        block = VideoBlock().render(value)
    page = new_page(width=320, javascript=False)
    page.goto("/static/css/site.css")
    page.set_content(DOCUMENT.format(base=live_site.url, block=block))
    page.wait_for_load_state("load")

    label = page.locator(".video__sign-language")
    assert label.evaluate("e => getComputedStyle(e).borderTopStyle") == "solid"  # site.css
    assert page.locator("video").bounding_box()["width"] <= 320
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    assert page.get_by_text("Abschrift").is_visible()
    assert page.get_by_text("Deutsche Gebärdensprache (DGS)").is_visible()
