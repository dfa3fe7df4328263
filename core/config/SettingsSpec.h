#pragma once
// The one list of every setting: name, type, default and the text that --help and the README
// table show. Config.cpp turns the resolved strings into typed values.

#include <QLatin1StringView>
#include <QList>
#include <QString>

namespace callgate {

enum class SettingType { String, Secret, Int, Bool, Url, Choice };

struct SettingSpec {
    const char *key; // environment / .env name, e.g. "PUBLIC_URL"
    SettingType type;
    const char *defaultValue; // "" = no default
    const char *help;         // one sentence for --help and the README
    const char *choices = ""; // for Choice: "a|b|c"; for Int: "min..max"
};

const QList<SettingSpec> &settingSpecs();
const SettingSpec *findSetting(QLatin1StringView key);

// "--public-url" for "PUBLIC_URL".
QString optionNameFor(const char *key);

// The README's settings table, generated from the list (a test keeps README and code in step).
QString settingsMarkdownTable();

} // namespace callgate
