"""Results and certificates: a candidate's own sealed results (``grading.my_outcomes``) and
their certificate (``certificates.mine``); for a proctor or admin every result
(``grading.results``) with per-topic scores and the oral items' transcripts and violations,
a person's documented second rating of an oral item (``grading.rate_oral``: both ratings kept),
issuing a passed result's certificate (``certificates.issue``: renders the PDF with Qt, so the
model lane keeps the db lane free). Saving a certificate's PDF (``export_pdf``) and verifying a
certificate by file or code (``verify_file`` / ``verify_code``, offline) work for everyone."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from PySide6.QtCore import QObject

from simulator.app.exams.controllers.refusals import show_refusal
from simulator.app.i18n import local_time, message, pick, tr

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ResultRow:
    attempt_id: str
    candidate: str
    exam_title: str
    ended_at: str | None
    total: int
    passed: bool
    result: object = None  # ExamResultView (staff only)


def _reason(reason: str | None) -> str:
    """How the attempt ended, in words (a proctor's termination reason as they wrote it)."""
    if reason in ("submitted", "time_up", "abandoned"):
        return tr(f"results.reason_{reason}")
    return tr("results.reason_terminated", reason=reason) if reason else "—"


def detail_lines(view, titles: dict) -> list[str]:
    """An ``ExamResultView`` worded for the page."""
    score = view.effective
    lines = [
        tr("results.summary", total=score.total, mark=score.pass_mark,
           written="—" if score.written is None else score.written,
           oral="—" if score.oral is None else score.oral),
        tr("results.end", reason=_reason(view.end_reason), extra=round(view.extra_ms / 60000, 1)),
        "",
        tr("results.per_topic"),
    ]  # fmt: skip
    for topic, t in score.per_topic.items():
        lines.append(f"  {titles.get(topic, topic)}: {t.get('correct', 0)}/{t.get('total', 0)}"
                     f" · {t.get('score', 0)}")  # fmt: skip
    oral = [i for i in score.items if i.part == "oral"]
    if oral:
        lines += ["", tr("results.oral")]
    for item in oral:
        lines.append(tr("results.oral_item", n=item.index + 1, item=item.key, score=item.score))
        lines.append("    " + tr("results.heard", text=item.transcript or "—"))
        if item.recording:
            lines.append("    " + tr("results.recording", path=item.recording))
        for v in item.violations:
            lines.append("    " + tr("results.violation", text=v.get("text", ""),
                                     category=v.get("category", "")))  # fmt: skip
    for r in view.ratings:
        lines.append(tr("rerate.line", n=r.item + 1, score=r.score, rater=r.rater_name,
                        at=local_time(r.at), reason=r.reason,
                        passed=tr("results.passed") if r.passed else tr("results.failed")))  # fmt: skip
    for a in view.adjustments:
        lines.append(tr("results.adjustment", minutes=round(a.delta_ms / 60000, 1),
                        reason=a.reason))  # fmt: skip
    return lines


class ResultsController(QObject):
    def __init__(self, ctx, window, parent: QObject | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.window = window
        self.view = None

    def show(self) -> None:
        if self.view is None:
            from simulator.app.exams.views.results import ResultsView

            self.view = v = ResultsView()
            self.window.add_page("results", v)
            v.picked.connect(self.pick)
            v.issue.connect(self.issue)
            v.save_pdf.connect(self.save_pdf)
            v.verify_code.connect(self.verify_code)
            v.verify_file.connect(self.verify_file)
            v.rerate.connect(self.rerate)
        self.window.show_page("results")
        self.refresh()

    @property
    def staff(self) -> bool:
        return self.ctx.session.may("exam.results")

    def forget(self) -> None:
        if self.view is not None:
            self.view.set_results([], False)
            self.view.show_detail([])
            self.view.show_certificate(None, False)
            self.view.show_status("info", "")

    def refresh(self, then=None) -> None:
        """Reload the results; ``then()`` once they are on the page."""
        services, who, staff = self.ctx.services, self.ctx.session, self.staff

        def load():
            titles = {e.id: pick(e.title, e.title_en) for e in services.exams.definitions()}
            if staff:
                return [
                    ResultRow(r.attempt_id, r.candidate_name or r.candidate_username,
                              titles.get(r.exam_id, r.exam_title), r.ended_at,
                              r.effective.total, r.effective.passed, r)
                    for r in services.grading.results(who)
                ]  # fmt: skip
            name = who.display_name or who.username
            return [
                ResultRow(o["attempt_id"], name, titles.get(o["exam_id"], o["exam_title"]),
                          o["ended_at"], o["total"], o["passed"])
                for o in services.grading.my_outcomes(who)
            ]  # fmt: skip

        self.ctx.runner.run(
            "db", load, lambda rows: self._loaded(rows, staff, then), self._refused,
            name="exam_results",
        )  # fmt: skip

    def _loaded(self, rows: list, staff: bool, then) -> None:
        self.view.set_results(rows, staff)
        if then is not None:
            then()

    def _refused(self, exc: BaseException) -> None:
        show_refusal(self.view, exc, "results page", log)

    def _row(self, attempt_id: str) -> ResultRow | None:
        return next((r for r in self.view.rows if r.attempt_id == attempt_id), None)

    def pick(self, attempt_id: str) -> None:
        row = self._row(attempt_id)
        if row is None:
            return
        if row.result is not None:
            from simulator.core.quiz_bank import TOPIC_TITLES

            titles = {k: pick(*v) for k, v in TOPIC_TITLES.items()}
            self.view.show_detail(detail_lines(row.result, titles))
            oral = [i for i in row.result.sealed.items if i.part == "oral"]
            may = self.ctx.session.may("exam.rerate")
            self.view.offer_rating(
                [(i.index, tr("rerate.item", n=i.index + 1, score=i.score)) for i in oral]
                if may and self.ctx.session.user_id != row.result.candidate_id
                else []
            )
        else:
            self.view.show_detail([tr("results.own_detail", total=row.total)])
            self.view.offer_rating([])
        self.load_certificate(attempt_id)

    def load_certificate(self, attempt_id: str) -> None:
        certs, who, staff = self.ctx.services.certificates, self.ctx.session, self.staff
        row = self._row(attempt_id)
        can_issue = bool(row and row.passed and who.may("certificate.issue"))

        def load():
            cert = certs.certificate(who, attempt_id) if staff else certs.mine(who, attempt_id)
            return cert, _qr(cert)

        self.ctx.runner.run(
            "db", load, lambda out: self.view.show_certificate(out[0], can_issue, out[1]),
            self._refused, name="certificate",
        )  # fmt: skip

    def issue(self, attempt_id: str) -> None:
        certs, who = self.ctx.services.certificates, self.ctx.session

        def issued(cert) -> None:
            self.view.show_status("ok", tr("cert.issued", number=cert.number))
            self.view.show_certificate(cert, False, _qr(cert))

        self.ctx.runner.run(
            "model", lambda: certs.issue(who, attempt_id), issued, self._refused,
            name="certificate_issue",
        )  # fmt: skip

    def rerate(self, attempt_id: str, item: int, score: int, passed: bool, reason: str) -> None:
        grading, who = self.ctx.services.grading, self.ctx.session

        def rated(_view) -> None:
            self.view.show_status("ok", tr("rerate.saved", n=item + 1))
            self.refresh(then=lambda: self.pick(attempt_id))  # the detail shows both ratings

        self.ctx.runner.run(
            "db", lambda: grading.rate_oral(who, attempt_id, item, score, passed, reason),
            rated, self._refused, name="exam_rerate",
        )  # fmt: skip

    def save_pdf(self, attempt_id: str, path: str) -> None:
        certs, who = self.ctx.services.certificates, self.ctx.session
        self.ctx.runner.run(
            "db", lambda: certs.export_pdf(who, attempt_id, path),
            lambda dest: self.view.show_status("ok", tr("cert.saved", path=str(dest))),
            self._refused, name="certificate_pdf",
        )  # fmt: skip

    def _verdict(self, v) -> None:
        if v.genuine and v.facts is not None:
            f = v.facts
            self.view.show_verdict(True, tr(
                "cert.genuine", number=f.number, candidate=f.candidate, exam=f.exam_title,
                date=f.date, score=f.score,
                passed=tr("results.passed") if f.passed else tr("results.failed"),
            ))  # fmt: skip
        else:
            self.view.show_verdict(False, tr("cert.not_genuine", problem=message(v.problem)))

    def _verify_failed(self, exc: BaseException) -> None:
        log.error("verifying a certificate failed: %s", exc)
        self.view.show_verdict(False, tr("cert.not_genuine", problem=message(str(exc))))

    def verify_code(self, text: str) -> None:
        certs = self.ctx.services.certificates
        self.ctx.runner.run(
            "db", lambda: certs.verify_code(text), self._verdict, self._verify_failed,
            name="verify_code",
        )  # fmt: skip

    def verify_file(self, path: str) -> None:
        from pathlib import Path

        certs = self.ctx.services.certificates
        self.ctx.runner.run(
            "db", lambda: certs.verify_file(Path(path)), self._verdict, self._verify_failed,
            name="verify_file",
        )  # fmt: skip


def _qr(cert) -> list | None:
    if cert is None or not cert.qr_text:
        return None
    from simulator.services.certificate_pdf import qr_matrix

    return qr_matrix(cert.qr_text)
