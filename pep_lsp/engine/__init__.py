"""Running the rules: checking, suppression, the safe-fix policy, lifecycle checks, URL checks."""
