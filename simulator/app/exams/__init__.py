"""Certification exams in the app: the candidate's list and full-screen proctored exam, the
proctor's page, results and certificates (calling ``services.exams``, ``grading``,
``certificates`` and ``pins`` only)."""
