"""Any cell text through every normaliser: none raises, stored values are fixed points."""

import os

from hypothesis import given, settings
from hypothesis import strategies as st

from fuzz.targets import normalize_cell_text

EXAMPLES = int(os.environ.get("EDU_FUZZ_EXAMPLES", "60"))
# the characters schools' files hold: Vietnamese letters (composed and not), legacy-font
# bytes decoded as Latin-1, digits and separators, and anything else
vietnamese = st.text(alphabet=st.sampled_from(
    "aăâbcdđeêghiklmnoôơpqrstuưvxyAĂÂĐÊÔƠƯ "
    "àáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ"
    "\u0300\u0301\u0303\u0309\u0323 '’-./,()0123456789+Ñ×õ¬ã¸µ¶·Þ"), max_size=64)  # fmt: skip


@settings(max_examples=EXAMPLES * 10, deadline=None)
@given(st.one_of(vietnamese, st.text(max_size=64)))
def test_any_cell_text(text):
    normalize_cell_text(text)
