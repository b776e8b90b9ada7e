"""Quiz practice: the topics and the trainee's review queue are read on the db lane; a quiz is
drawn by ``services.quizzes.start`` (or ``start_review`` for the due questions); each answer
goes to ``services.quizzes.answer``, which grades it, keeps it and puts a miss in the FSRS
review queue. A typed rewrite is graded by the grader, so it runs on the model lane (the lane
that owns the grader; the store takes its write under its own lock). A "say it" question (and a
rewrite said instead of typed) is recorded and transcribed by ``quiz_voice.VoiceAnswer``. Every
failure is shown on the page in the service's words and logged."""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, Signal

from simulator.app.context import AppContext
from simulator.app.quizzes.controllers.quiz_voice import VoiceAnswer, caller_line
from simulator.core.quiz_grading import AnswerError
from simulator.services.session import PermissionDenied

log = logging.getLogger(__name__)

# Every type is practised here: "say" by voice, or typed when recording cannot work.
TYPED = ["single", "multiple", "true_false", "order", "rewrite", "say"]


def english_prompt(services, question_id: str) -> str | None:
    try:
        return services.resources.banks.question(question_id).prompt_en
    except Exception:  # a drill, or a question no longer in the banks
        return None


def missed_rows(services, who) -> list | None:
    """For staff: the questions missed again and again, worded for the page (None for a
    trainee, whose page does not show them)."""
    if not who.may("team.dashboard"):
        return None
    rows = []
    for m in services.quizzes.missed_questions(who):
        try:
            q = services.resources.banks.question(m.question_id)
            prompt, prompt_en = q.prompt, q.prompt_en
        except Exception:  # a question no longer in the banks: listed by its id
            prompt = prompt_en = m.question_id
        rows.append((prompt, prompt_en, m.misses, m.trainees))
    return rows


class QuizController(QObject):
    problem = Signal(str, str)  # string id, cause: for the error banner

    def __init__(self, ctx: AppContext, window, parent: QObject | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.window = window
        self.view = None
        self.run = None  # services.quizzes.QuizRun
        self.index = 0
        self.right = 0
        self.missed = 0
        self.waiting = False  # an answer is being graded
        self.run_owner: str | None = None  # whose quiz ``run`` is
        self.voice = VoiceAnswer(ctx, self)

    def show(self) -> None:
        if self.view is None:
            self.view = self.window.ensure_page("quiz")
            self.view.start_quiz.connect(self.start)
            self.view.start_review.connect(self.start_review)
            self.view.answer.connect(self.answer)
            self.view.record.connect(self.voice.record)
            self.view.stop_record.connect(self.voice.stop)
            self.view.next_question.connect(self.next)
            self.view.back.connect(self.back)
        self.window.show_page("quiz")
        if self.run is None or self.run_owner != self.ctx.session.user_id:
            self.run = None
            self.view.show_setup()
        self.refresh()

    def leave(self) -> None:
        """Another page opens: a take in progress is dropped (the question offers it again)."""
        if self.voice.token is not None:
            self.voice.cancel()
            self.voice.offer()

    def forget(self) -> None:
        """Someone signed out: their quiz and queue leave the page."""
        self.voice.cancel()
        self.run = None
        if self.view is not None:
            self.view.show_setup()
            self.view.set_queue([], [])
            self.view.set_missed(None)

    def refresh(self) -> None:
        """The topics with their question counts, and the trainee's review queue."""
        services, who = self.ctx.services, self.ctx.session

        def load():
            from simulator.core.quiz_bank import TOPIC_TITLES

            counts = services.resources.banks.topic_counts()
            typed = {
                t: len([q for q in services.resources.banks.by_topic(t) if q.type in TYPED])
                for t in counts
            }
            topics = [(t, *TOPIC_TITLES[t], typed[t]) for t in counts if typed[t]]
            due, queue = services.review.due(who, limit=200), services.review.queue(who)
            english = {d.item: english_prompt(services, d.item) for d in queue}
            return topics, (due, queue, english), missed_rows(services, who)

        def loaded(out) -> None:
            topics, queue, missed = out
            self.view.set_topics(topics)
            self.view.set_queue(*queue)
            self.view.set_missed(missed)

        self.ctx.runner.run("db", load, loaded, self._read_failed, name="quiz_topics")

    def _read_failed(self, exc: BaseException) -> None:
        msg = str(exc) or type(exc).__name__
        log.error("reading the quizzes failed: %s", msg)
        self.problem.emit("quiz.load_failed", msg)

    def _refused(self, exc: BaseException) -> None:
        msg = str(exc) or type(exc).__name__
        if not isinstance(exc, AnswerError | PermissionDenied):
            log.error("quiz: %s", msg)
        self.waiting = False
        self.view.show_error(msg)

    # ------------------------------------------------------------------ a quiz
    def start(self, topics: list, count: int) -> None:
        quizzes, who = self.ctx.services.quizzes, self.ctx.session
        self.ctx.runner.run(
            "db",
            lambda: quizzes.start(who, list(topics), count, types=TYPED),
            self._started,
            self._refused,
            name="start_quiz",
        )

    def start_review(self) -> None:
        quizzes, who = self.ctx.services.quizzes, self.ctx.session

        def started(run) -> None:
            if run is None:  # nothing due any more
                self.refresh()
                return
            self._started(run)

        self.ctx.runner.run(
            "db", lambda: quizzes.start_review(who), started, self._refused, name="start_review"
        )

    def _started(self, run) -> None:
        self.run, self.run_owner = run, self.ctx.session.user_id
        self.index = self.right = self.missed = 0
        self._show()

    def _show(self) -> None:
        item = self.run.items[self.index]
        caller = caller_line(self.ctx, item)
        self.view.show_question(item, self.index + 1, len(self.run.items), caller=caller)
        if item.type in ("rewrite", "say"):
            self.voice.offer()

    def show_feedback(self, fb, heard: str | None = None) -> None:
        """An answer was graded: count it and show why."""
        if fb.correct:
            self.right += 1
        else:
            self.missed += 1
        self.view.show_feedback(fb, self.index + 1 >= len(self.run.items), heard)

    def answer(self, value) -> None:
        if self.run is None or self.waiting or self.voice.token is not None:
            return
        quizzes, who = self.ctx.services.quizzes, self.ctx.session
        run, item = self.run, self.run.items[self.index]
        lane = "model" if item.type in ("rewrite", "say") else "db"
        if lane == "model":
            self.view.show_grading()
        self.waiting = True

        def graded(fb) -> None:
            self.waiting = False
            if run is not self.run:  # the trainee left this quiz meanwhile
                return
            self.show_feedback(fb)

        self.ctx.runner.run(
            lane,
            lambda: quizzes.answer(who, run.quiz_id, item.index, value),
            graded,
            self._refused,
            name="quiz_answer",
        )

    def next(self) -> None:
        if self.run is None or self.waiting:
            return
        self.voice.cancel()  # a "say" question skipped while recording
        if self.index + 1 < len(self.run.items):
            self.index += 1
            self._show()
            return
        self.view.show_done(self.right, len(self.run.items), self.missed)
        self.refresh()

    def back(self) -> None:
        self.voice.cancel()
        self.run = None
        self.view.show_setup()
        self.refresh()
