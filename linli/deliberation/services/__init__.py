"""Every write of the deliberation app: topics (topics.py), action items and 督办 (items.py), meetings
(meetings.py). Keyword-only, take ``actor``, check the policy, atomic, and write an event or log row."""
