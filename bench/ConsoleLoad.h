#pragma once
// Remote consoles for the load generator: each is the console's own link to a gateway
// (RemoteGateway, with an operator account's token), receiving every call's updates and listening
// to one call, its audio drained every 20 ms as a headset's mixer would. Lives on its own thread.

#include <QObject>
#include <QTimer>
#include <QUrl>

#include <memory>
#include <vector>

namespace callgate {
class RemoteGateway;
namespace audio {
class CallAudioTap;
}
} // namespace callgate

class ConsoleLoad : public QObject {
public:
    ConsoleLoad(const QUrl &url, const QByteArray &token, int consoles);
    ~ConsoleLoad() override;

    int attached() const;
    int listening() const { return int(m_taps.size()); }
    quint64 bytesIn() const;

private:
    void tick();

    std::vector<std::unique_ptr<callgate::RemoteGateway>> m_links;
    std::vector<std::shared_ptr<callgate::audio::CallAudioTap>> m_taps;
    std::vector<bool> m_listening; // by console
    QTimer m_timer;
};
