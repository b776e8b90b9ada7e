"""The stop-25 round (issue 11): faults said in other words that the rules did not see at all,
so something else (often a missing element) was named first. "When did I ever say …?" and "if I
were on her side, would I …?" thrown back at the caller are 001's 责问、反问客户; a smiling jab
at the caller (哟，您也知道啊, 没关系，习惯了, 我们也不是神仙, 订到我们这儿来了) and a lecture
about next time (下次看清楚号码哦) are 000's 讽刺语气; a hold or a re-dial given as an order (你等着
别挂, 你换个电话打吧) is 001's 命令客户, whose hold asks 请别挂机，稍等片刻，好吗; the wait put
down to too few hands (师傅就那么几个, 我们也是受害者) is buck-passing where 000 asks 我尽快想办法
给您解决. And 照价赔偿, one word, is a promise of compensation: the pattern's longer alternative
comes first, so the match no longer stops inside the word. The second round adds a refund,
sum or colleague's punishment promised on the agent's own word (002 注重承诺) and the fault handed
off as another trade's (001 推诿). Each family with wordings of its own
and polite look-alikes that must pass, and which category is named first. The rules alone judge
them. The sentences are written for these tests, not taken from a labelled set."""

from __future__ import annotations

from tests.core.families import main_fault_test, round_tests

FAMILIES = {
    # rule id: (wordings that must fail, polite look-alikes that must pass)
    # an outcome only others may decide, promised on the agent's own word (002 注重承诺:
    # 对客户不能随意承诺); recorded, passed on or applied for by the rules, it passes
    "op.promise-beyond-authority": (
        [
            "您放心，我保证那位师傅这个月的奖金全部扣掉。",
            "电视烧坏了没事，我直接给您赔一台新的。",
            "您把收据留好，到时候照单全赔。",
            "洗衣机的损失肯定能赔的，您不用担心。",
            "三千块钱应该没问题，您就等着吧。",
            "这笔退款我担保下周就到账。",
        ],
        [
            "您家电的损失我帮您登记上报，核实后按规定处理。",
            "多收的费用我们核实后会按规定退还，请您放心。",
            "我保证把您的意见如实记录并转达给相关部门。",
            "您先把收据留好，方便后续核实。",
        ],
    ),
    # the fault handed off as another trade's, the few hands, the rest left to waiting (001 推诿)
    "sh.not-my-trade": (
        [
            "打印机坏了找厂家，我们也不是弄设备的。",
            "维修的师傅也就这么几个，排到哪算哪。",
            "工单已经派了，剩下的就只能等着了。",
        ],
        [
            "网络的问题我帮您转给技术部门，他们会尽快联系您。",
            "目前维修的师傅都在外面抢修，我帮您加急催一下，请您耐心等候。",
            "工单已经派了，其他的我会跟进，有进展马上通知您。",
        ],
    ),
    # "when did I say …?" thrown back at the caller: rh.deny-charge's (once rh.never-said)
    "rh.deny-charge": (
        [
            "我啥时候说过不给您修了？",
            "我们什么时候答应过今天到了？",
            "我从头到尾哪句话对您不耐烦了？",
            "我要是不想管，还会陪您聊这么久吗？",
        ],
        [
            # with a demand that the caller prove it, it is a question (interrogating)
            "您说说，我哪句话对您不耐烦了？",
            "我什么时候给您回电话比较方便？",
            "您看我们什么时候上门合适，我给您登记。",
            "可能我哪句话没说清楚，让您误会了，我再为您说明一下。",
        ],
    ),
    "rh.didnt-you": (
        [
            "师傅出门前都会发短信的，您没收到吗？",
            "师傅上门前都会先打电话，你没接到吗？",
            "排队的人多也不是我们能管的，您说对不对？",
        ],
        [
            "请问您没收到短信吗？我马上再给您补发一条。",
            "您说的情况我记下了，是不是还有别的需要帮忙的？",
            "短信可能被拦截了，我再给您发一次，请您留意查收。",
        ],
    ),
    "sa.smiling-taunt": (
        [
            "哦，您终于知道是自己记错了啊。",
            "现在才知道自己刚才太急了吧？",
            "没事，我们早就习惯了。",
            "这个流程比您以为的麻烦多了。",
            "我又不是神仙，哪能一下就查到。",
            "您这是把电话打到供电热线来了。",
            "是是是，我们都是一伙的，行了吧。",
            "收到短信就看一眼，别再说我们没通知。",
        ],
        [
            "没关系，您别往心里去，我们继续为您处理。",
            "您放心，这个情况我们已经知道了，正在抢修。",
            "您报修的情况我们已经登记，维修人员会尽快上门。",
            "您反映的情况我已经记录，我们会公正核实，不偏袒任何一方。",
        ],
    ),
    "sa.next-time-lecture": (
        [
            "下回可别再把燃气号码记成我们的了。",
            "下次长点心，别什么都打热线。",
        ],
        [
            "下次您有需要，欢迎随时拨打我们的热线。",
            "我们下次上门前一定提前给您打电话。",
        ],
    ),
    "cm.hold-order": (
        [
            "你就等着，我去系统里翻一下。",
            "号码我记好了，别挂啊。",
            "太吵了，找个安静点的地方再打。",
            "这边信号不好，你换个手机打过来吧。",
            "您别急，听我讲完。",
            "无聊的话就去找别人，别占着热线。",
        ],
        [
            "我帮您查询一下，请别挂机，稍等片刻，好吗？",
            "麻烦您换一部电话再拨打，我们一定为您处理。",
            "您等着急了吧，真是不好意思，我马上为您处理。",
        ],
    ),
    "sh.short-staffed": (
        [
            "维修人员就这么几个，轮到您还得一阵子。",
            "这次系统出问题，我们一线也是受害者。",
        ],
        [
            "维修人员已经出发了，预计一小时内到达，请您放心。",
            "抢修师傅比较紧张，我帮您加急催办，尽快给您回复。",
        ],
    ),
}

