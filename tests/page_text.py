"""What a user reads on a page: the response's text without tags, whitespace collapsed."""
import re


def page_text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.get_data(as_text=True)))
