#pragma once

namespace callgate::store {

// A queue's day, as a supervisor reads it: of the calls that began since a time, how many the AI
// handled alone, a person answered, were transferred, or were abandoned (the caller asked for a
// person and was never answered by one: they left, or no one was free); and of the callers who
// asked for a person, how many a supervisor took within the service-level time.
struct QueueFigures {
    int calls = 0;
    int byAi = 0;
    int byPerson = 0;
    int transferred = 0;
    int abandoned = 0;
    int askedForPerson = 0; // answered, transferred or abandoned: no longer waiting
    int answeredInTime = 0;
};

} // namespace callgate::store
