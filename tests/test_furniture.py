"""Page furniture is found line by line and left out of the scores, offsets unchanged."""

import framing
from framing.furniture import blank_furniture, find_furniture

PAGE = """Top Stories
By Jane Doe, CNN
By Sunday afternoon, Pence had changed his tune.
The senator said the bill was flawed and would be amended next week.
Advertisement
SHARE THIS ARTICLE Share Tweet Post Email
Most Visited in Other Media
The lawsuit alleges copyright infringement by the company.
CLICK HERE TO GET THE FOX NEWS APP
"""


def test_furniture_lines_and_kinds():
    found = [(PAGE[f.start : f.end], f.kind) for f in find_furniture(PAGE)]
    assert found == [
        ("Top Stories", "navigation"),
        ("By Jane Doe, CNN", "byline"),
        ("Advertisement", "advertising"),
        ("SHARE THIS ARTICLE Share Tweet Post Email", "share_buttons"),
        ("Most Visited in Other Media", "navigation"),
        ("CLICK HERE TO GET THE FOX NEWS APP", "app_prompt"),
    ]


def test_article_lines_are_kept():
    blanked, _ = blank_furniture(PAGE)
    assert len(blanked) == len(PAGE)
    for kept in (
        "By Sunday afternoon, Pence had changed his tune.",
        "The senator said the bill was flawed",
        "The lawsuit alleges copyright infringement",
    ):
        assert kept in blanked
    assert "Advertisement" not in blanked and "FOX NEWS APP" not in blanked


def test_analysis_leaves_furniture_out_and_keeps_offsets():
    a = framing.analyze(PAGE)
    assert a.text == PAGE
    assert [f.kind for f in a.furniture][:2] == ["navigation", "byline"]
    plain = framing.analyze(
        "By Sunday afternoon, Pence had changed his tune.\n"
        "The senator said the bill was flawed and would be amended next week.\n"
        "The lawsuit alleges copyright infringement by the company.\n"
    )
    assert a.n_sentences == plain.n_sentences == 3
    assert a.n_words == plain.n_words
    for s in a.sentences:
        assert PAGE[s.start : s.end].strip() == PAGE[s.start : s.end]
        assert "Advertisement" not in PAGE[s.start : s.end]
    assert a.to_dict()["furniture"][0] == {"start": 0, "end": 11, "kind": "navigation"}


# lines of the shipped sample (CNN and Reuters pages) and of the ABP articles
CAPTIONS = """JUST WATCHED McCain: Immigration bill is strong Replay More Videos ... MUST WATCH McCain: Immigration bill is strong 01:47
FILE PHOTO: Special Counsel Robert Mueller departs after briefing members of the U.S. Senate Judiciary Committee on Capitol Hill in Washington, U.S., June 20, 2017. REUTERS/Aaron P. Bernstein
Twitter CEO Jack Dorsey takes his seat as he arrives to testify in Washington , U.S. , September 5 , 2018 . REUTERS/Jim Bourg More
To be sure , Americans are more likely to believe the wealthy will benefit most, according to a Reuters/Ipsos opinion poll released .
Reuters reported that the talks had stalled, according to officials who saw the photo: a signed letter.
"""


def test_video_teasers_and_photo_captions_are_furniture_and_reports_are_not():
    found = [(CAPTIONS[f.start : f.start + 12], f.kind) for f in find_furniture(CAPTIONS)]
    assert found == [
        ("JUST WATCHED", "share_buttons"),
        ("FILE PHOTO: ", "photo_credit"),
        ("Twitter CEO ", "photo_credit"),
    ]


# The Hill runs a card of story links into a person's name, inside the article's own line.
HILL = (
    "Sen. Mitt Romney Willard (Mitt) Mitt RomneyJon Huntsman expected to run for governor in "
    "Utah Club for Growth extends advertising against House Dems MORE (R-Utah) said on Tuesday "
    "that John Bolton John BoltonAre Democrats building a collapsible impeachment? MORE was "
    "leaving his post.\n\nREAD MORE: Taliban responds to the new strategy\n\n"
    "RELATED: Senate passes the bill\n\nRead more from The Hill:\n\n"
    "The watch: it was what he said, more or less.\n"
)


def test_inline_story_links_and_related_lines_are_furniture():
    found = [(HILL[f.start : f.end], f.kind) for f in find_furniture(HILL)]
    assert [k for _, k in found] == ["navigation"] * 5
    cards = [t for t, _ in found[:2]]
    assert cards[0].startswith("Willard (Mitt) Mitt RomneyJon") and cards[0].endswith("Dems MORE")
    assert cards[1] == "John BoltonAre Democrats building a collapsible impeachment? MORE"
    assert [t for t, _ in found[2:]] == [
        "READ MORE: Taliban responds to the new strategy",
        "RELATED: Senate passes the bill",
        "Read more from The Hill:",
    ]
    blanked, _ = blank_furniture(HILL)
    # the names the article itself gives stay, so does an ordinary line
    assert "Sen. Mitt Romney " in blanked and "that John Bolton " in blanked
    assert " (R-Utah) said on Tuesday" in blanked and "was leaving his post" in blanked
    assert "The watch: it was what he said, more or less." in blanked
    assert "Huntsman" not in blanked and "Taliban" not in blanked
    a = framing.analyze(HILL)
    assert not any("Huntsman" in HILL[t.start : t.end] for t in a.loaded_terms)
