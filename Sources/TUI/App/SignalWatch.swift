#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The signal that asked the viewer to stop (SIGINT, SIGTERM, SIGHUP when an SSH link drops),
/// or 0. Set by the handler, read by the run loop, which then saves and restores the terminal:
/// nothing but this store happens inside the handler.
nonisolated(unsafe) private var receivedStopSignal: sig_atomic_t = 0
/// Set by SIGCONT after Ctrl-Z: the screen must be repainted.
nonisolated(unsafe) private var receivedContinue: sig_atomic_t = 0

enum SignalWatch {
    static let stopSignals: [Int32] = [SIGINT, SIGTERM, SIGHUP, SIGQUIT]

    static func install() {
        for signal in stopSignals {
            var action = sigaction()
            action.__sigaction_handler.sa_handler = { number in receivedStopSignal = number }
            sigemptyset(&action.sa_mask)
            action.sa_flags = 0
            sigaction(signal, &action, nil)
        }
        var cont = sigaction()
        cont.__sigaction_handler.sa_handler = { _ in receivedContinue = 1 }
        sigemptyset(&cont.sa_mask)
        cont.sa_flags = SA_RESTART
        sigaction(SIGCONT, &cont, nil)
        // Writing to a terminal that has gone away must not kill the process before it saves.
        signal(SIGPIPE, SIG_IGN)
        // A parent may have left these blocked (test runners, some job launchers).
        var unblock = sigset_t()
        sigemptyset(&unblock)
        for signal in stopSignals + [SIGCONT, SIGWINCH] { sigaddset(&unblock, signal) }
        sigprocmask(SIG_UNBLOCK, &unblock, nil)
    }

    /// The stop signal received so far, or nil.
    static var stopSignal: Int32? { receivedStopSignal == 0 ? nil : receivedStopSignal }

    static func takeContinue() -> Bool {
        guard receivedContinue != 0 else { return false }
        receivedContinue = 0
        return true
    }
}
