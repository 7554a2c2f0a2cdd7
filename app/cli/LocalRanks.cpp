#include "LocalRanks.h"

#include "Command.h"

#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <optional>
#include <thread>
#include <vector>

namespace dwb::cli {
namespace {

// A port the kernel says is free now (MASTER_PORT, when set, wins).
int freePort()
{
    if (const char* port = std::getenv("MASTER_PORT"); port && *port)
        return std::atoi(port);
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0)
        return 29500;
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = 0;
    socklen_t length = sizeof address;
    int port = 29500;
    if (::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0 &&
        ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) == 0)
        port = ntohs(address.sin_port);
    ::close(fd);
    return port;
}

std::vector<std::string> withoutNproc(std::span<const std::string> args)
{
    std::vector<std::string> kept;
    for (std::size_t i = 0; i < args.size(); ++i) {
        if (args[i] == "--nproc") {
            ++i;
            continue;
        }
        if (args[i].rfind("--nproc=", 0) == 0)
            continue;
        kept.push_back(args[i]);
    }
    return kept;
}

std::vector<pid_t> g_children;

// Running ranks; an entry becomes 0 once reaped, so that no signal reaches a reused pid.
extern "C" void forwardSignal(int signal)
{
    for (const pid_t child : g_children)
        if (child > 0)
            ::kill(child, signal);
}

int exitStatusOf(int status)
{
    if (WIFEXITED(status))
        return WEXITSTATUS(status);
    return 128 + WTERMSIG(status);
}

// Waits for every rank; returns rank 0's exit status, or the first failure's.
int waitForRanks()
{
    const pid_t rankZero = g_children.empty() ? -1 : g_children.front();
    int result = -1;
    int firstFailure = 0;
    // A rank that fails before the others have met (a bad file on one machine's disk) would
    // leave them waiting for it at the rendezvous: once one has failed, the others get a grace
    // period to end by themselves (a lost rank is noticed within a batch), then are killed.
    constexpr auto kGrace = std::chrono::seconds(10);
    std::optional<std::chrono::steady_clock::time_point> failedAt;
    std::size_t running = g_children.size();
    while (running > 0) {
        int status = 0;
        const pid_t done = ::waitpid(-1, &status, WNOHANG);
        if (done < 0)
            break;
        if (done == 0) {
            if (failedAt && std::chrono::steady_clock::now() - *failedAt > kGrace)
                forwardSignal(SIGKILL);
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
            continue;
        }
        --running;
        std::replace(g_children.begin(), g_children.end(), done, pid_t{0});
        const int code = exitStatusOf(status);
        if (code != 0 && !failedAt)
            failedAt = std::chrono::steady_clock::now();
        if (done == rankZero)
            result = code;
        else if (code != 0 && firstFailure == 0)
            firstFailure = code;
    }
    if (result < 0)
        return firstFailure != 0 ? firstFailure : kExitError;
    return result != 0 ? result : firstFailure;
}

} // namespace

int runLocalRanks(std::span<const std::string> trainArgs, int ranks)
{
    const int port = freePort();
    std::vector<std::string> args{"dwb", "train"};
    for (std::string& arg : withoutNproc(trainArgs))
        args.push_back(std::move(arg));
    std::vector<char*> argv;
    for (std::string& arg : args)
        argv.push_back(arg.data());
    argv.push_back(nullptr);
    std::fflush(stdout);
    std::fflush(stderr);
    for (int rank = 0; rank < ranks; ++rank) {
        const pid_t child = ::fork();
        if (child < 0) {
            std::fprintf(stderr, "error: cannot start rank %d: %s\n", rank, std::strerror(errno));
            forwardSignal(SIGTERM);
            break;
        }
        if (child == 0) {
            ::setenv("RANK", std::to_string(rank).c_str(), 1);
            ::setenv("LOCAL_RANK", std::to_string(rank).c_str(), 1);
            ::setenv("WORLD_SIZE", std::to_string(ranks).c_str(), 1);
            ::setenv("LOCAL_WORLD_SIZE", std::to_string(ranks).c_str(), 1);
            ::setenv("MASTER_ADDR", "127.0.0.1", 1);
            ::setenv("MASTER_PORT", std::to_string(port).c_str(), 1);
            ::execv("/proc/self/exe", argv.data());
            std::fprintf(stderr, "error: cannot run rank %d: %s\n", rank, std::strerror(errno));
            ::_exit(kExitError);
        }
        g_children.push_back(child);
    }
    // Ctrl-C reaches the ranks through the terminal; a SIGTERM to this process is passed on.
    std::signal(SIGTERM, forwardSignal);
    std::signal(SIGINT, SIG_IGN);
    return waitForRanks();
}

} // namespace dwb::cli
