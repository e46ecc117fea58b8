import pytest
from tomoni.governance.tests.voice_helpers import held_meeting
pytestmark = pytest.mark.django_db
def test_it(world):
    m, motion = held_meeting(world)
    print(motion.passed, motion.for_count, motion.present_count, motion.threshold_text)
