// Stop and checkpoint requests by signal (only when a job checkpoints): SIGTERM and SIGUSR1 ask
// the job to write a checkpoint at the next step boundary and stop (exit code kExitInterrupted);
// SIGUSR2 asks for a checkpoint and the job continues. The handler only stores the request (it
// is async-signal-safe) and restores the default action, so a second signal ends the process.
#pragma once

namespace nexus::jobs {

enum class SignalRequest { kNone = 0, kCheckpoint = 1, kStop = 2 };

// Installs the handlers for SIGTERM, SIGUSR1 and SIGUSR2 (idempotent).
void install_stop_signals();
// The strongest request received so far on this rank; `clear_checkpoint_request` forgets a
// SIGUSR2 request once it was served.
SignalRequest pending_signal_request();
void clear_checkpoint_request();
// The number of the last signal received (0 if none), for messages.
int last_signal();

}  // namespace nexus::jobs
