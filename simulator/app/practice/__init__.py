"""Practice: home (scenarios, microphone check), the call, its feedback and summary, history."""
