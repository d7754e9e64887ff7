from articles.text import fold, segment_lines, sentence_at, sentences

CAPTIONED = """Morocco and Mauritania deepen their bilateral cooperation

Rabat hosted on Tuesday the third session. Gen. Chaabane attended.

Guerguerat Pass

AFP/FADEL SENNA  -   Guerguerat Pass

The second session took place in Nouakchott.
Puesto fronterizo en Guerguerat - AFP/FADEL SENNA
PHOTO/FILE - Président mauritanien Mohamed Ould Ghazouani

Related Articles

Leave a Reply
Smara is named in a footer
"""


def test_fold_keeps_length_and_strips_accents():
    for text in ("Chaâbane", "Sénégal", "Nouakchott’s", "Rabat–Nouakchott", "الكركرات", "أ"):
        assert len(fold(text)) == len(text)
    assert fold("Chaâbane") == "chaabane"
    assert fold("Rabat–Nouakchott’s") == "rabat-nouakchott's"
    assert fold("ÉTAT-MAJOR") == "etat-major"


def kinds(text):
    return {s.text(text).strip(): s.kind for s in segment_lines(text)}


def test_captions_and_footer_are_recognised():
    k = kinds(CAPTIONED)
    assert k["Morocco and Mauritania deepen their bilateral cooperation"] == "body"
    assert k["Guerguerat Pass"] == "caption"
    assert k["AFP/FADEL SENNA  -   Guerguerat Pass"] == "caption"
    assert k["The second session took place in Nouakchott."] == "body"
    assert k["Puesto fronterizo en Guerguerat - AFP/FADEL SENNA"] == "caption"
    assert k["PHOTO/FILE - Président mauritanien Mohamed Ould Ghazouani"] == "caption"
    assert k["Related Articles"] == k["Smara is named in a footer"] == "boilerplate"


def test_sentences_keep_offsets_and_abbreviations():
    spans = sentences(CAPTIONED)
    texts = [s.text(CAPTIONED) for s in spans]
    assert "Rabat hosted on Tuesday the third session." in texts
    assert "Gen. Chaabane attended." in texts
    offset = CAPTIONED.index("Chaabane")
    assert sentence_at(spans, offset).text(CAPTIONED) == "Gen. Chaabane attended."


def test_bullets_are_their_own_sentences():
    text = "Officers took part, including:\n  • Colonel Khatri Ould Deyeh, Deputy Commander\n"
    texts = [s.text(text) for s in sentences(text)]
    assert texts == [
        "Officers took part, including:",
        "Colonel Khatri Ould Deyeh, Deputy Commander",
    ]
