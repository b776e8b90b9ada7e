"""Controllers: home, a practice call (its turns, saving, hands-free moving on), history."""
