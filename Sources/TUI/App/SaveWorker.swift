import Annotations
import Foundation

/// The saving thread: writes sidecars off the input thread and answers through the mailbox.
///
/// Saves of one sidecar coalesce: a request waits `gather` seconds for newer ones, and the
/// newest document (which contains every earlier edit) is written once with all their audit
/// events. So a burst of edits is a few writes, and a kill loses at most about `gather` plus one
/// write of work. Polls for other sessions' saves run on the same thread, so they never race a
/// save of ours. `flush()` writes everything queued at once and returns when it is on disk.
final class SaveWorker: @unchecked Sendable {
    private enum Job {
        case save(SaveRequest)
        case poll(PollRequest)
    }

    private let mailbox: Mailbox
    private let gather: TimeInterval
    private let condition = NSCondition()
    private var queue: [(job: Job, due: Date)] = []
    private var busy = false
    private var flushing = false
    private var started = false
    /// The sidecar as this thread last wrote it, per path: a save after it need not read the
    /// file again when nobody else has written it since.
    private var written: [String: SidecarSnapshot] = [:]
    /// The SHA-256 of the label map last written for each segmentation record: every document
    /// saved after it names that hash, whatever the reducer's copy says.
    private var labelMapHashes: [UUID: String] = [:]

    init(mailbox: Mailbox, gather: TimeInterval = 0.2) {
        self.mailbox = mailbox
        self.gather = gather
    }

    func submit(_ request: SaveRequest) {
        condition.lock()
        if let index = queue.firstIndex(where: { if case .save(let r) = $0.job { r.store.sidecarPath == request.store.sidecarPath } else { false } }),
           case .save(let queued) = queue[index].job {
            var merged = request
            merged.audit = queued.audit + request.audit
            merged.labelMap = request.labelMap ?? queued.labelMap
            queue[index].job = .save(merged)
        } else {
            queue.append((.save(request), Date().addingTimeInterval(gather)))
        }
        startIfNeeded()
        condition.broadcast()
        condition.unlock()
    }

    func poll(_ request: PollRequest) {
        condition.lock()
        if !busy, queue.isEmpty {
            queue.append((.poll(request), Date()))
            startIfNeeded()
            condition.broadcast()
        }
        condition.unlock()
    }

    /// Writes everything queued now and waits until it is done.
    func flush() {
        condition.lock()
        flushing = true
        condition.broadcast()
        while busy || !queue.isEmpty { condition.wait() }
        flushing = false
        condition.unlock()
    }

    private func startIfNeeded() {
        guard !started else { return }
        started = true
        let thread = Thread { [self] in run() }
        thread.name = "slicemark-save"
        thread.start()
    }

    private func run() {
        while true {
            condition.lock()
            while queue.isEmpty { condition.wait() }
            while !flushing, let due = queue.first?.due, due > Date() { _ = condition.wait(until: due) }
            let job = queue.removeFirst().job
            busy = true
            condition.unlock()
            perform(job)
            condition.lock()
            busy = false
            condition.broadcast()
            condition.unlock()
        }
    }

    private func perform(_ job: Job) {
        switch job {
        case .save(let request):
            let path = request.store.sidecarPath
            do {
                var document = request.document
                var hashes = labelMapHashes
                var companions: [AnnotationStore.CompanionFile] = []
                if let labelMap = request.labelMap {
                    let encoded = try LabelMapFiles.encode(labelMap)
                    companions = encoded.files
                    hashes[labelMap.recordID] = encoded.sha256
                }
                for (id, sha) in hashes { document = document.withLabelMapHash(sha, of: id) }
                // The audit lines of the strokes name the hash of the label map they went into.
                let audit = request.audit.map { event -> AuditEvent in
                    guard let sha = hashes[event.id], case .object(var after)? = event.after else { return event }
                    var e = event
                    after["sha256"] = .string(sha)
                    e.after = .object(after)
                    return e
                }
                let snapshot = try request.store.save(document, audit: audit, after: written[path], companions: companions)
                labelMapHashes = hashes
                written[path] = snapshot
                mailbox.post(.saved(SaveResult(snapshot: snapshot, generation: request.generation, sequence: request.sequence)))
            } catch {
                written[path] = nil
                mailbox.post(.saveFailed(SaveFailure(reason: "\(error)", audit: request.audit,
                                                     generation: request.generation, sequence: request.sequence)))
            }
        case .poll(let request):
            guard request.store.hasChanged(since: request.seen) else { return }
            do {
                mailbox.post(.externalChange(try request.store.load(), generation: request.generation))
            } catch {
                mailbox.post(.saveFailed(SaveFailure(reason: "\(error)", audit: [], generation: -1, sequence: 0)))
            }
        }
    }
}
