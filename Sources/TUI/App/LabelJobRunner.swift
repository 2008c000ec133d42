import Foundation

/// Runs label jobs on threads of their own, posting progress (at most ten times a second) and
/// the result to the mailbox.
final class LabelJobRunner: @unchecked Sendable {
    private let mailbox: Mailbox

    init(mailbox: Mailbox) { self.mailbox = mailbox }

    func start(_ job: LabelJob) {
        let mailbox = self.mailbox
        let thread = Thread {
            var last = Date.distantPast
            let outcome = job.run { voxels in
                if Date().timeIntervalSince(last) >= 0.1 {
                    last = Date()
                    mailbox.post(.labelJobProgress(voxels: voxels, generation: job.generation))
                }
                return true
            }
            mailbox.post(.labelJobFinished(LabelJobResult(kind: job.kind, outcome: outcome, generation: job.generation,
                                                          revision: job.revision)))
        }
        thread.name = "slicemark-label-job"
        thread.start()
    }
}
