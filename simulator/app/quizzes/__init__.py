"""Quizzes and the self-assessment: knowledge practice with feedback from the seeds."""
