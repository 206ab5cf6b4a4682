"""The pictures of a counterexample, from the explorer's output (its step records):
  pictures.py story-html LOG OUT.html [TITLE]   the swimlanes, a self-contained page
  pictures.py story-trace LOG OUT.json          the same stories as a Chrome trace
Exit status 1 if LOG holds no story (a run that found nothing, or ran --quiet)."""
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import story_steps  # noqa: E402
import story_svg  # noqa: E402
import story_trace  # noqa: E402


def main(argv):
    if len(argv) < 3 or argv[0] not in ("story-html", "story-trace") or len(argv) > 4:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    with open(argv[1], errors="replace") as f:
        text = f.read()
    stories = story_steps.from_text(text)
    if not stories:
        print(f"pictures: {argv[1]} tells no story (nothing found, or --quiet)", file=sys.stderr)
        return 1
    with open(argv[2], "w") as f:
        if argv[0] == "story-html":
            f.write(story_svg.page(stories, argv[3] if len(argv) > 3 else "kmem: counterexamples",
                                   story_steps.replays(
                                       story_steps.records.read(text).get("explorer"))))
        else:
            json.dump(story_trace.chrome(stories), f)
    print(f"pictures: {argv[2]}: {len(stories)} stor{'y' if len(stories) == 1 else 'ies'}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
