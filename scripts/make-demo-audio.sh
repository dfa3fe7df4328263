#!/usr/bin/env bash
# Makes the demo's speech clips in resources/audio/ (μ-law, 8 kHz, mono) with espeak-ng and sox.
# Run once; the clips are committed. The texts must match core/sim/ClipLibrary.cpp.
set -euo pipefail
cd "$(dirname "$0")/../resources/audio"
gen() { espeak-ng -v "$3" -s 165 -w /tmp/callgate-clip.wav "$2" && sox /tmp/callgate-clip.wav -r 8000 -c 1 -t raw -e mu-law "$1.ulaw"; }
gen caller_order "Hi, I would like to check the status of my order." en-us
gen caller_number "Yes, the order number is four five six seven." en-us
gen caller_more "Sorry, wait, can I ask one more thing?" en-us
gen caller_bye "Thanks, that is all. Goodbye." en-us
gen caller_agent "Can I talk to a real person, please?" en-us
gen assistant_greeting "Hello, thanks for calling. How can I help you today?" en-us+f3
gen assistant_order "Sure, I can help with that. What is your order number?" en-us+f3
gen assistant_status "Thank you. Your order shipped yesterday and should arrive tomorrow before noon. Is there anything else I can do for you?" en-us+f3
gen assistant_more "Of course, go ahead." en-us+f3
gen assistant_bye "You are welcome. Goodbye!" en-us+f3
gen assistant_agent "I am connecting you to a member of our team. Please stay on the line." en-us+f3
