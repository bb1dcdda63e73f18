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
