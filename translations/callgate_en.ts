<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en">
<context>
    <name>callgate::ClosingDialog</name>
    <message numerus="yes">
        <source>Ending %n call(s)…</source>
        <translation>
            <numerusform>Ending %n call…</numerusform>
            <numerusform>Ending %n calls…</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n call(s) still live — the rest are ended in %1</source>
        <translation>
            <numerusform>%n call still live — the rest are ended in %1</numerusform>
            <numerusform>%n calls still live — the rest are ended in %1</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>callgate::ConsoleWindow</name>
    <message numerus="yes">
        <source>Callgate — %n waiting for an agent</source>
        <translation>
            <numerusform>Callgate — %n waiting for an agent</numerusform>
            <numerusform>Callgate — %n waiting for an agent</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>End the %n live call(s) now?</source>
        <translation>
            <numerusform>End the %n live call now?</numerusform>
            <numerusform>End the %n live calls now?</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n caller(s) wait for an agent.</source>
        <translation>
            <numerusform>%n caller waits for an agent.</numerusform>
            <numerusform>%n callers wait for an agent.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>New callers hear that the line is busy; the live calls may go on for up to %n second(s), then they are ended.</source>
        <translation>
            <numerusform>New callers hear that the line is busy; the live calls may go on for up to %n second, then they are ended.</numerusform>
            <numerusform>New callers hear that the line is busy; the live calls may go on for up to %n seconds, then they are ended.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Close Callgate with %n live call(s)?</source>
        <translation>
            <numerusform>Close Callgate with %n live call?</numerusform>
            <numerusform>Close Callgate with %n live calls?</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>callgate::HistoryView</name>
    <message numerus="yes">
        <source>%n call(s)</source>
        <translation>
            <numerusform>%n call</numerusform>
            <numerusform>%n calls</numerusform>
        </translation>
    </message>
</context>
</TS>
