#pragma once
// Wires a console's link to the gateway in the same process: its commands go to the worker that
// holds the call, and what came of each (done, or why not) comes back to the link on its thread.

namespace callgate {

class Gateway;
class OperatorLink;

void connectLocalConsole(OperatorLink &link, Gateway &gateway);

} // namespace callgate
