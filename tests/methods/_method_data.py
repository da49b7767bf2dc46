"""Objectives and weights of the five-supplier problem shared by the method tests."""

OBJECTIVES = {
    "day_rate": "min",
    "quality": "max",
    "on_time": "max",
    "escalations": "min",
    "ai_engineers": "max",
}
WEIGHTS = {
    "day_rate": 0.32,
    "quality": 0.23,
    "on_time": 0.21,
    "escalations": 0.14,
    "ai_engineers": 0.1,
}
