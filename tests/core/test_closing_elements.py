"""The closing formula (挂机语) in the words trainers accept, typed or heard: 再次拨打 as well as
再拨, and 换一部电话 heard with a syllable after 换 (欢迎一部电话 on a noisy line); a reply
without a closing still misses it; 一部电话再拨 with 换 itself misheard. Own wordings (000/003's 挂机语)."""

import pytest

from simulator.core.grader import Grader

SCENARIO, TURN = "silent-call", 2


@pytest.fixture(scope="module")
def grader(catalog):
    return Grader(catalog, use_opinion=False)


@pytest.mark.parametrize(
    "text",
    [
        "对不起，一直听不到您的声音，请您稍后再次拨打，再见！",
        "对不起，还是听不到您的声音，请您再次拨打我们的热线。",
        "对不起，听不到您的声音，麻烦您挂机后欢迎一部电话打过来，谢谢。",
        "对不起，一直听不到您的声音，请您换一部电话再拨，再见！",
        # 换 itself heard as another syllable on a noisy line (款一部 / 还一部): the rest holds
        "对不起，线路杂音太大，麻烦您款一部电话再拨，谢谢。",
        "实在听不清您说话，麻烦您还一部手机再打过来。",
    ],
)
def test_the_closing_is_found(grader, text):
    assert grader.grade(SCENARIO, TURN, text).elements["挂机语"]


@pytest.mark.parametrize(
    "text",
    [
        "您好，请问有什么可以帮您？",
        "您好，您的电话已接通，请问您需要办理什么业务？",
        "您好，请问您是用哪一部电话办理的业务？",  # another phone, but no calling again
    ],
)
def test_a_reply_without_a_closing_misses_it(grader, text):
    assert not grader.grade(SCENARIO, TURN, text).elements["挂机语"]