REPLIES = [
    # (scenario, turn, text, passes, rule expected among the failing findings)
    # 照价赔偿 is one word: the promise is found however jieba cuts it (002 对客户不能随意承诺)
    (
        "unreasonable-demand",
        2,
        "这些损失公司一定给您照价赔偿，请您留下联系电话，我们24小时内联系您。",
        False,
        "off.agree-to-pay",
    ),
    # music put on without asking is the hold without consent (001: consent first)
    ("hold-and-callback", 1, "地址记好了，先给你放一段音乐。", False, "off.hold-without-asking"),
    (
        "hold-and-callback",
        1,
        "好的，我马上帮您查询，先给您放段音乐，好吗？请别挂机，稍等片刻。",
        True,
        None,
    ),
    (
        "unreasonable-demand",
        2,
        "请您留下联系电话，损失情况我们核实后按规定处理，24小时内有专人和您联系。",
        True,
        None,
    ),
]

(
    test_a_family_member_in_new_words_is_caught,
    test_a_polite_look_alike_passes,
    test_reply_fixes_of_this_round,
) = round_tests(FAMILIES, REPLIES)


FIRST = [
    # (text, the category named first)
    # the counter-question is rhetorical even when an element is missing
    ("我哪句话护着他了？", "rhetorical"),
    # the taunt is sarcasm before the order in the same breath (下回注意点)
    ("哟，您也知道自己不对啊，下回注意点。", "sarcastic"),
    # "you tell me which word" demands proof: interrogating stays first (000 质问语气)
    ("您说清楚，我哪句话对您凶了？凭什么这么说？", "interrogating"),
    # 下次看清楚…再打 is the order trainers name (cm.stop), not the lecture
    ("下次看清楚号码再打。", "commanding"),
    ("你等着别挂，我去问问。", "commanding"),
    ("抢修师傅就这么几个，您只能等等。", "shirking"),
    # the refund promised on the agent's word is the situation's fault before any tone
    ("好的，我直接帮您把这三个月的费用退了，保证这周就到账。", "off_protocol"),
]

test_the_main_fault_is_named_first = main_fault_test(FIRST)
